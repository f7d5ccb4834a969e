package net.freedommessenger.westchat.e2e.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A self-signed certificate made in the test with the JDK's keytool (EC P-256, valid two days,
 * the given DNS names), written as PEM files for a server and trusted by a client through
 * {@link #trustManager()}.
 */
public final class TestCertificate {

  private final X509Certificate certificate;
  private final PrivateKey key;

  private TestCertificate(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  public static TestCertificate selfSigned(Path workDirectory, String... dnsNames) {
    Path keyStore = workDirectory.resolve("tls.p12");
    String password = SynapseOnPostgres.secret();
    StringBuilder san = new StringBuilder();
    for (String name : dnsNames) {
      san.append(san.isEmpty() ? "SAN=" : ",").append("dns:").append(name);
    }
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    ServerProcess.run("keytool", List.of(keytool.toString(), "-genkeypair", "-noprompt",
        "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password,
        "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=" + dnsNames[0], "-ext", san.toString()),
        workDirectory, Map.of(), false, Duration.ofMinutes(1));
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      TestCertificate made = new TestCertificate((X509Certificate) store.getCertificate("server"),
          (PrivateKey) store.getKey("server", password.toCharArray()));
      Files.delete(keyStore);
      return made;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the certificate and its PKCS#8 private key as PEM files. */
  public void writePem(Path certificateFile, Path keyFile) {
    try {
      Files.createDirectories(certificateFile.getParent());
      Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
      Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Trusts this certificate and nothing else. */
  public X509TrustManager trustManager() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("server", certificate);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return (X509TrustManager) factory.getTrustManagers()[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
