package net.freedommessenger.westchat.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/** kubectl of the cluster's version, run as a user runs it, with a given kubeconfig. */
final class Kubectl {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Path kubeconfig;
  /** The kubeconfig's context to use, or null for its current one. */
  private final String context;

  Kubectl(Path kubeconfig) {
    this(kubeconfig, null);
  }

  Kubectl(Path kubeconfig, String context) {
    this.kubeconfig = kubeconfig;
    this.context = context;
  }

  record Result(int exitCode, String stdout, String stderr) {
    Result requireSuccess(String what) {
      if (exitCode != 0) {
        throw new IllegalStateException(what + " exited with " + exitCode + ":\n" + stderr + stdout);
      }
      return this;
    }
  }

  /** Runs kubectl in the repository root, so paths such as samples/minimal.yaml work as in the docs. */
  Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(TestEnvironment.binary("kubectl").toString());
    command.add("--kubeconfig=" + kubeconfig);
    if (context != null) {
      command.add("--context=" + context);
    }
    command.addAll(List.of(args));
    try {
      Path stdout = Files.createTempFile("kubectl-", ".out");
      Path stderr = Files.createTempFile("kubectl-", ".err");
      try {
        Process process = new ProcessBuilder(command)
            .directory(ApiServer.repoRoot().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not end within " + TIMEOUT);
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
            Files.readString(stderr, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
