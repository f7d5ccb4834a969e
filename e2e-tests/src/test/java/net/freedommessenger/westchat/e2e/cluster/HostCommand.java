package net.freedommessenger.westchat.e2e.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A short command of this machine (ip, iptables, ctr, sysctl) that the real node runs to set up
 * or take down what lives outside its processes. Each waits at most a minute.
 */
final class HostCommand {

  /** What a command printed (stdout and stderr together) and its exit code. */
  record Result(List<String> command, int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }

    Result requireSuccess() {
      if (exitCode != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (" + exitCode + "): " + output.strip());
      }
      return this;
    }
  }

  private HostCommand() {}

  static Result run(String... command) {
    return run(List.of(command), null);
  }

  /** Runs the command with the text on its standard input. */
  static Result run(List<String> command, String input) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (input != null) {
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(command, -1, output + "\n(did not end within 60 s)");
      }
      return new Result(command, process.exitValue(), output);
    } catch (IOException e) {
      return new Result(command, -1, "cannot run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    }
  }

  static Result run(List<String> command) {
    return run(command, null);
  }

  /** The command with arguments appended, for building command lines from a prefix. */
  static List<String> with(List<String> prefix, String... arguments) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(arguments));
    return command;
  }
}
