package net.freedommessenger.westchat.e2e.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;
import net.freedommessenger.westchat.model.networkpolicy.CommunityNetworkPolicies;
import net.freedommessenger.westchat.model.postgres.ManagedPostgres;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The PostgreSQL policy enforced on the real node by kube-router's network policy firewall (run as
 * a program of the node, firewall only: no routing, no service proxy, no CNI of its own). The
 * community's PostgreSQL runs as the model describes its pod (a scratch volume instead of the
 * claim); two pods ask it over its Service whether it answers, every two seconds: one labelled as
 * the community's Synapse, one unrelated. Both get answers before the policy exists; with it, only
 * the Synapse pod does; without it again, both do.
 */
@ExtendWith(RealNodeExtension.class)
class NetworkPolicyOnTheRealNodeTest {

  static final String NS = "netpol-node";
  static final Duration WAIT = Duration.ofSeconds(120);
  /** The chains kube-router's firewall adds (removed after the test, with its ipsets). */
  static final List<String> KUBE_ROUTER_CHAINS = List.of("KUBE-ROUTER-", "KUBE-NWPLCY-", "KUBE-POD-FW-");

  static WestchatCommunity community() throws IOException {
    WestchatCommunity community = Serialization.unmarshal(
        Files.readString(ApiServer.repoRoot().resolve("samples/minimal.yaml")), WestchatCommunity.class);
    community.getMetadata().setNamespace(NS);
    return community;
  }

  /** PostgreSQL's pod as the model's StatefulSet makes it, with an emptyDir for the claim. */
  static Pod postgres(WestchatCommunity community) {
    PodTemplateSpec template = ManagedPostgres.statefulSet(community).getSpec().getTemplate();
    PodSpec spec = template.getSpec();
    spec.getVolumes().add(new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build());
    return new PodBuilder()
        .withNewMetadata().withName("postgres").withNamespace(NS).withLabels(template.getMetadata().getLabels()).endMetadata()
        .withSpec(spec)
        .build();
  }

  /** A pod that asks PostgreSQL through its Service every two seconds and prints what came back. */
  static Pod asker(String name, Map<String, String> labels, WestchatCommunity community) {
    String host = ManagedPostgres.serviceName(community);
    return new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(NS).withLabels(labels).endMetadata()
        .withNewSpec()
          .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(999L).withNewSeccompProfile()
            .withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
          .withTerminationGracePeriodSeconds(0L)
          .addNewContainer()
            .withName("ask")
            .withImage(Images.POSTGRES)
            .withImagePullPolicy("IfNotPresent")
            .withCommand("sh", "-c", "while true; do pg_isready -q -h " + host + " -p " + ManagedPostgres.PORT
                + " -t 3; case $? in 0|1) echo answered ;; *) echo silent ;; esac; sleep 2; done")
            .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities()
              .endSecurityContext()
          .endContainer()
        .endSpec()
        .build();
  }

  /** The last two answers a pod printed; both the same, so one stray reply does not decide (no log yet while the container is being created). */
  static String lastAnswers(KubernetesClient client, String pod) {
    String log;
    try {
      log = client.pods().inNamespace(NS).withName(pod).tailingLines(2).getLog();
    } catch (KubernetesClientException notStartedYet) {
      return "unsettled";
    }
    Set<String> lines = log == null ? Set.of() : log.lines().map(String::trim).collect(Collectors.toSet());
    return lines.size() == 1 && log.lines().count() == 2 ? lines.iterator().next() : "unsettled";
  }

  static void awaitAnswers(KubernetesClient client, String synapse, String stranger) {
    await().atMost(WAIT).pollInterval(Duration.ofSeconds(2))
        .until(() -> List.of(lastAnswers(client, "synapse"), lastAnswers(client, "stranger")), List.of(synapse, stranger)::equals);
  }

