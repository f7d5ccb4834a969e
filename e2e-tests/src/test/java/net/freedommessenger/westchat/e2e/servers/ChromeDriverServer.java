package net.freedommessenger.westchat.e2e.servers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * Debian's chromedriver on a loopback port, and through it a headless Chromium of Debian's
 * (the install script's browser part), each browser with a fresh profile in the server's folder.
 * Chromium is started by chromedriver, so stopping chromedriver by its handle (with every
 * descendant left behind, {@link ServerProcess#close()}) stops the browsers too; a test quits its
 * browser first.
 */
public final class ChromeDriverServer extends ServerProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final int port;
  private final Path directory;
  private int browsers;

  private ChromeDriverServer(Started started, int port, Path directory) {
    super("chromedriver", started);
    this.port = port;
    this.directory = directory;
  }

  public static ChromeDriverServer start(Path directory) {
    int port = LoopbackPorts.take();
    Started started = launch(new Launch("chromedriver", List.of(TestEnvironment.chromedriver().toString(), "--port=" + port,
        "--allowed-ips=127.0.0.1"), directory, directory.resolve("chromedriver.log"), Map.of()), false);
    ChromeDriverServer server = new ChromeDriverServer(started, port, directory);
    server.awaitReady(Duration.ofSeconds(30), "GET /status on port " + port, server::answers);
    return server;
  }

  /**
   * A new headless Chromium in the given language. The flags keep it from reaching out on its own
   * (updates, sync, safe browsing), which this machine's closed network refuses; it runs as root
   * in the tests, where Chromium's sandbox cannot.
   */
  public RemoteWebDriver browser(String language) throws Exception {
    Path profile = directory.resolve("profile-" + (++browsers));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(TestEnvironment.chromium().toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=" + language);
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
    return new RemoteWebDriver(URI.create("http://" + LoopbackPorts.HOST + ":" + port).toURL(), options);
  }

  @Override
  protected boolean answers() throws Exception {
    HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + LoopbackPorts.HOST + ":" + port
        + "/status")).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return status.statusCode() == 200;
  }
}
