package net.freedommessenger.westchat.e2e.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The programs a cluster or its node started, in the order they were started: each one's log, the
 * check that none has ended, and the wait for a condition while they must keep running.
 */
final class ClusterPrograms {

  private final List<ClusterProcess> processes = Collections.synchronizedList(new ArrayList<>());

  ClusterProcess launch(String name, Path logs, Map<String, String> environment, String... command) {
    ClusterProcess process = ClusterProcess.start(name, List.of(command), logs, environment);
    processes.add(process);
    return process;
  }

  /** SIGKILLs the program of that name and starts it again in its place. */
  ClusterProcess killAndStartAgain(String name) {
    synchronized (processes) {
      for (int i = 0; i < processes.size(); i++) {
        if (processes.get(i).name().equals(name)) {
          ClusterProcess again = processes.get(i).killedAndStartedAgain();
          processes.set(i, again);
          return again;
        }
      }
    }
    throw new IllegalArgumentException("no program named " + name + " was started here");
  }

  ClusterProcess[] all() {
    synchronized (processes) {
      return processes.toArray(ClusterProcess[]::new);
    }
  }

  /** Last started first: the order to stop them in. */
  List<ClusterProcess> newestFirst() {
    List<ClusterProcess> running = new ArrayList<>(List.of(all()));
    Collections.reverse(running);
    return running;
  }

  /** Fails with the end of its log when one of the programs has exited. */
  void requireRunning() {
    for (ClusterProcess process : all()) {
      process.requireAlive();
    }
  }

  /** The last lines of every program's log, for a failure report. */
  String logTails(int lines) {
    StringBuilder out = new StringBuilder();
    for (ClusterProcess process : all()) {
      out.append("----- ").append(process.name()).append(process.isAlive() ? "" : " (exited)")
          .append(": last ").append(lines).append(" lines of ").append(process.log()).append(" -----\n")
          .append(process.tail(lines)).append('\n');
    }
    return out.toString();
  }

  /**
   * Waits until the condition holds (an exception counts as not yet), failing at once when one of
   * the programs that must run has ended, and after the timeout with the last error.
   */
  static void waitFor(String what, BooleanSupplier condition, Duration timeout, ClusterProcess... mustRun) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      for (ClusterProcess process : mustRun) {
        process.requireAlive();
      }
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what
            + (last != null ? " (last error: " + last + ")" : ""));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
