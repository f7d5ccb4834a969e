package net.freedommessenger.westchat.model.secrets;

/**
 * A certificate and its private key, each PEM text, as the keys tls.crt and tls.key of a
 * kubernetes.io/tls Secret hold them.
 */
public record TlsKeyPair(String certificate, String privateKey) {

  /** Never the key: a record's default text would put it into any log line that prints the pair. */
  @Override
  public String toString() {
    return "TlsKeyPair[certificate, private key]";
  }
}
