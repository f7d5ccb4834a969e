package net.freedommessenger.westchat.model.ergo;

/**
 * Where one Ergo runs: its listeners and the files it reads and writes. The cluster and the
 * interop tests differ only here, so both get their ircd.yaml from {@link IrcdConfig}.
 *
 * @param plainListener address of the plain-text listener, such as ":6667"
 * @param tlsListener address of the TLS listener, or null when no certificate is at hand
 * @param certificateFile PEM certificate chain of the TLS listener
 * @param keyFile PEM private key of the TLS listener
 * @param datastorePath Ergo's database file (accounts, channels), on persistent storage
 * @param motdPath the message-of-the-day file
 */
public record ErgoSite(String plainListener, String tlsListener, String certificateFile, String keyFile,
    String datastorePath, String motdPath) {

  public static final int PLAIN_PORT = 6667;
  public static final int TLS_PORT = 6697;

  /**
   * Inside the Ergo pod: every address, the config Secret at {@value ErgoObjects#CONFIG_DIR},
   * the certificate Secret at {@value ErgoObjects#TLS_DIR} (there is always one: the issuer's,
   * the user's or the operator's self-signed one) and the data volume at {@value ErgoObjects#DATA_DIR}.
   */
  public static ErgoSite inCluster() {
    return new ErgoSite(":" + PLAIN_PORT, ":" + TLS_PORT,
        ErgoObjects.TLS_DIR + "/tls.crt", ErgoObjects.TLS_DIR + "/tls.key",
        ErgoObjects.DATA_DIR + "/ircd.db", ErgoObjects.CONFIG_DIR + "/" + IrcdConfig.MOTD_FILE);
  }

  public boolean servesTls() {
    return tlsListener != null;
  }
}
