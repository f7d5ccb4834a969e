package net.freedommessenger.westchat.e2e.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.cli.InvalidCommunityException;
import net.freedommessenger.westchat.e2e.chart.Helm;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.ergo.ErgoSite;
import net.freedommessenger.westchat.model.prosody.ProsodyObjects;
import net.freedommessenger.westchat.model.prosody.ProsodySite;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;

/**
 * {@code ./westchat up [FILE] [--context NAME]}: a running community from one command.
 *
 * <p>Without a kube context it starts the local cluster with a real node in a data folder
 * ({@code $WESTCHAT_DATA_DIR}), installs the operator with the chart, applies FILE, prints a line
 * as each part comes up, relays the chat ports to 127.0.0.1 and prints how to connect, then runs
 * until Ctrl-C or {@code ./westchat down}, which stop every program it started and keep the data
 * folder: the next {@code up} finds the same community with the same accounts. With a context it
 * does the same in that cluster, prints how to reach the community there, and ends.
 */
public final class CommunityUpMain {

  /** The line that says the community works; scripts and the fresh-machine test wait for it. */
  static final String READY_LINE = "westchat up: ready";
  static final String DEFAULT_NAMESPACE = "westchat";
  static final String DATA_DIR = "WESTCHAT_DATA_DIR";

  private final PrintStream out = System.out;
  private final long begin = System.nanoTime();
  private final AtomicBoolean stopping = new AtomicBoolean();

  private CommunityUpMain() {}

