package net.freedommessenger.westchat.e2e.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real server process started by a test: its own {@link Process} handle, the file its
 * standard output and error go to, and how to tell that it answers.
 *
 * <p>Launchers start the process with {@link #launch}, then call {@link #awaitReady}; a server
 * that exits or does not answer in time is stopped and reported with the end of its log.
 * {@link #close()} stops the server by its own handle: a polite stop first ({@link #requestStop()},
 * SIGTERM unless the server needs another signal), then SIGKILL after a timeout, and any
 * descendant process left behind is killed too.
 */
public abstract class ServerProcess implements AutoCloseable {

  /** How many lines of a log a failure shows. */
  public static final int LOG_TAIL_LINES = 200;

  static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final String name;
  private final Process process;
  private final Path log;
  private final long startedAtNanos;
  private volatile long readyAfterMillis = -1;
  private boolean stopped;

  protected ServerProcess(String name, Started started) {
    this.name = name;
    this.process = started.process();
    this.log = started.log();
    this.startedAtNanos = started.startedAtNanos();
  }

  /** What a launcher needs to start a process. */
  public record Launch(String name, List<String> command, Path workingDirectory, Path log, Map<String, String> environment) {}

  /** A process that was started, before it is wrapped in its server class. */
  public record Started(Process process, Path log, long startedAtNanos) {}

  /**
   * Starts the command with standard output and error appended to the log file. The command is run
   * as {@link Unprivileged#USER} when {@code unprivileged} is true and the test runs as root.
   */
  static Started launch(Launch launch, boolean unprivileged) {
    List<String> command = unprivileged ? Unprivileged.wrap(launch.command()) : launch.command();
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(launch.workingDirectory().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(launch.environment());
    try {
      Files.writeString(launch.log(), "# " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
      long started = System.nanoTime();
      return new Started(builder.start(), launch.log(), started);
    } catch (IOException e) {
      throw new ServerStartException(launch.name() + " could not be started: " + e.getMessage(), e);
    }
  }

  /** Runs a short command (initdb, psql, prosodyctl) to its end and returns its output; fails on a non-zero exit. */
  static String run(String what, List<String> command, Path workingDirectory, Map<String, String> environment,
      boolean unprivileged, Duration timeout) {
    List<String> full = unprivileged ? Unprivileged.wrap(command) : command;
    Path output;
    try {
      // a file rather than a pipe: a command that hangs cannot block the reader past the timeout
      output = Files.createTempFile("westchat-command-", ".out");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessBuilder builder = new ProcessBuilder(full)
        .directory(workingDirectory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(environment);
    Process process = null;
    try {
      process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        destroy(process.toHandle());
        throw new ServerStartException(what + " did not finish within " + timeout.toSeconds() + "s: "
            + String.join(" ", full) + System.lineSeparator() + Files.readString(output, StandardCharsets.ISO_8859_1));
      }
      String text = Files.readString(output, StandardCharsets.ISO_8859_1);
      if (process.exitValue() != 0) {
        throw new ServerStartException(what + " failed with exit code " + process.exitValue() + ": "
            + String.join(" ", full) + System.lineSeparator() + text);
      }
      return text;
    } catch (IOException e) {
      throw new ServerStartException(what + " could not be run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      destroy(process.toHandle());
      Thread.currentThread().interrupt();
      throw new ServerStartException(what + " was interrupted", e);
    } finally {
      try {
        Files.deleteIfExists(output);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  /** The file the server's standard output and error go to. */
  public Path log() {
    return log;
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Milliseconds from the start of the process until it answered; -1 before that. */
  public long startMillis() {
    return readyAfterMillis;
  }

  /** Whether the server's log holds the text (read from the file as it is now). */
  public boolean logContains(String text) {
    return readLog().contains(text);
  }

  public String readLog() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines of the log, for a failure message. */
  public String logTail(int lines) {
    return tail(log, lines);
  }

  static String tail(Path file, int lines) {
    if (!Files.exists(file)) {
      return "(no log at " + file + ")";
    }
    Deque<String> last = new ArrayDeque<>();
    try (var reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        last.addLast(line);
        if (last.size() > lines) {
          last.removeFirst();
        }
      }
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
    return String.join(System.lineSeparator(), last);
  }

  /** A check that the server answers; it may throw, which counts as "not yet". */
  @FunctionalInterface
  public interface Probe {
    boolean answers() throws Exception;
  }

  /**
   * Waits until the probe says the server answers. Fails at once with the log when the process
   * exits, and after the timeout when it never answers; in both cases the server is stopped.
   */
  protected void awaitReady(Duration timeout, String waitingFor, Probe probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception lastProblem = null;
    while (true) {
      if (!process.isAlive()) {
        throw startFailure(name + " exited with code " + process.exitValue() + " before " + waitingFor, null);
      }
      try {
        if (probe.answers()) {
          readyAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAtNanos);
          System.err.printf("[servers] %s (pid %d) answered after %d ms%n", name, pid(), readyAfterMillis);
          return;
        }
        lastProblem = null;
      } catch (Exception e) {
        lastProblem = e;
      }
      if (System.nanoTime() > deadline) {
        throw startFailure(name + " did not answer within " + timeout.toSeconds() + "s (" + waitingFor + ")", lastProblem);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw startFailure(name + " start was interrupted", e);
      }
    }
  }

  private ServerStartException startFailure(String message, Exception cause) {
    close();
    String reason = cause == null ? "" : " (last probe: " + cause + ")";
    return new ServerStartException(message + reason + System.lineSeparator() + logReport(), cause);
  }

  /** How long a server that needs this one waits for it to answer. */
  static final Duration DEPENDENCY_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Waits up to 30 s for this server to answer, for a server that needs it before it starts;
   * fails at once with this server's log when its process has exited, and after the wait when it
   * still does not answer.
   */
  public void requireRunning(String neededBy) {
    long deadline = System.nanoTime() + DEPENDENCY_TIMEOUT.toNanos();
    Exception problem = null;
    while (true) {
      if (!process.isAlive()) {
        throw new ServerStartException(neededBy + " needs " + name + ", which is not running (exit code "
            + process.exitValue() + ")" + System.lineSeparator() + logReport());
      }
      try {
        if (answers()) {
          return;
        }
        problem = null;
      } catch (Exception e) {
        problem = e;
      }
      if (System.nanoTime() > deadline) {
        throw new ServerStartException(neededBy + " needs " + name + ", which runs but has not answered for "
            + DEPENDENCY_TIMEOUT.toSeconds() + "s" + (problem == null ? "" : " (" + problem + ")")
            + System.lineSeparator() + logReport(), problem);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServerStartException(neededBy + " was interrupted waiting for " + name, e);
      }
    }
  }

  /** Whether the server answers now (the same check its start waited for, or a cheaper one). */
  protected abstract boolean answers() throws Exception;

  /** The log file's name and last lines, framed for stderr or an exception message. */
  public String logReport() {
    return "----- last " + LOG_TAIL_LINES + " lines of " + name + " log " + log + " -----" + System.lineSeparator()
        + logTail(LOG_TAIL_LINES) + System.lineSeparator()
        + "----- end of " + name + " log -----";
  }

  /** Asks the server to stop; SIGTERM by default. */
  protected void requestStop() {
    process.destroy();
  }

  /**
   * Stops the server: {@link #requestStop()}, waits up to 15 s, then SIGKILL; finally kills any
   * process the server started that is still alive. Safe to call more than once.
   */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
    if (process.isAlive()) {
      requestStop();
      try {
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          System.err.printf("[servers] %s (pid %d) did not stop within %ds: killing it%n", name, pid(), STOP_TIMEOUT.toSeconds());
          process.destroyForcibly();
          process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    for (ProcessHandle descendant : descendants) {
      destroy(descendant);
    }
  }

  static void destroy(ProcessHandle handle) {
    List<ProcessHandle> all = new ArrayList<>(handle.descendants().toList());
    all.add(0, handle);
    for (ProcessHandle h : all) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
