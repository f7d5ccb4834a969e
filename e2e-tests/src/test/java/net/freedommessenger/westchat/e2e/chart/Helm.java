package net.freedommessenger.westchat.e2e.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * The helm binary install.sh put in place, run on the project's chart. Each instance has folders
 * of its own for helm's cache, configuration and data, so nothing in the user's home is read or
 * written.
 */
public final class Helm implements AutoCloseable {

  public static final String CHART = "charts/westchat-operator";
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

  private final Path binary;
  private final Path home;

  private Helm(Path binary, Path home) {
    this.binary = binary;
    this.home = home;
  }

  public static Helm create() {
    try {
      return new Helm(TestEnvironment.binary("helm"), Files.createTempDirectory("westchat-helm-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path chart() {
    return ApiServer.repoRoot().resolve(CHART);
  }

  /** The output of a helm command that ended, with its exit code. */
  public record Result(int exitCode, String output) {
    public Result requireSuccess(String what) {
      if (exitCode != 0) {
        throw new IllegalStateException(what + " exited with " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  /** helm lint --strict on the chart, with the given --set values. */
  public Result lint(String... sets) {
    List<String> args = new ArrayList<>(List.of("lint", "--strict", chart().toString()));
    addSets(args, sets);
    return run(args, null);
  }

  /** The rendered manifests of the chart (helm template), or a failure with helm's message. */
  public String template(String release, String namespace, String... sets) {
    List<String> args = new ArrayList<>(List.of("template", release, chart().toString(), "--namespace", namespace));
    addSets(args, sets);
    return runToStdout(args, "helm template");
  }

  /** helm template as a result, for values the chart should refuse. */
  public Result tryTemplate(String release, String namespace, String... sets) {
    List<String> args = new ArrayList<>(List.of("template", release, chart().toString(), "--namespace", namespace));
    addSets(args, sets);
    return run(args, null);
  }

  /** What helm install prints, NOTES included; waits until the Deployment is available. */
  public String install(Path kubeconfig, String release, String namespace, String... sets) {
    List<String> args = new ArrayList<>(List.of("install", release, chart().toString(), "--namespace", namespace,
        "--kubeconfig", kubeconfig.toString(), "--wait", "--timeout", "3m"));
    addSets(args, sets);
    return run(args, null).requireSuccess("helm install").output();
  }

  /**
   * helm upgrade --install: installs the chart, or brings an installed release to this chart;
   * waits until the Deployment is available. A null context means the kubeconfig's current one.
   */
  public String upgradeInstall(Path kubeconfig, String context, String release, String namespace) {
    List<String> args = new ArrayList<>(List.of("upgrade", "--install", release, chart().toString(), "--namespace", namespace,
        "--create-namespace", "--kubeconfig", kubeconfig.toString(), "--wait", "--timeout", "3m"));
    if (context != null) {
      args.addAll(List.of("--kube-context", context));
    }
    return run(args, null).requireSuccess("helm upgrade --install").output();
  }

  public void uninstall(Path kubeconfig, String release, String namespace) {
    run(List.of("uninstall", release, "--namespace", namespace, "--kubeconfig", kubeconfig.toString(), "--wait",
        "--timeout", "3m"), null).requireSuccess("helm uninstall");
  }

  /** Removes this instance's helm folders. */
  @Override
  public void close() {
    try (var files = Files.walk(home)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind
    }
  }

  private static void addSets(List<String> args, String... sets) {
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
  }

  private String runToStdout(List<String> args, String what) {
    Path stdout = home.resolve("stdout-" + COUNTER.incrementAndGet() + ".yaml");
    Result result = run(args, stdout);
    result.requireSuccess(what);
    try {
      return Files.readString(stdout, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      stdout.toFile().delete();
    }
  }

  /** Runs helm; with a stdout file, only standard error goes to the returned output. */
  private Result run(List<String> args, Path stdout) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    Path output = home.resolve("output-" + COUNTER.incrementAndGet() + ".txt");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(ApiServer.repoRoot().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    if (stdout != null) {
      builder.redirectOutput(stdout.toFile()).redirectError(output.toFile());
    } else {
      builder.redirectErrorStream(true).redirectOutput(output.toFile());
    }
    Map<String, String> environment = builder.environment();
    environment.put("HELM_CACHE_HOME", home.resolve("cache").toString());
    environment.put("HELM_CONFIG_HOME", home.resolve("config").toString());
    environment.put("HELM_DATA_HOME", home.resolve("data").toString());
    environment.remove("KUBECONFIG");
    try {
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("helm " + String.join(" ", args) + " did not end within " + TIMEOUT);
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      output.toFile().delete();
    }
  }
}
