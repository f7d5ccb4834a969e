package net.freedommessenger.westchat.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.ergo.ErgoSite;
import net.freedommessenger.westchat.model.prosody.ProsodyObjects;
import net.freedommessenger.westchat.model.prosody.ProsodySite;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;

/**
 * Where the operator reaches a community's Ergo and Prosody to act as their admin: their Services
 * inside the cluster, other addresses in tests.
 */
public interface ChatServers {

  record Address(String host, int port) {}

  /** Ergo's plain IRC port, which is only reachable inside the cluster. */
  Address irc(WestchatCommunity community);

  /** Prosody's client port; the operator logs in with STARTTLS as an XMPP admin. */
  Address xmpp(WestchatCommunity community);

  /** The certificates Prosody's may be checked against; empty for the JVM's own trust store. */
  Optional<X509TrustManager> xmppTrust(WestchatCommunity community) throws IOException;

  /** The Services of the community, and the certificate from the Secret Prosody serves. */
  static ChatServers inCluster(KubernetesClient client) {
    return new ChatServers() {
      @Override
      public Address irc(WestchatCommunity community) {
        return new Address(ErgoObjects.name(community) + "." + community.getMetadata().getNamespace() + ".svc",
            ErgoSite.PLAIN_PORT);
      }

      @Override
      public Address xmpp(WestchatCommunity community) {
        return new Address(ProsodyObjects.xmppServiceName(community) + "." + community.getMetadata().getNamespace() + ".svc",
            ProsodySite.CLIENT_PORT);
      }

      @Override
      public Optional<X509TrustManager> xmppTrust(WestchatCommunity community) throws IOException {
        String name = XmppCertificate.secretName(community);
        Secret secret = client.secrets().inNamespace(community.getMetadata().getNamespace()).withName(name).get();
        if (secret == null || secret.getData() == null) {
          throw new IOException("the certificate Secret " + name + " Prosody serves does not exist yet");
        }
        StringBuilder pem = new StringBuilder();
        for (String key : new String[] {"ca.crt", "tls.crt"}) {
          String value = secret.getData().get(key);
          if (value != null) {
            pem.append(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)).append('\n');
          }
        }
        return Optional.of(trusting(pem.toString()));
      }
    };
  }

  /** Trusts exactly the certificates of a PEM text (a CA, or the server's own chain). */
  static X509TrustManager trusting(String pem) throws IOException {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        store.setCertificateEntry("trusted-" + index++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IOException("no X.509 trust manager in this JVM");
    } catch (GeneralSecurityException e) {
      throw new IOException("the certificate Prosody serves cannot be read: " + e.getMessage(), e);
    }
  }
}
