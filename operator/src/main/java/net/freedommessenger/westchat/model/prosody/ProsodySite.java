package net.freedommessenger.westchat.model.prosody;

/**
 * Where one Prosody runs: the addresses and ports it listens on, the files it reads, and how it
 * finds other servers. The cluster and the interop tests differ only here, so both get their
 * prosody.cfg.lua from the same renderer.
 *
 * @param bindAddress address the client, server and HTTP ports bind to ("*" for every IPv4 address)
 * @param clientPort port for clients (c2s, STARTTLS)
 * @param serverPort port for other servers (s2s); unused when federation is off
 * @param componentPort port external components (Biboumi) connect to, on 127.0.0.1 only
 * @param httpPort plain HTTP port for file uploads, behind the Ingress in the cluster
 * @param configDir where prosody.cfg.lua and the operator's own Prosody modules are
 * @param dataDir Prosody's data: accounts, rooms, archives and shared files
 * @param certificateFile PEM certificate for every host Prosody serves
 * @param keyFile PEM private key of that certificate
 * @param uploadBaseUrl base URL clients upload to and download from, ending in a slash
 * @param trustedCertificates PEM file of the certificates that verify other servers; null for the system's
 * @param dnsServer DNS server that finds other servers, as address@port; null for the system's resolver
 */
public record ProsodySite(String bindAddress, int clientPort, int serverPort, int componentPort, int httpPort,
    String configDir, String dataDir, String certificateFile, String keyFile, String uploadBaseUrl,
    String trustedCertificates, String dnsServer) {

  public static final int CLIENT_PORT = 5222;
  public static final int SERVER_PORT = 5269;
  public static final int COMPONENT_PORT = 5347;
  public static final int HTTP_PORT = 5280;

  /** Inside the Prosody pod: ConfigMap, certificate Secret and data volume at fixed paths, the standard ports. */
  public static ProsodySite inCluster(String uploadBaseUrl) {
    return new ProsodySite("*", CLIENT_PORT, SERVER_PORT, COMPONENT_PORT, HTTP_PORT, ProsodyObjects.CONFIG_DIR,
        ProsodyObjects.DATA_DIR, ProsodyObjects.TLS_DIR + "/tls.crt", ProsodyObjects.TLS_DIR + "/tls.key", uploadBaseUrl,
        null, null);
  }
}
