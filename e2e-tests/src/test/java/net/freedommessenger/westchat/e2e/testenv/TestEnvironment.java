package net.freedommessenger.westchat.e2e.testenv;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where e2e-tests/testenv/install.sh put the real parts. A part that is missing fails the test
 * with the command that installs it.
 */
public final class TestEnvironment {

  public static final String KUBERNETES_VERSION = "1.34.2";

  private TestEnvironment() {}

  public static Path directory() {
    String configured = System.getenv("WESTCHAT_TESTENV_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "westchat-testenv");
  }

  /** The folder kube-api-test reads its binaries from: k8s/VERSION-linux-amd64 under it. */
  public static Path kubeApiTestDirectory() {
    Path dir = directory();
    require("kube-apiserver", dir.resolve("k8s").resolve(KUBERNETES_VERSION + "-linux-amd64").resolve("kube-apiserver"));
    require("etcd", dir.resolve("k8s").resolve(KUBERNETES_VERSION + "-linux-amd64").resolve("etcd"));
    return dir;
  }

  public static Path binary(String name) {
    return require(name, directory().resolve("bin").resolve(name));
  }

  public static Path require(String part, Path file) {
    if (!Files.isExecutable(file)) {
      throw new IllegalStateException(part + " is not installed at " + file
          + ": run e2e-tests/testenv/install.sh (it installs every part the e2e tests need)");
    }
    return file;
  }
}
