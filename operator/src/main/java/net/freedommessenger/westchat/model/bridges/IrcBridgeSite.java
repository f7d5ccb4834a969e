package net.freedommessenger.westchat.model.bridges;

/**
 * Where the Matrix-IRC bridge runs and what it connects to. The cluster and the interop tests
 * differ only here.
 *
 * @param homeserverUrl Synapse's client API as the bridge reaches it
 * @param bindAddress address the bridge's appservice listener binds to
 * @param port port of that listener (Synapse sends events there)
 * @param bridgeUrl the listener as Synapse reaches it (the registration's url)
 * @param ircHost the IRC server as the bridge reaches it
 * @param ircPort its plaintext port (bridge and IRC server talk inside the cluster)
 * @param databaseUrl PostgreSQL connection URL without the password, which comes from PGPASSWORD
 * @param secretsDir where the password encryption key is
 */
public record IrcBridgeSite(String homeserverUrl, String bindAddress, int port, String bridgeUrl, String ircHost,
    int ircPort, String databaseUrl, String secretsDir) {

  public static final int PORT = 8090;
}
