package net.freedommessenger.westchat.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The local cluster's keys and certificates, made with the openssl command in a folder of their
 * own: one certificate authority that signs the loopback serving certificate and every client
 * certificate (the API server trusts it as client CA), and the key pair that signs and verifies
 * ServiceAccount tokens. Keys are RSA 2048 in PKCS#8 PEM, which Go and fabric8 both read.
 */
final class ClusterCertificates {

  /** A certificate and its private key, both PEM files. */
  record Pair(Path cert, Path key) {
    String certPem() {
      return read(cert);
    }

    String keyPem() {
      return read(key);
    }
  }

  private static final int DAYS = 365;

  private final Path dir;
  private final Pair ca;
  private final Pair serving;
  private final Path serviceAccountKey;
  private final Path serviceAccountPublicKey;

  private ClusterCertificates(Path dir, Pair ca, Pair serving, Path serviceAccountKey, Path serviceAccountPublicKey) {
    this.dir = dir;
    this.ca = ca;
    this.serving = serving;
    this.serviceAccountKey = serviceAccountKey;
    this.serviceAccountPublicKey = serviceAccountPublicKey;
  }

  /**
   * Makes the CA, the loopback serving certificate and the ServiceAccount key pair in dir; the CA
   * and the key pair already there, if any, are kept.
   */
  static ClusterCertificates create(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Pair ca = new Pair(dir.resolve("ca.crt"), dir.resolve("ca.key"));
    Path saKey = dir.resolve("service-account.key");
    Path saPub = dir.resolve("service-account.pub");
    if (Files.isRegularFile(ca.cert()) && Files.isRegularFile(ca.key()) && Files.isRegularFile(saPub)) {
      // a cluster kept in a data folder starts again: its CA and ServiceAccount keys stay, so
      // kubeconfigs, tokens and the kube-root-ca.crt ConfigMaps made before remain valid
      return withServing(dir, ca, saKey, saPub);
    }
    Path caConfig = write(dir.resolve("ca.cnf"), """
        [req]
        prompt = no
        distinguished_name = subject
        x509_extensions = ca
        [subject]
        CN = westchat-local-cluster-ca
        [ca]
        basicConstraints = critical, CA:TRUE
        keyUsage = critical, keyCertSign, cRLSign, digitalSignature
        subjectKeyIdentifier = hash
        """);
    newKey(dir, ca.key());
    openssl(dir, "req", "-x509", "-new", "-config", caConfig.toString(), "-key", ca.key().toString(),
        "-days", String.valueOf(DAYS * 10), "-sha256", "-out", ca.cert().toString());

    newKey(dir, saKey);
    openssl(dir, "pkey", "-in", saKey.toString(), "-pubout", "-out", saPub.toString());
    return withServing(dir, ca, saKey, saPub);
  }

  private static ClusterCertificates withServing(Path dir, Pair ca, Path saKey, Path saPub) {
    ClusterCertificates certificates = new ClusterCertificates(dir, ca, null, saKey, saPub);
    // every server of the cluster listens on 127.0.0.1; in-cluster names are there for clients
    // that reach the API server through the kubernetes Service's name
    Pair serving = certificates.sign("serving", "westchat-local-cluster", List.of(), "serverAuth",
        "IP:127.0.0.1, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc,"
            + " DNS:kubernetes.default.svc.cluster.local, IP:10.0.0.1");
    return new ClusterCertificates(dir, ca, serving, saKey, saPub);
  }

  Pair ca() {
    return ca;
  }

  Pair serving() {
    return serving;
  }

  Path serviceAccountKey() {
    return serviceAccountKey;
  }

  Path serviceAccountPublicKey() {
    return serviceAccountPublicKey;
  }

  /**
   * A client certificate for user commonName in the given groups (the API server reads the groups
   * from the subject's O fields, system:masters being the unrestricted one).
   */
  Pair client(String fileName, String commonName, String... groups) {
    return sign(fileName, commonName, List.of(groups), "clientAuth", null);
  }

  private Pair sign(String fileName, String commonName, List<String> organisations, String extendedKeyUsage,
      String subjectAltNames) {
    Pair pair = new Pair(dir.resolve(fileName + ".crt"), dir.resolve(fileName + ".key"));
    StringBuilder request = new StringBuilder("""
        [req]
        prompt = no
        distinguished_name = subject
        [subject]
        """);
    for (int i = 0; i < organisations.size(); i++) {
      request.append(i).append(".O = ").append(organisations.get(i)).append('\n');
    }
    request.append("CN = ").append(commonName).append('\n');
    Path requestConfig = write(dir.resolve(fileName + ".cnf"), request.toString());
    Path extensions = write(dir.resolve(fileName + ".ext"), "[leaf]\n"
        + "basicConstraints = critical, CA:FALSE\n"
        + "keyUsage = critical, digitalSignature, keyEncipherment\n"
        + "extendedKeyUsage = " + extendedKeyUsage + "\n"
        + (subjectAltNames != null ? "subjectAltName = " + subjectAltNames + "\n" : ""));
    Path csr = dir.resolve(fileName + ".csr");
    newKey(dir, pair.key());
    openssl(dir, "req", "-new", "-config", requestConfig.toString(), "-key", pair.key().toString(), "-out", csr.toString());
    openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(), "-CAkey", ca.key().toString(),
        "-set_serial", String.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
        "-days", String.valueOf(DAYS), "-sha256", "-extfile", extensions.toString(), "-extensions", "leaf",
        "-out", pair.cert().toString());
    return pair;
  }

  private static void newKey(Path dir, Path key) {
    openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());
  }

  private static void openssl(Path dir, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("openssl did not finish within 60 s: " + String.join(" ", command));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("openssl failed (" + process.exitValue() + "): " + String.join(" ", command)
            + "\n" + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run openssl (the local cluster makes its certificates with it;"
          + " install the openssl package)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running openssl", e);
    }
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