  public static void main(String[] args) throws Exception {
    Path file = null;
    String context = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--context") && i + 1 < args.length) {
        context = args[++i];
      } else if (!args[i].startsWith("-") && file == null) {
        file = Path.of(args[i]).toAbsolutePath();
      } else {
        fail(2, "usage: ./westchat up [FILE] [--context NAME]   (FILE: a WestchatCommunity, samples/minimal.yaml when left out)");
      }
    }
    if (file == null) {
      file = Path.of("samples/minimal.yaml").toAbsolutePath();
    }
    WestchatCommunity community = read(file);
    String namespace = namespaceNamedIn(file);
    CommunityUpMain up = new CommunityUpMain();
    if (context != null) {
      up.inCluster(context, file, community, namespace);
    } else {
      up.onThisMachine(file, community, namespace);
    }
  }

  // ----------------------------------------------------------------------------- this machine --

  private void onThisMachine(Path file, WestchatCommunity community, String namespace) throws InterruptedException {
    String dataDir = System.getenv(DATA_DIR);
    UpDataFolder data = new UpDataFolder(dataDir != null && !dataDir.isBlank() ? Path.of(dataDir)
        : Path.of(System.getProperty("user.home"), ".local", "share", "westchat"));
    String whyNot = RealNodeCluster.whyNot();
    if (whyNot != null) {
      fail(1, "westchat up: " + whyNot.replace("run the tests as root", "run ./westchat up as root (sudo)"));
    }
    data.runningUp().ifPresent(pid -> fail(1, "westchat up: a community already runs from " + data.root() + " (pid " + pid
        + "); ./westchat down stops it"));
    UpPorts ports;
    try {
      ports = UpPorts.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      fail(1, "westchat up: " + e.getMessage());
      return;
    }
    String taken = ports.firstTaken();
    if (taken != null) {
      fail(1, "westchat up: " + taken);
    }

    data.markRunning();
    data.rememberCommunity(namespace, community.getMetadata().getName());
    LoopbackRelays relays = new LoopbackRelays(data.logs());
    RealNodeCluster[] started = new RealNodeCluster[1];
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true);
      out.println("\nwestchat up: stopping (the data stays in " + data.root() + ") ...");
      relays.close();
      if (started[0] != null) {
        started[0].close();
      }
      data.markStopped();
      out.println("westchat up: stopped; ./westchat up starts the same community again");
      out.flush();
    }, "westchat-up-stop"));

    CommunityProgress progress = new CommunityProgress(null, namespace, community.getMetadata().getName(), out, begin);
    progress.say("data folder " + data.root() + " (kept when this stops)");
    progress.say("starting Kubernetes on this machine: etcd, kube-apiserver, controllers, and a real node"
        + " (containerd, kubelet, kube-proxy, CoreDNS) ...");
    RealNodeCluster cluster;
    try {
      cluster = RealNodeCluster.start(data.cluster());
    } catch (RuntimeException e) {
      fail(1, "westchat up: Kubernetes did not start on this machine: " + e.getMessage()
          + "\nthe programs' logs are in " + data.logs());
      return;
    }
    started[0] = cluster;
    data.keepKubeconfig(cluster.adminKubeconfig());
    progress.say(String.format(Locale.ROOT, "Kubernetes runs (control plane %.1f s, node %.1f s); kubectl: export KUBECONFIG=%s",
        cluster.controlPlane().startTime().toMillis() / 1e3, cluster.nodeStartTime().toMillis() / 1e3, data.kubeconfig()));

    KubernetesClient client = cluster.client();
    cluster.createNamespace(ChartScenarios.OPERATOR_NAMESPACE, ChartScenarios.RESTRICTED);
    cluster.createNamespace(namespace, ChartScenarios.RESTRICTED);
    installAndApply(progress, cluster.adminKubeconfig(), null, file, namespace);

    progress = new CommunityProgress(client, namespace, community.getMetadata().getName(), out, begin);
    WestchatCommunity working = progress.awaitWorking(() -> !stopping.get());
    if (working == null) {
      return;
    }
    relays.relay(client, namespace, SynapseObjects.name(working), 8008, ports.matrix());
    relays.relay(client, namespace, ProsodyObjects.xmppServiceName(working), ProsodySite.CLIENT_PORT, ports.xmpp());
    relays.relay(client, namespace, ErgoObjects.name(working), ErgoSite.PLAIN_PORT, ports.irc());
    relays.relay(client, namespace, ErgoObjects.tlsServiceName(working), ErgoSite.TLS_PORT, ports.ircTls());

    Map<String, String> passwords = data.firstShowingOfPasswords(working.getMetadata().getUid())
        ? passwords(client, working) : Map.of();
    out.print(ConnectionDetails.describe(working, ports, passwords, admin -> "KUBECONFIG=" + data.kubeconfig()
        + " kubectl get secret -n " + namespace + " " + AccountSecrets.adminSecretName(working, admin)
        + " -o jsonpath='{.data.password}' | base64 -d"));
    out.printf(Locale.ROOT, "%n%s after %.1f s. Ctrl-C or ./westchat down stops it; ./westchat status tells how it is.%n",
        READY_LINE, (System.nanoTime() - begin) / 1e9);
    out.flush();

    while (!stopping.get()) {
      Thread.sleep(2_000);
      try {
        cluster.controlPlane().requireRunning();
        relays.requireRunning();
      } catch (IllegalStateException exited) {
        if (!stopping.get()) {
          fail(1, "westchat up: " + exited.getMessage());
        }
      }
    }
  }

  // ------------------------------------------------------------------------------ a kube context --

  private void inCluster(String context, Path file, WestchatCommunity community, String namespace) throws InterruptedException {
    Path kubeconfig = kubeconfigOfThisUser();
    CommunityProgress progress = new CommunityProgress(null, namespace, community.getMetadata().getName(), out, begin);
    progress.say("applying to the cluster of kube context " + context + " (" + kubeconfig + "), not to this machine");
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.autoConfigure(context)).build()) {
      installAndApply(progress, kubeconfig, context, file, namespace);
      WestchatCommunity working = new CommunityProgress(client, namespace, community.getMetadata().getName(), out, begin)
          .awaitWorking(() -> true);
      out.printf(Locale.ROOT, """

          The community %s runs in the cluster of %s, namespace %s. Inside the cluster:
            matrix-url   http://%s.%s.svc:8008
            xmpp-server  %s.%s.svc:%d
            irc-server   %s.%s.svc:%d (TLS)
          From outside, through the names in spec.expose (DNS and certificates: docs/dns.md).
          The admins' initial passwords: kubectl --context %s get secret -n %s %s -o jsonpath='{.data.password}' | base64 -d
          %s; the operator keeps it running. ./westchat status (with %s the current context) tells how it is.
          """, working.getSpec().domain, context, namespace,
          SynapseObjects.name(working), namespace, ProsodyObjects.xmppServiceName(working), namespace, ProsodySite.CLIENT_PORT,
          ErgoObjects.tlsServiceName(working), namespace, ErgoSite.TLS_PORT,
          context, namespace, AccountSecrets.adminSecretName(working, "ADMIN"), READY_LINE, context);
    }
  }

  private static Path kubeconfigOfThisUser() {
    String configured = System.getenv("KUBECONFIG");
    return configured != null && !configured.isBlank() ? Path.of(configured.split(":")[0])
        : Path.of(System.getProperty("user.home"), ".kube", "config");
  }

  // ----------------------------------------------------------------------------------- shared --

  private void installAndApply(CommunityProgress progress, Path kubeconfig, String context, Path file, String namespace) {
    progress.say("installing the operator (helm chart " + Helm.CHART + ", release " + ChartScenarios.RELEASE + " in "
        + ChartScenarios.OPERATOR_NAMESPACE + ") ...");
    Helm helm = Helm.create();
    try {
      helm.upgradeInstall(kubeconfig, context, ChartScenarios.RELEASE, ChartScenarios.OPERATOR_NAMESPACE);
    } catch (IllegalStateException e) {
      fail(1, "westchat up: the operator did not start: " + e.getMessage());
    } finally {
      helm.close();
    }
    progress.say("operator running");
    Kubectl.Result applied = new Kubectl(kubeconfig, context).run("apply", "-n", namespace, "-f", file.toString());
    if (applied.exitCode() != 0) {
      fail(1, "westchat up: kubectl apply -f " + file + " was refused: " + applied.stderr().strip());
    }
    progress.say("applied " + file + ": " + applied.stdout().strip() + " (namespace " + namespace + ")");
  }

  private static WestchatCommunity read(Path file) {
    try {
      return CommunityFile.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (InvalidCommunityException e) {
      fail(1, "westchat up: " + file + ": " + e.getMessage());
    } catch (IOException e) {
      fail(1, "westchat up: cannot read " + file + ": " + e.getMessage());
    }
    return null;
  }

  /** The namespace the file names, else {@link #DEFAULT_NAMESPACE}: a namespace of the community's own. */
  private static String namespaceNamedIn(Path file) {
    try {
      String named = new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).path("metadata").path("namespace").asText("");
      return named.isBlank() ? DEFAULT_NAMESPACE : named;
    } catch (IOException e) {
      fail(1, "westchat up: cannot read " + file + ": " + e.getMessage());
      return null;
    }
  }

  /** Each admin's initial password, from the account Secret the operator made. */
  private static Map<String, String> passwords(KubernetesClient client, WestchatCommunity community) {
    Map<String, String> passwords = new LinkedHashMap<>();
    for (Admin admin : community.getSpec().admins) {
      Secret secret = client.secrets().inNamespace(community.getMetadata().getNamespace())
          .withName(AccountSecrets.adminSecretName(community, admin.name)).get();
      if (secret != null && secret.getData() != null && secret.getData().get(AccountSecrets.PASSWORD) != null) {
        passwords.put(admin.name, new String(Base64.getDecoder().decode(secret.getData().get(AccountSecrets.PASSWORD)),
            StandardCharsets.UTF_8));
      }
    }
    return passwords;
  }

  private static void fail(int code, String line) {
    System.err.println(line);
    System.exit(code);
  }
}