  @Test
  void anUnrelatedPodCannotConnectToPostgresWhileSynapseCan(RealNodeCluster cluster) throws Exception {
    Path kubeRouter = TestEnvironment.binary("kube-router");
    TestEnvironment.require("ipset", Path.of("/usr/sbin/ipset"));
    KubernetesClient client = cluster.client();
    cluster.createNamespace(NS, Map.of());
    WestchatCommunity community = community();
    List<HasMetadata> created = new ArrayList<>();
    created.add(client.resource(ManagedPostgres.secret(community, ExistingSecrets.NONE, new RandomSecretGenerator())).create());
    created.add(client.resource(ManagedPostgres.service(community)).create());
    created.add(client.resource(postgres(community)).create());
    created.add(client.resource(asker("synapse", CommunityNetworkPolicies.podsOf(community, SynapseObjects.COMPONENT), community))
        .create());
    created.add(client.resource(asker("stranger", Map.of("app", "curious"), community)).create());

    Set<String> ipsetsBefore = ipsets();
    ClusterProcess firewall = ClusterProcess.start("kube-router", List.of(kubeRouter.toString(),
        "--kubeconfig=" + cluster.adminKubeconfig(), "--hostname-override=" + RealNode.NODE_NAME,
        "--run-firewall=true", "--run-router=false", "--run-service-proxy=false", "--enable-cni=false",
        "--enable-pod-egress=false", "--health-port=0", "--metrics-port=0",
        "--service-cluster-ip-range=" + LocalCluster.SERVICE_CLUSTER_IP_RANGE, "--iptables-sync-period=10s", "-v=1"),
        cluster.directory().resolve("kube-router"), Map.of());
    try {
      awaitAnswers(client, "answered", "answered");

      long applied = System.nanoTime();
      NetworkPolicy policy = client.resource(CommunityNetworkPolicies.postgres(community)).create();
      awaitAnswers(client, "answered", "silent");
      double enforcedAfter = (System.nanoTime() - applied) / 1e9;
      await().pollDelay(Duration.ofSeconds(10)).atMost(WAIT).until(() -> true);
      assertEquals(List.of("answered", "silent"), List.of(lastAnswers(client, "synapse"), lastAnswers(client, "stranger")),
          "still so 10 s later");

      long deleted = System.nanoTime();
      client.resource(policy).delete();
      awaitAnswers(client, "answered", "answered");
      System.err.printf(java.util.Locale.ROOT, "real node: PostgreSQL's NetworkPolicy enforced by kube-router %.1f s after it was"
          + " created (two silent asks in a row for the unrelated pod, Synapse's answered), lifted %.1f s after it was deleted%n",
          enforcedAfter, (System.nanoTime() - deleted) / 1e9);
    } finally {
      firewall.stop(5_000);
      removeKubeRouterRules(ipsetsBefore);
      for (HasMetadata object : created) {
        client.resource(object).withGracePeriod(0).delete();
      }
    }
  }

  static Set<String> ipsets() {
    HostCommand.Result listed = HostCommand.run("ipset", "list", "-n");
    return listed.ok() ? listed.output().lines().map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.toSet())
        : Set.of();
  }

  /** kube-router leaves its chains and ipsets when it stops; the node runs on without them. */
  static void removeKubeRouterRules(Set<String> ipsetsBefore) {
    HostCommand.Result saved = HostCommand.run("iptables-save", "-t", "filter");
    if (saved.ok()) {
      String kept = saved.output().lines().filter(line -> KUBE_ROUTER_CHAINS.stream().noneMatch(line::contains))
          .collect(Collectors.joining("\n", "", "\n"));
      HostCommand.Result restored = HostCommand.run(List.of("iptables-restore"), kept);
      if (!restored.ok()) {
        System.err.println("real node: kube-router's chains may be left: " + restored.output());
      }
    }
    Set<String> made = new HashSet<>(ipsets());
    made.removeAll(ipsetsBefore);
    for (String set : made) {
      HostCommand.run("ipset", "destroy", set);
    }
  }
}
