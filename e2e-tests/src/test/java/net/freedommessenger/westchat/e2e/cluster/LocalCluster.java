package net.freedommessenger.westchat.e2e.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import net.freedommessenger.westchat.e2e.chart.RenderedChart;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * A small but real Kubernetes control plane on loopback, for the cluster tier: etcd,
 * kube-apiserver (RBAC, PodSecurity admission, ServiceAccount tokens, client certificates),
 * kube-controller-manager (workload, garbage collection, namespace and ServiceAccount
 * controllers), kube-scheduler and kwok, which plays the kubelet of one fake node so pods are
 * scheduled and turn Running and Ready without any container.
 *
 * <p>Everything lives in one temporary folder (certificates, kubeconfigs, etcd data, one log per
 * program); every port is a free one on 127.0.0.1. {@link #close()} stops each program through
 * its own process handle.
 */
public final class LocalCluster implements ClusterUnderTest, AutoCloseable {

  /** The node kwok manages; nodes carrying {@link #KWOK_NODE_ANNOTATION}=fake are kwok's. */
  public static final String FAKE_NODE = "westchat-fake-node";
  public static final String KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";
  public static final String SERVICE_CLUSTER_IP_RANGE = "10.0.0.0/24";
  /**
   * With kwok's fake node: every community has several Services, so 254 addresses hold about 30
   * communities (then "failed to allocate a serviceIP: range is full"); the benchmark applies 100 at once.
   * No kube-proxy routes them there, so the range can be wide.
   */
  public static final String FAKE_NODE_SERVICE_CLUSTER_IP_RANGE = "10.0.0.0/16";
  public static final String POD_CIDR = "10.244.0.0/16";
  public static final String ADMIN_USER = "westchat-admin";
  /** The default StorageClass; kwok's volume stages act on claims of this class only. */
  public static final String STORAGE_CLASS = "kwok-volume";
  /**
   * The controllers kube-controller-manager runs: what workloads, garbage collection, namespaces
   * and ServiceAccounts need, plus the aggregation that fills the admin/edit/view ClusterRoles.
   */
  public static final List<String> CONTROLLERS = List.of(
      "garbage-collector-controller",
      "deployment-controller",
      "replicaset-controller",
      "statefulset-controller",
      "job-controller",
      "namespace-controller",
      "serviceaccount-controller",
      "serviceaccount-token-controller",
      "root-ca-certificate-publisher-controller",
      "clusterrole-aggregation-controller",
      "endpointslice-controller",
      "disruption-controller",
      "persistentvolumeclaim-protection-controller",
      "persistentvolume-protection-controller");
  /**
   * With a real node: the same, plus what kwok otherwise plays: the node lifecycle (it lifts the
   * not-ready taint once the kubelet reports Ready) and the binding of volume claims to the
   * volumes {@link LocalPathProvisioner} makes.
   */
  public static final List<String> REAL_NODE_CONTROLLERS = java.util.stream.Stream.concat(CONTROLLERS.stream(),
      java.util.stream.Stream.of("node-lifecycle-controller", "persistentvolume-binder-controller")).toList();

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final long TOKEN_SECONDS = 24 * 3600;
  private static final String CLUSTER_NAME = "westchat-local";

  private final Path dir;
  /** Null: kwok plays a fake node; else the address of the real node that joins (see {@link RealNode}). */
  private final String realNodeAddress;
  private final ClusterPrograms processes = new ClusterPrograms();
  private final Thread shutdownHook = new Thread(this::stopProcesses, "local-cluster-stop");
  private volatile boolean keepFiles;
  /** Started in a data folder: nothing is deleted on close, and etcd writes to disk for real. */
  private volatile boolean kept;
  private volatile boolean closed;
  private ClusterCertificates certificates;
  private int apiServerPort;
  private Path adminKubeconfig;
  private KubernetesClient client;
  private Duration startTime;
  private boolean bindsVolumes;

  private LocalCluster(Path dir, String realNodeAddress) {
    this.dir = dir;
    this.realNodeAddress = realNodeAddress;
  }

  /** Starts a cluster in a new temporary folder; returns when the fake node is Ready. */
  public static LocalCluster start() {
    return start(null);
  }

  /**
   * Starts the control plane for a real node at the address (an address of this machine that
   * pods reach, see {@link NodeNetwork}) instead of kwok's fake node: the API server advertises
   * that address for the kubernetes Service and reaches the kubelet with a client certificate,
   * and the controllers a real node needs run (node lifecycle, volume binding). Returns once the
   * control plane answers; the node joins later.
   */
  static LocalCluster startForRealNode(String nodeAddress) {
    return start(nodeAddress, null);
  }

  /**
   * The same in a folder that outlives it: etcd's data (with every object and Secret), the
   * certificates and the node's volumes stay there when it stops, and a later start in the same
   * folder finds the cluster as it was left.
   */
  static LocalCluster startForRealNodeKeptIn(String nodeAddress, Path dataFolder) {
    return start(nodeAddress, dataFolder);
  }

  private static LocalCluster start(String realNodeAddress) {
    return start(realNodeAddress, null);
  }

  private static LocalCluster start(String realNodeAddress, Path dataFolder) {
    Path dir;
    try {
      dir = dataFolder != null ? Files.createDirectories(dataFolder) : Files.createTempDirectory("westchat-local-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LocalCluster cluster = new LocalCluster(dir, realNodeAddress);
    cluster.kept = dataFolder != null;
    if (realNodeAddress == null) {
      // with a real node, RealNodeCluster's hook stops the node first, then this cluster
      Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    }
    try {
      cluster.startAll();
      return cluster;
    } catch (RuntimeException | Error e) {
      String tails = cluster.logTails(40);
      cluster.keepFilesOnClose();
      cluster.close();
      throw new IllegalStateException("the local cluster did not start: " + e.getMessage()
          + "\nfiles and logs are kept in " + dir + "\n" + tails, e);
    }
  }

  private void startAll() {
    long begin = System.nanoTime();
    Path etcdBinary = TestEnvironment.binary("etcd");
    Path apiServerBinary = TestEnvironment.binary("kube-apiserver");
    Path controllerManagerBinary = TestEnvironment.binary("kube-controller-manager");
    Path schedulerBinary = TestEnvironment.binary("kube-scheduler");
    boolean fakeNode = realNodeAddress == null;
    Path kwokBinary = fakeNode ? TestEnvironment.binary("kwok") : null;
    Path kwokStages = fakeNode ? kwokStages() : null;
    bindsVolumes = !fakeNode || read(kwokStages).contains("name: pvc-provision");
    if (!bindsVolumes) {
      System.err.println("local cluster: " + kwokStages + " has no kwok volume stages;"
          + " PersistentVolumeClaims will stay Pending (install.sh should collect kustomize/stage/volume/fast)");
    }
    Path logs = dir.resolve("logs");

    int[] ports = kept ? keptPorts(dir.resolve("ports"), 5) : freePorts(5);
    int etcdPort = ports[0];
    int etcdPeerPort = ports[1];
    apiServerPort = ports[2];
    int controllerManagerPort = ports[3];
    int schedulerPort = ports[4];

    // etcd needs no certificate: it starts while they are made
    String etcdUrl = "http://127.0.0.1:" + etcdPort;
    String etcdPeerUrl = "http://127.0.0.1:" + etcdPeerPort;
    ClusterProcess etcd = launch("etcd", logs, Map.of(),
        etcdBinary.toString(),
        "--name=" + CLUSTER_NAME,
        "--data-dir=" + dir.resolve("etcd"),
        "--listen-client-urls=" + etcdUrl,
        "--advertise-client-urls=" + etcdUrl,
        "--listen-peer-urls=" + etcdPeerUrl,
        "--initial-advertise-peer-urls=" + etcdPeerUrl,
        "--initial-cluster=" + CLUSTER_NAME + "=" + etcdPeerUrl,
        // a throw-away cluster's data need not survive a crash of this machine; a kept one's must
        "--unsafe-no-fsync=" + !kept);

    certificates = ClusterCertificates.create(dir.resolve("pki"));
    ClusterCertificates.Pair admin = certificates.client("admin", ADMIN_USER, "system:masters");
    ClusterCertificates.Pair controllerManagerUser = certificates.client("kube-controller-manager", "system:kube-controller-manager");
    ClusterCertificates.Pair schedulerUser = certificates.client("kube-scheduler", "system:kube-scheduler");
    ClusterCertificates.Pair kwokUser = certificates.client("kwok", "westchat-kwok", "system:masters");
    ClusterCertificates.Pair serving = certificates.serving();

    adminKubeconfig = writeKubeconfig("admin", certificateKubeconfig(ADMIN_USER, admin));
    Path controllerManagerKubeconfig = writeKubeconfig("kube-controller-manager",
        certificateKubeconfig("system:kube-controller-manager", controllerManagerUser));
    Path schedulerKubeconfig = writeKubeconfig("kube-scheduler", certificateKubeconfig("system:kube-scheduler", schedulerUser));
    Path kwokKubeconfig = writeKubeconfig("kwok", certificateKubeconfig("westchat-kwok", kwokUser));

    List<String> apiServerCommand = new ArrayList<>(List.of(
        apiServerBinary.toString(),
        "--etcd-servers=" + etcdUrl,
        "--bind-address=127.0.0.1",
        "--secure-port=" + apiServerPort,
        "--tls-cert-file=" + serving.cert(),
        "--tls-private-key-file=" + serving.key(),
        "--client-ca-file=" + certificates.ca().cert(),
        "--authorization-mode=RBAC",
        "--enable-admission-plugins=PodSecurity",
        "--service-cluster-ip-range=" + (fakeNode ? FAKE_NODE_SERVICE_CLUSTER_IP_RANGE : SERVICE_CLUSTER_IP_RANGE),
        "--allow-privileged=true",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=" + certificates.serviceAccountPublicKey(),
        "--service-account-signing-key-file=" + certificates.serviceAccountKey(),
        "--profiling=false"));
    if (fakeNode) {
      // the kubernetes Service's endpoints would be 127.0.0.1, which endpoint validation refuses
      apiServerCommand.addAll(List.of("--advertise-address=127.0.0.1", "--endpoint-reconciler-type=none"));
      // who wrote what (write verbs only, no bodies), for the tests that count an operator's writes
      apiServerCommand.addAll(List.of(
          "--audit-policy-file=" + write(dir.resolve("audit-policy.yaml"), AuditLog.POLICY),
          "--audit-log-path=" + logs.resolve(AuditLog.FILE_PREFIX + ".log"),
          "--audit-log-maxsize=" + AuditLog.MAX_SIZE_MB,
          "--audit-log-maxbackup=2"));
    } else {
      // pods reach the API server at the node's address (RealNode relays it to loopback); logs,
      // exec and port-forward go to the kubelet there, with a client certificate it trusts
      ClusterCertificates.Pair kubeletClient = certificates.client("kube-apiserver-kubelet-client",
          "kube-apiserver-kubelet-client", "system:masters");
      apiServerCommand.addAll(List.of("--advertise-address=" + realNodeAddress,
          "--kubelet-client-certificate=" + kubeletClient.cert(),
          "--kubelet-client-key=" + kubeletClient.key(),
          "--kubelet-preferred-address-types=InternalIP"));
    }
    ClusterProcess apiServer = launch("kube-apiserver", logs, Map.of(), apiServerCommand.toArray(String[]::new));

    HttpClient http = loopbackHttpClient();
    waitFor("kube-apiserver /readyz", () -> httpOk(http, "https://127.0.0.1:" + apiServerPort + "/readyz"), etcd, apiServer);
    client = newClient();

    ClusterProcess controllerManager = launch("kube-controller-manager", logs, Map.of(),
        controllerManagerBinary.toString(),
        "--kubeconfig=" + controllerManagerKubeconfig,
        "--bind-address=127.0.0.1",
        "--secure-port=" + controllerManagerPort,
        "--tls-cert-file=" + serving.cert(),
        "--tls-private-key-file=" + serving.key(),
        "--leader-elect=false",
        "--controllers=" + String.join(",", fakeNode ? CONTROLLERS : REAL_NODE_CONTROLLERS),
        "--use-service-account-credentials=true",
        "--service-account-private-key-file=" + certificates.serviceAccountKey(),
        "--root-ca-file=" + certificates.ca().cert(),
        "--profiling=false");

    Path schedulerConfig = write(dir.resolve("kube-scheduler.yaml"), """
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        clientConnection:
          kubeconfig: "%s"
        leaderElection:
          leaderElect: false
        enableProfiling: false
        """.formatted(schedulerKubeconfig));
    ClusterProcess scheduler = launch("kube-scheduler", logs, Map.of(),
        schedulerBinary.toString(),
        "--config=" + schedulerConfig,
        "--bind-address=127.0.0.1",
        "--secure-port=" + schedulerPort,
        "--tls-cert-file=" + serving.cert(),
        "--tls-private-key-file=" + serving.key());

    List<ClusterProcess> all = new ArrayList<>(List.of(etcd, apiServer, controllerManager, scheduler));
    if (fakeNode) {
      // HOME of its own: kwok also reads ~/.kwok/kwok.yaml when there is one
      Path kwokHome = dir.resolve("kwok-home");
      createDirectories(kwokHome);
      all.add(launch("kwok", logs, Map.of("HOME", kwokHome.toString()),
          kwokBinary.toString(),
          "--kubeconfig=" + kwokKubeconfig,
          "--config=" + kwokStages,
          "--manage-nodes-with-annotation-selector=" + KWOK_NODE_ANNOTATION + "=fake",
          "--cidr=" + POD_CIDR,
          "--node-ip=10.240.0.10"));
      createFakeNode();
      client.resource(storageClass()).create();
    }

    ClusterProcess[] running = all.toArray(ClusterProcess[]::new);
    waitFor("kube-scheduler /healthz", () -> httpOk(http, "https://127.0.0.1:" + schedulerPort + "/healthz"), running);
    waitFor("kube-controller-manager /healthz",
        () -> httpOk(http, "https://127.0.0.1:" + controllerManagerPort + "/healthz"), running);
    waitFor("ServiceAccount default/default (kube-controller-manager's serviceaccount controller)",
        () -> client.serviceAccounts().inNamespace("default").withName("default").get() != null, running);
    if (fakeNode) {
      waitFor("node " + FAKE_NODE + " Ready (kwok)", () -> isReady(client.nodes().withName(FAKE_NODE).get()), running);
    }
    startTime = Duration.ofNanos(System.nanoTime() - begin);
    System.err.printf(Locale.ROOT, "local cluster: %s in %.1f s at https://127.0.0.1:%d (files in %s)%n",
        fakeNode ? "ready" : "control plane ready", startTime.toMillis() / 1000.0, apiServerPort, dir);
  }

  /**
   * The kwok Stage objects install.sh collected (kwok 0.8 plays no node or pod lifecycle
   * without them): $WESTCHAT_KWOK_STAGES, else kwok/stages.yaml in the install folder.
   */
  static Path kwokStages() {
    String configured = System.getenv("WESTCHAT_KWOK_STAGES");
    Path file = configured != null && !configured.isBlank()
        ? Path.of(configured)
        : TestEnvironment.directory().resolve("kwok").resolve("stages.yaml");
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalStateException("the kwok stages file " + file + " is missing"
          + ": run e2e-tests/testenv/install.sh kwok (it installs every part the e2e tests need)");
    }
    return file;
  }

  /**
   * The node kwok plays. Admission (TaintNodesByCondition) gives every new node the not-ready
   * NoSchedule taint, which kube-controller-manager's node-lifecycle controller would lift once
   * the node is Ready; that controller does not run here (it would also judge kwok's heartbeats),
   * so the taint is lifted right away.
   */
  private void createFakeNode() {
    client.nodes().resource(fakeNode()).create();
    // a JSON merge patch carries no resourceVersion, so kwok's own status updates cannot make it conflict
    client.nodes().withName(FAKE_NODE).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"taints\":null}}");
  }

  /**
   * The default StorageClass, named as kwok's volume stages expect: with those stages loaded, kwok
   * provisions and binds a PersistentVolume for each claim of this class, so StatefulSets with
   * volume claim templates roll out too.
   */
  private static StorageClass storageClass() {
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName(STORAGE_CLASS)
        .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true")
        .endMetadata()
        .withProvisioner("kwok.x-k8s.io/volume")
        .withReclaimPolicy("Delete")
        .withVolumeBindingMode("Immediate")
        .build();
  }

  /** Whether the kwok stages include the volume ones (claims of {@link #STORAGE_CLASS} get bound). */
  public boolean bindsVolumes() {
    return bindsVolumes;
  }

  private static Node fakeNode() {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(FAKE_NODE)
        .addToAnnotations(KWOK_NODE_ANNOTATION, "fake")
        .addToLabels("kubernetes.io/hostname", FAKE_NODE)
        .addToLabels("kubernetes.io/os", "linux")
        .addToLabels("kubernetes.io/arch", "amd64")
        .addToLabels("type", "kwok")
        .endMetadata()
        .build();
  }

  private static boolean isReady(Node node) {
    return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  // ------------------------------------------------------------------------------ what tests use --

  @Override
  public String describe() {
    return "the local cluster (kwok, no containers) at " + url();
  }

  /** kwok plays pods without containers: nothing the operator deploys answers. */
  @Override
  public boolean runsContainers() {
    return false;
  }

  /**
   * The packaged operator as a process of this machine, with the chart's ServiceAccount token and
   * environment: the chart's own pod is an empty shell here.
   */
  @Override
  public OperatorUnderTest operatorOf(RenderedChart installed) {
    return OperatorProcess.start(this, installed, "operator-chart").awaitStarted();
  }

  /** Runs every sample as it is: no pod waits for an image or a Secret on a fake node. */
  @Override
  public Path runnable(Path sample) {
    return sample;
  }

  @Override
  public void supplyWhatPodsWaitFor(String namespace, List<HasMetadata> expected) {
    // kwok starts pods without mounting their volumes
  }

  /** The API server's URL, https://127.0.0.1:PORT. */
  public String url() {
    return "https://127.0.0.1:" + apiServerPort;
  }

  /** A kubeconfig file for the cluster's admin (client certificate, group system:masters). */
  @Override
  public Path adminKubeconfig() {
    return adminKubeconfig;
  }

  /** The admin client; closed with the cluster. */
  @Override
  public KubernetesClient client() {
    return client;
  }

  /** An admin client of its own, for code that closes its client (an operator does). */
  public KubernetesClient newClient() {
    return clientOf(adminKubeconfig);
  }

  /**
   * The API server's audit log of write requests, with who sent each (kwok's fake node only: a
   * cluster for a real node writes none).
   */
  public AuditLog auditLog() {
    if (realNodeAddress != null) {
      throw new IllegalStateException("the local cluster for a real node keeps no audit log");
    }
    return new AuditLog(dir.resolve("logs"), AuditLog.FILE_PREFIX);
  }

  /** The folder of certificates, kubeconfigs, etcd data and logs. */
  public Path directory() {
    return dir;
  }

  /** How long {@link #start()} took until the fake node was Ready. */
  public Duration startTime() {
    return startTime;
  }

  /**
   * A kubeconfig file that authenticates as the ServiceAccount (a token from the TokenRequest
   * API, valid for a day), with the namespace as its default: a client of it can do exactly
   * what RBAC grants that ServiceAccount. The ServiceAccount must exist.
   */
  public Path kubeconfigFor(String namespace, String serviceAccount) {
    TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(TOKEN_SECONDS).endSpec().build();
    String token = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount).tokenRequest(request)
        .getStatus().getToken();
    String user = "system:serviceaccount:" + namespace + ":" + serviceAccount;
    return writeKubeconfig("sa-" + namespace + "-" + serviceAccount,
        kubeconfig(user, namespace, "    token: \"" + token + "\"\n"));
  }

  /**
   * A kubeconfig file with a new client certificate for the user in the groups, signed by the
   * cluster's CA: for the programs of a real node (kubelet, kube-proxy, CoreDNS).
   */
  Path kubeconfigWithCertificate(String fileName, String user, String... groups) {
    return writeKubeconfig(fileName, certificateKubeconfig(user, certificates.client(fileName, user, groups)));
  }

  /** The cluster CA's certificate, which the kubelet trusts for the API server's client certificate. */
  Path caCertificate() {
    return certificates.ca().cert();
  }

  int apiServerPort() {
    return apiServerPort;
  }

  /** A client authenticating as the ServiceAccount, see {@link #kubeconfigFor}. */
  public KubernetesClient clientFor(String namespace, String serviceAccount) {
    return clientOf(kubeconfigFor(namespace, serviceAccount));
  }

  /**
   * Creates a namespace with the labels and waits for its default ServiceAccount, without which
   * the API server refuses pods there.
   */
  @Override
  public Namespace createNamespace(String name, Map<String, String> labels) {
    Namespace namespace = client.resource(new NamespaceBuilder()
        .withNewMetadata().withName(name).withLabels(labels).endMetadata().build()).create();
    waitFor("ServiceAccount " + name + "/default",
        () -> client.serviceAccounts().inNamespace(name).withName("default").get() != null, Duration.ofSeconds(60),
        processes.all());
    return namespace;
  }

  /** Fails with the end of its log when one of the cluster's programs has exited. */
  public void requireRunning() {
    processes.requireRunning();
  }

  /** The last lines of every program's log, for a failure report. */
  public String logTails(int lines) {
    return processes.logTails(lines);
  }

  public void printLogTails(PrintStream out, int lines) {
    out.println(logTails(lines));
  }

  /** Keeps the folder (logs, certificates, kubeconfigs) when the cluster stops; etcd's data goes. */
  public void keepFilesOnClose() {
    keepFiles = true;
  }

  /** Stops every program, last started first, and removes the folder unless asked to keep it. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (client != null) {
      client.close();
    }
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
    if (!kept) {
      deleteRecursively(keepFiles ? dir.resolve("etcd") : dir);
    }
  }

  /**
   * A crash of one control-plane program (etcd, kube-apiserver, ...) and its supervisor's restart:
   * SIGKILL, started again with the same command and data, then waits until the API server is
   * ready again. Returns how long that took.
   */
  public Duration crashAndRestart(String program) {
    long begin = System.nanoTime();
    ClusterProcess again = processes.killAndStartAgain(program);
    HttpClient http = loopbackHttpClient();
    waitFor("kube-apiserver /readyz after " + program + " restarted",
        () -> httpOk(http, "https://127.0.0.1:" + apiServerPort + "/readyz"), again);
    return Duration.ofNanos(System.nanoTime() - begin);
  }

  private void stopProcesses() {
    for (ClusterProcess process : processes.newestFirst()) {
      process.stop(15_000);
    }
  }

  // ------------------------------------------------------------------------------------ helpers --

  private ClusterProcess launch(String name, Path logs, Map<String, String> environment, String... command) {
    return processes.launch(name, logs, environment, command);
  }

  private void waitFor(String what, BooleanSupplier condition, ClusterProcess... mustRun) {
    waitFor(what, condition, START_TIMEOUT, mustRun);
  }

  private static void waitFor(String what, BooleanSupplier condition, Duration timeout, ClusterProcess... mustRun) {
    ClusterPrograms.waitFor(what, condition, timeout, mustRun);
  }

  /** Trusts the cluster's CA only; every server here presents the loopback serving certificate. */
  private HttpClient loopbackHttpClient() {
    try (InputStream in = Files.newInputStream(certificates.ca().cert())) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("cluster-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, trustManagers.getTrustManagers(), null);
      // HTTP/1.1: JDK 17's HTTP/2 client gets GOAWAY from the Go servers on the first request
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl)
          .connectTimeout(Duration.ofSeconds(2)).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust the cluster CA", e);
    }
  }

  private static boolean httpOk(HttpClient http, String url) {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Distinct free ports on 127.0.0.1: all sockets are open at once, then closed. */
  /**
   * The ports a kept cluster used before, when they are still free: etcd's member keeps the peer
   * address it was made with, and kubeconfigs copied elsewhere keep the API server's.
   */
  private static int[] keptPorts(Path file, int count) {
    try {
      if (Files.isRegularFile(file)) {
        int[] before = java.util.Arrays.stream(Files.readString(file).trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        if (before.length == count && java.util.Arrays.stream(before).allMatch(LocalCluster::isFree)) {
          return before;
        }
      }
      int[] ports = freePorts(count);
      Files.writeString(file, java.util.Arrays.stream(ports).mapToObj(String::valueOf)
          .collect(java.util.stream.Collectors.joining(" ")) + "\n");
      return ports;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot keep the cluster's ports in " + file + ": " + e.getMessage(), e);
    }
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static int[] freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      InetAddress loopback = InetAddress.getByName("127.0.0.1");
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, loopback);
        socket.setReuseAddress(true);
        sockets.add(socket);
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // nothing holds it
        }
      }
    }
  }

  private String certificateKubeconfig(String user, ClusterCertificates.Pair pair) {
    return kubeconfig(user, null,
        "    client-certificate-data: " + base64(pair.certPem()) + "\n"
            + "    client-key-data: " + base64(pair.keyPem()) + "\n");
  }

  private String kubeconfig(String user, String namespace, String credentials) {
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: " + CLUSTER_NAME + "\n"
        + "  cluster:\n"
        + "    server: " + url() + "\n"
        + "    certificate-authority-data: " + base64(certificates.ca().certPem()) + "\n"
        + "users:\n"
        + "- name: \"" + user + "\"\n"
        + "  user:\n"
        + credentials
        + "contexts:\n"
        + "- name: " + CLUSTER_NAME + "\n"
        + "  context:\n"
        + "    cluster: " + CLUSTER_NAME + "\n"
        + "    user: \"" + user + "\"\n"
        + (namespace != null ? "    namespace: " + namespace + "\n" : "")
        + "current-context: " + CLUSTER_NAME + "\n";
  }

  private Path writeKubeconfig(String name, String yaml) {
    Path file = dir.resolve("kubeconfigs").resolve(name + ".kubeconfig");
    createDirectories(file.getParent());
    return write(file, yaml);
  }

  private static KubernetesClient clientOf(Path kubeconfig) {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(read(kubeconfig)))
        .build();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
          Files.deleteIfExists(directory);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      System.err.println("local cluster: cannot remove " + root + ": " + e);
    }
  }
}
