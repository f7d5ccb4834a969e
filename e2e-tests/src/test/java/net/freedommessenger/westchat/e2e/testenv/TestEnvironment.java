package net.freedommessenger.westchat.e2e.testenv;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where e2e-tests/testenv/install.sh put the real parts. A part that is missing fails the test
 * with the command that installs it.
 */
public final class TestEnvironment {

  public static final String KUBERNETES_VERSION = "1.34.2";
  public static final String POSTGRES_MAJOR = "15";

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

  /** A server program of Debian's PostgreSQL package (initdb, postgres, psql). */
  public static Path postgresBinary(String name) {
    return require("postgresql " + name, Path.of("/usr/lib/postgresql", POSTGRES_MAJOR, "bin", name));
  }

  /** A program that a Debian package puts in /usr/bin (prosody, prosodyctl, biboumi). */
  public static Path debianBinary(String name) {
    return require(name, Path.of("/usr/bin", name));
  }

  /** Debian's Chromium and its WebDriver (the browser part). */
  public static Path chromium() {
    return require("chromium (part browser)", Path.of("/usr/bin/chromium"));
  }

  public static Path chromedriver() {
    return require("chromedriver (part browser)", Path.of("/usr/bin/chromedriver"));
  }

  /** Converse.js' dist folder (the web part), which the web chat loads from /converse/. */
  public static Path converseDist() {
    Path dist = webDirectory().resolve("converse.js").resolve("dist");
    requireFile("converse.js (part web)", dist.resolve("converse.min.js"));
    return dist;
  }

  /** axe-core's script (the web part), run in the browser to check a page's accessibility. */
  public static Path axeScript() {
    return requireFile("axe-core (part web)", webDirectory().resolve("axe-core").resolve("axe.min.js"));
  }

  /** Where the web part unpacked its npm packages: $WESTCHAT_WEB_DIR, or web/ in the install folder. */
  static Path webDirectory() {
    String configured = System.getenv("WESTCHAT_WEB_DIR");
    return configured != null && !configured.isBlank() ? Path.of(configured) : directory().resolve("web");
  }

  static Path requireFile(String part, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(part + " is not installed at " + file
          + ": run e2e-tests/testenv/install.sh (it installs every part the e2e tests need)");
    }
    return file;
  }

  public static Path require(String part, Path file) {
    if (!Files.isExecutable(file)) {
      throw new IllegalStateException(part + " is not installed at " + file
          + ": run e2e-tests/testenv/install.sh (it installs every part the e2e tests need)");
    }
    return file;
  }
}
