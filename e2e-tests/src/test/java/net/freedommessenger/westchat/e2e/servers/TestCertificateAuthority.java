package net.freedommessenger.westchat.e2e.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * A certificate authority of one test, made with the openssl command: a self-signed CA (EC P-256,
 * valid two days) and server certificates it signs for given DNS names, all as PEM files in one
 * folder. A server that must trust the test's servers is given {@link #certificate()} as its only
 * CA, so certificates are really verified, against this CA and the names.
 */
public final class TestCertificateAuthority {

  /** A server certificate and its private key, both PEM files. */
  public record Issued(Path certificate, Path key, List<String> dnsNames) {}

  private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);

  private final Path directory;
  private final Path certificate;
  private final Path key;

  private TestCertificateAuthority(Path directory, Path certificate, Path key) {
    this.directory = directory;
    this.certificate = certificate;
    this.key = key;
  }

  /** Makes the CA's key and certificate in the (new) folder. */
  public static TestCertificateAuthority create(Path directory, String commonName) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path certificate = directory.resolve("ca.crt");
    Path key = directory.resolve("ca.key");
    openssl(directory, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", key.toString(), "-out", certificate.toString(), "-days", "2", "-sha256",
        "-subj", "/CN=" + commonName,
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-addext", "subjectKeyIdentifier=hash");
    return new TestCertificateAuthority(directory, certificate, key);
  }

  /** The CA certificate (PEM): what a client of the test's servers trusts. */
  public Path certificate() {
    return certificate;
  }

  /** A server certificate for the names (the first is also its common name), signed by this CA. */
  public Issued issue(String fileName, List<String> dnsNames) {
    if (dnsNames.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one DNS name");
    }
    Path serverKey = directory.resolve(fileName + ".key");
    Path request = directory.resolve(fileName + ".csr");
    Path serverCertificate = directory.resolve(fileName + ".crt");
    Path extensions = directory.resolve(fileName + ".ext");
    try {
      Files.writeString(extensions, "[server]\n"
          + "basicConstraints = critical, CA:FALSE\n"
          + "keyUsage = critical, digitalSignature\n"
          + "extendedKeyUsage = serverAuth\n"
          + "subjectKeyIdentifier = hash\n"
          + "authorityKeyIdentifier = keyid\n"
          + "subjectAltName = " + dnsNames.stream().map(name -> "DNS:" + name).collect(Collectors.joining(", ")) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openssl(directory, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", serverKey.toString(), "-out", request.toString(), "-subj", "/CN=" + dnsNames.get(0));
    openssl(directory, "x509", "-req", "-in", request.toString(), "-CA", certificate.toString(), "-CAkey", key.toString(),
        "-set_serial", String.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
        "-days", "2", "-sha256", "-extfile", extensions.toString(), "-extensions", "server",
        "-out", serverCertificate.toString());
    return new Issued(serverCertificate, serverKey, List.copyOf(dnsNames));
  }

  private static void openssl(Path directory, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(arguments));
    try {
      ServerProcess.run("openssl", command, directory, Map.of(), false, OPENSSL_TIMEOUT);
    } catch (ServerStartException e) {
      throw new IllegalStateException("the test CA is made with the openssl command (Debian package openssl): "
          + e.getMessage(), e);
    }
  }
}
