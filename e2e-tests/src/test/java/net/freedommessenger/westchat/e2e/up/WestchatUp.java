package net.freedommessenger.westchat.e2e.up;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;

/**
 * {@code ./westchat} run as a person runs it, from the repository root, as a subprocess whose
 * output is collected line by line; and what {@code up} prints when it is ready, read back.
 */
final class WestchatUp implements AutoCloseable {

  static final String READY = "westchat up: ready";
  static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

  /** The lines of up's output that tell how to connect. */
  record Details(String matrixUrl, int xmppPort, int ircTlsPort, Map<String, String> passwords,
      Map<String, Map<String, String>> rooms, double seconds) {}

  /** A command that ended: its exit code and its output (stdout and stderr together). */
  record Result(int exitCode, String output) {
    List<String> linesSaying(String prefix) {
      return output.lines().filter(l -> l.startsWith(prefix)).toList();
    }
  }

  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private WestchatUp(Process process) {
    this.process = process;
    Thread reader = new Thread(this::collect, "westchat-up-output");
    reader.setDaemon(true);
    reader.start();
  }

  static WestchatUp start(Map<String, String> environment, String... arguments) {
    List<String> command = new ArrayList<>(List.of("./westchat", "up"));
    command.addAll(List.of(arguments));
    return new WestchatUp(launch(command, environment, null));
  }

  static Result run(Map<String, String> environment, String... arguments) throws InterruptedException {
    return finish(launch(westchat(arguments), environment, null));
  }

  /** With PATH replaced, to show what happens when a program is missing. */
  static Result runWithPath(Map<String, String> environment, String path, String... arguments) throws InterruptedException {
    return finish(launch(westchat(arguments), environment, path));
  }

  /** As another user (setpriv, with that user's ids and no groups). */
  static Result runAs(String user, Map<String, String> environment, String... arguments) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + user.replace("nobody", "nogroup"),
        "--clear-groups"));
    command.addAll(westchat(arguments));
    return finish(launch(command, environment, null));
  }

  private static List<String> westchat(String... arguments) {
    List<String> command = new ArrayList<>(List.of("./westchat"));
    command.addAll(List.of(arguments));
    return command;
  }

  private static Process launch(List<String> command, Map<String, String> environment, String path) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(ApiServer.repoRoot().toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    // a newcomer's shell: no kube context given, so up starts the local cluster
    builder.environment().remove("KUBECONFIG");
    builder.environment().putAll(environment);
    if (path != null) {
      builder.environment().put("PATH", path);
    }
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    }
  }

  private static Result finish(Process process) throws InterruptedException {
    if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("./westchat did not end within " + COMMAND_TIMEOUT);
    }
    try {
      return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void collect() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        System.out.println("  | " + line);
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** Lines such as "westchat up: [  12.3 s] Matrix: works", one per part as it changes. */
  long progressLines() {
    synchronized (lines) {
      return lines.stream().filter(l -> l.startsWith("westchat up: [")).count();
    }
  }

  /** Waits for the ready line and reads the details printed before it. */
  Details awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    synchronized (lines) {
      while (lines.stream().noneMatch(l -> l.startsWith(READY))) {
        if (!process.isAlive() && lines.stream().noneMatch(l -> l.startsWith(READY))) {
          lines.wait(500); // the last lines may still be read
          throw new AssertionError("./westchat up ended with " + process.exitValue() + " before it was ready:\n" + output());
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("./westchat up was not ready within " + READY_TIMEOUT + ":\n" + output());
        }
        lines.wait(1_000);
      }
      return details(List.copyOf(lines));
    }
  }

  static Details details(List<String> output) {
    String matrixUrl = null;
    int xmppPort = 0;
    int ircTlsPort = 0;
    double seconds = 0;
    Map<String, String> passwords = new LinkedHashMap<>();
    Map<String, Map<String, String>> rooms = new LinkedHashMap<>();
    for (String line : output) {
      String[] words = line.strip().split("\\s+");
      switch (words[0]) {
        case "matrix-url" -> matrixUrl = words[1];
        case "xmpp-server" -> xmppPort = port(words[1]);
        case "irc-server" -> ircTlsPort = port(words[1]);
        case "admin" -> {
          if (words.length == 3 && !words[2].startsWith("(")) {
            passwords.put(words[1], words[2]);
          }
        }
        case "room" -> {
          Map<String, String> addresses = new LinkedHashMap<>();
          for (int i = 2; i < words.length; i++) {
            addresses.put(words[i].substring(0, words[i].indexOf('=')), words[i].substring(words[i].indexOf('=') + 1));
          }
          rooms.put(words[1], addresses);
        }
        default -> {
          if (line.startsWith(READY + " after ")) {
            seconds = Double.parseDouble(line.substring((READY + " after ").length(), line.indexOf(" s.")));
          }
        }
      }
    }
    return new Details(matrixUrl, xmppPort, ircTlsPort, passwords, rooms, seconds);
  }

  private static int port(String hostAndPort) {
    return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
  }

  void awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("./westchat up did not end within " + timeout + ":\n" + output());
    }
    Thread.sleep(200); // its last lines
  }

  /** Stops up as Ctrl-C would, if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * Free ports below the kernel's ephemeral range (32768 and up): while up is down, the programs of
   * the restarted cluster take ephemeral ports, and one of them once took a relay's (socat: Address
   * already in use on the second up).
   */
  static int[] freePorts(int count) throws IOException {
    int[] ports = new int[count];
    int found = 0;
    for (int port = 20000 + (int) (ProcessHandle.current().pid() % 5000); found < count && port < 32768; port++) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        ports[found++] = socket.getLocalPort();
      } catch (IOException taken) {
        // the next one
      }
    }
    if (found < count) {
      throw new IOException("no " + count + " free ports between 20000 and 32767 on 127.0.0.1");
    }
    return ports;
  }

  static void deleteRecursively(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
