package net.freedommessenger.westchat.e2e.servers;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts any server certificate: for tests against a community that runs with a self-signed or
 * stand-in certificate, where what is tested is the login or the message, not the certificate.
 */
public final class AnyCertificate implements X509TrustManager {

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
    // not a server
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {
    // any certificate, on purpose
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
