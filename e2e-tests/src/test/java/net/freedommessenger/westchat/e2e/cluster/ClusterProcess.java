package net.freedommessenger.westchat.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One program of the local cluster, started by this JVM with its output (stdout and stderr) in a
 * log file, and stopped through its own process handle: SIGTERM first, SIGKILL when it does not
 * end in time.
 */
final class ClusterProcess {

  private final String name;
  private final List<String> command;
  private final Path log;
  private final Map<String, String> environment;
  private final Process process;

  private ClusterProcess(String name, List<String> command, Path log, Map<String, String> environment, Process process) {
    this.name = name;
    this.command = command;
    this.log = log;
    this.environment = environment;
    this.process = process;
  }

  static ClusterProcess start(String name, List<String> command, Path logDir, Map<String, String> environment) {
    return start(name, command, logDir, environment, false);
  }

  private static ClusterProcess start(String name, List<String> command, Path logDir, Map<String, String> environment,
      boolean again) {
    Path log = logDir.resolve(name + ".log");
    try {
      Files.createDirectories(logDir);
      String header = "# " + (again ? "started again: " : "") + String.join(" ", command) + "\n";
      if (again) {
        Files.writeString(log, header, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } else {
        Files.writeString(log, header, StandardCharsets.UTF_8);
      }
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(logDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(environment);
      return new ClusterProcess(name, List.copyOf(command), log, Map.copyOf(environment), builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
    }
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Fails with the end of the log when the program has ended on its own. */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; last lines of " + log
          + ":\n" + tail(40));
    }
  }

  /**
   * A crash and a supervisor's restart: SIGKILL, then the same command with the same environment,
   * its output appended to the same log.
   */
  ClusterProcess killedAndStartedAgain() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " did not end 10 s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return start(name, command, log.getParent(), environment, true);
  }

  /** SIGTERM, then SIGKILL after the grace period; waits until the process is gone. */
  void stop(long graceMillis) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines of the log. */
  String tail(int lines) {
    try {
      if (!Files.exists(log)) {
        return "(no log)";
      }
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> last = new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
      return String.join("\n", last);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    } catch (UncheckedIOException e) {
      return "(cannot read " + log + ": " + e.getCause() + ")";
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }

  List<String> command() {
    return command;
  }
}
