package net.freedommessenger.westchat.e2e.cluster;

import static net.freedommessenger.westchat.e2e.testenv.Pause.sleep;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * A real node of the local cluster, on this machine: containerd and runc run the pods' containers,
 * the kubelet of Kubernetes {@value TestEnvironment#KUBERNETES_VERSION} manages them, the CNI bridge
 * plugin puts them on {@link NodeNetwork}'s bridge, kube-proxy (iptables) makes Services work,
 * CoreDNS answers for cluster.local on the node's address, {@link LocalPathProvisioner} binds
 * volume claims, and a relay carries the pods' connections to the kubernetes Service to the API
 * server on loopback. The images are those images/build.sh made, imported into containerd; no
 * registry is asked (every pod gets its image with IfNotPresent).
 *
 * <p>It needs root (the kubelet sets kernel settings, runc makes namespaces and cgroups). Every
 * program is stopped by its own process handle; {@link #close()} first lets the kubelet stop every
 * pod, then removes the containers, mounts, network namespaces, iptables chains, cgroups and the
 * bridge that are left.
 */
final class RealNode implements AutoCloseable {

  static final String NODE_NAME = "westchat-node";
  static final String SANDBOX_IMAGE = "registry.k8s.io/pause:3.10.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration STOP_PODS_TIMEOUT = Duration.ofSeconds(60);

  private final LocalCluster cluster;
  private final NodeNetwork network;
  private final Path dir;
  private final Path containerdRoot;
  private final Path socket;
  private final ClusterPrograms processes = new ClusterPrograms();
  private final Set<String> networkNamespacesBefore;
  private LocalPathProvisioner provisioner;
  private Duration startTime;
  private boolean closed;

  private RealNode(LocalCluster cluster, NodeNetwork network) {
    this.cluster = cluster;
    this.network = network;
    this.dir = cluster.directory().resolve("node");
    // kept between runs, so images are unpacked once (see NodeImages)
    this.containerdRoot = TestEnvironment.directory().resolve("node").resolve("containerd");
    // a unix socket path has at most 107 bytes; the temporary folder's is short enough
    this.socket = dir.resolve("run").resolve("containerd.sock");
    this.networkNamespacesBefore = networkNamespaces();
  }

  /** Why a real node cannot run here, or null: it needs root and the node's programs. */
  static String whyNot() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "the real node needs root (the kubelet sets kernel settings, runc makes namespaces): run the tests as root";
    }
    for (String program : List.of("containerd", "ctr", "runc", "iptables", "socat", "ip")) {
      if (HostCommand.run("sh", "-c", "command -v " + program).exitCode() != 0) {
        return program + " is not installed: run e2e-tests/testenv/install.sh (it installs every part the e2e tests need)";
      }
    }
    return null;
  }

  /**
   * Joins a real node to the cluster, which must have been started with
   * {@link LocalCluster#startForRealNode} on {@link NodeNetwork#NODE_ADDRESS} after the network
   * was up; imports the images (images/build.sh's archives, among them the operator's) and returns
   * when the node is Ready and schedulable.
   */
  static RealNode join(LocalCluster cluster, NodeNetwork network, List<Path> imageArchives) {
    RealNode node = new RealNode(cluster, network);
    try {
      node.startAll(imageArchives);
      return node;
    } catch (RuntimeException | Error e) {
      String tails = node.logTails(40);
      node.close();
      throw new IllegalStateException("the real node did not start: " + e.getMessage() + "\n" + tails, e);
    }
  }

  private void startAll(List<Path> imageArchives) {
    long begin = System.nanoTime();
    Path logs = cluster.directory().resolve("logs");
    createDirectories(dir.resolve("run"));
    createDirectories(containerdRoot);
    KubernetesClient client = cluster.client();

    int apiPort = cluster.apiServerPort();
    // the kubernetes Service's endpoint is the node's address (the API server advertises it); the
    // API server itself listens on loopback only
    launch("apiserver-relay", logs, "socat",
        "TCP-LISTEN:" + apiPort + ",bind=" + NodeNetwork.NODE_ADDRESS + ",reuseaddr,fork", "TCP:127.0.0.1:" + apiPort);

    Path containerdConfig = write(dir.resolve("containerd.toml"), containerdConfig());
    write(dir.resolve("cni").resolve("10-westchat.conflist"), cniConfig());
    ClusterProcess containerd = launch("containerd", logs, "containerd", "--config", containerdConfig.toString());
    waitFor("containerd's socket", () -> ctr("version").ok(), containerd);
    removeContainersOfEarlierRuns();
    NodeImages.importInto(this::ctr, containerdRoot, imageArchives);

    Path kubeletConfig = write(dir.resolve("kubelet.yaml"), kubeletConfig());
    write(dir.resolve("resolv.conf"), "nameserver " + NodeNetwork.NODE_ADDRESS + "\n");
    Path kubeletKubeconfig = cluster.kubeconfigWithCertificate("kubelet", "system:node:" + NODE_NAME,
        "system:nodes", "system:masters");
    ClusterProcess kubelet = launch("kubelet", logs, TestEnvironment.binary("kubelet").toString(),
        "--config=" + kubeletConfig,
        "--kubeconfig=" + kubeletKubeconfig,
        "--root-dir=" + dir.resolve("kubelet"),
        "--cert-dir=" + dir.resolve("kubelet-pki"),
        "--hostname-override=" + NODE_NAME,
        "--node-ip=" + NodeNetwork.NODE_ADDRESS,
        "--v=1");

    // kube-proxy's user is bound to system:node-proxier by Kubernetes' default policy
    Path proxyKubeconfig = cluster.kubeconfigWithCertificate("kube-proxy", "system:kube-proxy");
    Path proxyConfig = write(dir.resolve("kube-proxy.yaml"), kubeProxyConfig(proxyKubeconfig));
    ClusterProcess proxy = launch("kube-proxy", logs, TestEnvironment.binary("kube-proxy").toString(),
        "--config=" + proxyConfig, "--v=1");

    Path dnsKubeconfig = cluster.kubeconfigWithCertificate("coredns", "westchat-coredns", "system:masters");
    Path corefile = write(dir.resolve("Corefile"), corefile(dnsKubeconfig));
    ClusterProcess dns = launch("coredns", logs, TestEnvironment.binary("coredns").toString(), "-conf", corefile.toString());

    provisioner = LocalPathProvisioner.start(client, dir.resolve("volumes"));
    ClusterProcess[] all = {containerd, kubelet, proxy, dns};
    // a cluster kept in a data folder still has the node that close() cordoned
    if (client.nodes().withName(NODE_NAME).get() != null) {
      client.nodes().withName(NODE_NAME).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":null}}");
    }
    waitFor("node " + NODE_NAME + " Ready and without taints", () -> readyAndUntainted(client.nodes().withName(NODE_NAME).get()), all);
    startTime = Duration.ofNanos(System.nanoTime() - begin);
    System.err.printf(Locale.ROOT, "real node: %s Ready in %.1f s (containerd root %s)%n", NODE_NAME,
        startTime.toMillis() / 1000.0, containerdRoot);
  }

  private static boolean readyAndUntainted(Node node) {
    return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
        && (node.getSpec().getTaints() == null || node.getSpec().getTaints().isEmpty());
  }

  // ------------------------------------------------------------------------------------ configs --

  private String containerdConfig() {
    String runc = HostCommand.run("sh", "-c", "command -v runc").output().strip();
    return """
        version = 2
        root = "%s"
        state = "%s"
        [grpc]
          address = "%s"
        [ttrpc]
          address = "%s.ttrpc"
        [debug]
          address = ""
        [metrics]
          address = ""
        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "%s"
          enable_selinux = false
          disable_apparmor = true
          # the machine lacks CAP_SYS_RESOURCE: runc cannot lower a pod's OOM score below its own
          restrict_oom_score_adj = true
          [plugins."io.containerd.grpc.v1.cri".containerd]
            snapshotter = "overlayfs"
            default_runtime_name = "runc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                SystemdCgroup = false
                BinaryName = "%s"
          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "%s"
            conf_dir = "%s"
          # every image was imported: a pull of one that was not fails at once on a closed loopback
          # port instead of asking a registry off this machine
          [plugins."io.containerd.grpc.v1.cri".registry.mirrors]
        %s""".formatted(containerdRoot, dir.resolve("containerd-state"), socket, socket, SANDBOX_IMAGE, runc,
        cniBinaries(), dir.resolve("cni"), noRegistries());
  }

  private static String noRegistries() {
    StringBuilder mirrors = new StringBuilder();
    for (String registry : List.of("docker.io", "ghcr.io", "quay.io", "registry.k8s.io", "*")) {
      mirrors.append("            [plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors.\"").append(registry)
          .append("\"]\n              endpoint = [\"http://127.0.0.1:9\"]\n");
    }
    return mirrors.toString();
  }

  private static String cniBinaries() {
    String configured = System.getenv("WESTCHAT_CNI_BIN");
    return configured != null && !configured.isBlank() ? configured : "/usr/lib/cni";
  }

  /** The bridge plugin on the node's bridge; addresses from the pod subnet, kept in the node's folder. */
  private String cniConfig() {
    return """
        {
          "cniVersion": "1.0.0",
          "name": "westchat-pods",
          "plugins": [
            {
              "type": "bridge",
              "bridge": "%s",
              "isGateway": true,
              "ipMasq": false,
              "hairpinMode": true,
              "ipam": {
                "type": "host-local",
                "dataDir": "%s",
                "ranges": [[{"subnet": "%s", "gateway": "%s"}]],
                "routes": [{"dst": "0.0.0.0/0"}]
              }
            }
          ]
        }
        """.formatted(NodeNetwork.BRIDGE, dir.resolve("cni-ipam"), NodeNetwork.POD_SUBNET, NodeNetwork.NODE_ADDRESS);
  }

  private String kubeletConfig() {
    int healthz = LoopbackPorts.take();
    return """
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        # the API server reaches the kubelet at the node's address for logs, exec and port-forward
        address: %s
        port: 10250
        readOnlyPort: 0
        healthzBindAddress: 127.0.0.1
        healthzPort: %d
        authentication:
          anonymous: {enabled: false}
          webhook: {enabled: false}
          x509: {clientCAFile: "%s"}
        authorization: {mode: AlwaysAllow}
        cgroupDriver: cgroupfs
        # the machine mounts cgroup v1 per controller
        failCgroupV1: false
        containerRuntimeEndpoint: "unix://%s"
        podLogsDir: "%s"
        resolvConf: "%s"
        clusterDomain: cluster.local
        clusterDNS: ["%s"]
        failSwapOn: false
        serializeImagePulls: false
        # the images were imported, not pulled: never collect them
        imageGCHighThresholdPercent: 100
        imageGCLowThresholdPercent: 99
        evictionHard: {memory.available: "100Mi", nodefs.available: "1%%", imagefs.available: "1%%"}
        maxPods: 110
        registerNode: true
        """.formatted(NodeNetwork.NODE_ADDRESS, healthz, cluster.caCertificate(), socket, podLogs(),
        dir.resolve("resolv.conf"), NodeNetwork.NODE_ADDRESS);
  }

  private String kubeProxyConfig(Path kubeconfig) {
    int healthz = LoopbackPorts.take();
    int metrics = LoopbackPorts.take();
    return """
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        clientConnection: {kubeconfig: "%s"}
        hostnameOverride: %s
        mode: iptables
        clusterCIDR: %s
        bindAddress: 127.0.0.1
        healthzBindAddress: 127.0.0.1:%d
        metricsBindAddress: 127.0.0.1:%d
        iptables: {localhostNodePorts: false, masqueradeAll: false}
        nodePortAddresses: ["127.0.0.1/32"]
        # leave the machine's conntrack settings as they are
        conntrack: {maxPerCore: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
        """.formatted(kubeconfig, NODE_NAME, NodeNetwork.POD_SUBNET, healthz, metrics);
  }

  /** cluster.local from the API server; nothing else is answered, so no name leads off the machine. */
  private static String corefile(Path kubeconfig) {
    return """
        .:53 {
            bind %s
            errors
            kubernetes cluster.local in-addr.arpa ip6.arpa {
                kubeconfig %s westchat-local
                pods insecure
                fallthrough in-addr.arpa ip6.arpa
            }
            cache 30
        }
        """.formatted(NodeNetwork.NODE_ADDRESS, kubeconfig);
  }

  // ------------------------------------------------------------------------------ what tests use --

  /** The folder of the pods' logs: NAMESPACE_POD_UID/CONTAINER/N.log. */
  Path podLogs() {
    return dir.resolve("pod-logs");
  }

  Duration startTime() {
    return startTime;
  }

  /**
   * The last lines of every container log of the pods in the namespace (every namespace when
   * null), current and earlier runs, for a failure report.
   */
  String podLogTails(String namespace, int lines) {
    StringBuilder out = new StringBuilder();
    if (!Files.isDirectory(podLogs())) {
      return "";
    }
    try (Stream<Path> files = Files.walk(podLogs())) {
      for (Path log : files.filter(Files::isRegularFile).sorted().toList()) {
        String pod = podLogs().relativize(log).getName(0).toString();
        if (namespace != null && !pod.startsWith(namespace + "_")) {
          continue;
        }
        List<String> all = Files.readAllLines(log);
        out.append("----- pod log ").append(podLogs().relativize(log)).append(": last ").append(lines).append(" lines -----\n");
        all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
      }
    } catch (IOException | UncheckedIOException e) {
      out.append("(cannot read the pod logs: ").append(e).append(")\n");
    }
    return out.toString();
  }

  void killContainer(String id) {
    ctr("tasks", "kill", "-s", "SIGKILL", id).requireSuccess();
  }

  String logTails(int lines) {
    return processes.logTails(lines);
  }

  void requireRunning() {
    processes.requireRunning();
  }

  // --------------------------------------------------------------------------------------- stop --

  /**
   * Lets the kubelet stop every pod (the node cordoned, its pods deleted at once), then stops the
   * node's programs and removes what they leave: containers, mounts, network namespaces, iptables
   * chains, cgroups and the bridge.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (provisioner != null) {
      provisioner.close();
    }
    stopPods();
    ClusterProcess containerd = null;
    for (ClusterProcess process : processes.newestFirst()) {
      if (process.name().equals("containerd")) {
        containerd = process;
      } else {
        process.stop(10_000);
      }
    }
    if (containerd != null && containerd.isAlive()) {
      removeAllContainers();
      containerd.stop(10_000);
    }
    unmountUnder(List.of(dir, containerdRoot));
    removeNetworkNamespacesOfThisRun();
    Path proxy = TestEnvironment.directory().resolve("bin").resolve("kube-proxy");
    if (Files.isExecutable(proxy)) {
      HostCommand.run(proxy.toString(), "--cleanup");
    }
    network.down();
    removeKubeletCgroups();
  }

  private void stopPods() {
    KubernetesClient client;
    try {
      client = cluster.client();
      if (client.nodes().withName(NODE_NAME).get() == null) {
        return;
      }
      client.nodes().withName(NODE_NAME).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":true}}");
      for (Pod pod : client.pods().inAnyNamespace().withField("spec.nodeName", NODE_NAME).list().getItems()) {
        client.resource(pod).withGracePeriod(0).delete();
      }
    } catch (RuntimeException e) {
      System.err.println("real node: cannot delete the pods through the API server (" + e.getMessage() + "); removing them directly");
      return;
    }
    long deadline = System.nanoTime() + STOP_PODS_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && !ctr("tasks", "ls", "-q").output().isBlank()) {
      sleep(500);
    }
  }

  private void removeContainersOfEarlierRuns() {
    if (!ctr("containers", "ls", "-q").output().isBlank()) {
      System.err.println("real node: removing the containers an earlier run left in " + containerdRoot);
      removeAllContainers();
    }
  }

  private void removeAllContainers() {
    for (String task : ctr("tasks", "ls", "-q").output().lines().filter(l -> !l.isBlank()).toList()) {
      ctr("tasks", "kill", "-s", "SIGKILL", task);
    }
    sleep(500);
    for (String task : ctr("tasks", "ls", "-q").output().lines().filter(l -> !l.isBlank()).toList()) {
      ctr("tasks", "delete", "-f", task);
    }
    for (String container : ctr("containers", "ls", "-q").output().lines().filter(l -> !l.isBlank()).toList()) {
      ctr("containers", "delete", container);
    }
  }

  private HostCommand.Result ctr(String... arguments) {
    return HostCommand.run(HostCommand.with(List.of("ctr", "--address", socket.toString(), "--namespace", "k8s.io"),
        arguments));
  }

  /** Unmounts every mount below the folders, deepest first (secrets' tmpfs, shm, rootfs overlays). */
  private static void unmountUnder(List<Path> roots) {
    List<String> mounts;
    try {
      mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" ")[4])
          .map(p -> p.replace("\\040", " "))
          .filter(p -> roots.stream().anyMatch(r -> p.startsWith(r.toString() + "/")))
          .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    } catch (IOException e) {
      return;
    }
    for (String mount : mounts) {
      HostCommand.run("umount", "-l", mount);
    }
  }

  private static Set<String> networkNamespaces() {
    Path folder = Path.of("/var/run/netns");
    if (!Files.isDirectory(folder)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return new HashSet<>(files.map(f -> f.getFileName().toString()).toList());
    } catch (IOException e) {
      return Set.of();
    }
  }

  /** The CNI network namespaces of the pods of this run that the kubelet did not remove. */
  private void removeNetworkNamespacesOfThisRun() {
    for (String namespace : networkNamespaces()) {
      if (namespace.startsWith("cni-") && !networkNamespacesBefore.contains(namespace)) {
        HostCommand.run("ip", "netns", "delete", namespace);
      }
    }
  }

  /** The kubelet's cgroups (kubepods and below) in every v1 hierarchy, once their processes are gone. */
  private static void removeKubeletCgroups() {
    Path cgroups = Path.of("/sys/fs/cgroup");
    try (Stream<Path> hierarchies = Files.list(cgroups)) {
      for (Path hierarchy : hierarchies.toList()) {
        Path kubepods = hierarchy.resolve("kubepods");
        if (Files.isDirectory(kubepods)) {
          try (Stream<Path> groups = Files.walk(kubepods)) {
            groups.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).forEach(g -> g.toFile().delete());
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("real node: cannot remove the kubelet's cgroups: " + e);
    }
  }

  // ------------------------------------------------------------------------------------ helpers --

  private ClusterProcess launch(String name, Path logs, String... command) {
    return processes.launch(name, logs, Map.of(), command);
  }

  private static void waitFor(String what, BooleanSupplier condition, ClusterProcess... mustRun) {
    ClusterPrograms.waitFor(what, condition, START_TIMEOUT, mustRun);
  }

  private static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void createDirectories(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
