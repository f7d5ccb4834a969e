package net.freedommessenger.westchat.e2e.reconciler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.CommunityEdits;
import net.freedommessenger.westchat.e2e.apiserver.OperatorForTheClass;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.networkpolicy.CommunityNetworkPolicies;
import net.freedommessenger.westchat.model.networkpolicy.OperatorPods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The NetworkPolicies against a real API server: the operator creates one per part as the model
 * renders them, writes none of them again in a reconcile that changes nothing, deletes them all when
 * spec.networkPolicies.enabled turns false without writing any other object of the community, and makes
 * them again when it turns true. (Whether a network
 * enforces them is not the API server's business; NetworkPolicySemanticsTest evaluates them.)
 */
@ExtendWith(ApiServerExtension.class)
class NetworkPolicyReconcileTest {

  static final String NS = "netpol";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final List<Class<? extends HasMetadata>> OTHER_KINDS = List.of(Secret.class, ConfigMap.class, Service.class,
      Deployment.class, StatefulSet.class, PersistentVolumeClaim.class, Ingress.class);
  @RegisterExtension
  static final OperatorForTheClass operator = new OperatorForTheClass();

  static WestchatCommunity full() throws IOException {
    try (var in = Files.newInputStream(ApiServer.repoRoot().resolve("samples/full.yaml"))) {
      WestchatCommunity community = Serialization.unmarshal(in, WestchatCommunity.class);
      community.getMetadata().setNamespace(NS);
      // no cert-manager on this API server: the operator's self-signed certificate instead
      community.getSpec().expose.tls.issuerRef = null;
      return community;
    }
  }

  static Map<String, NetworkPolicy> policies(KubernetesClient client) {
    Map<String, NetworkPolicy> policies = new TreeMap<>();
    client.network().v1().networkPolicies().inNamespace(NS).withLabel(CommunityLabels.MANAGED_BY, CommunityLabels.MANAGER)
        .list().getItems().forEach(p -> policies.put(p.getMetadata().getName(), p));
    return policies;
  }

  /** Every other object of the community, by kind and name, with its resourceVersion. */
  static Map<String, String> everythingElse(KubernetesClient client) {
    Map<String, String> versions = new TreeMap<>();
    for (Class<? extends HasMetadata> kind : OTHER_KINDS) {
      client.resources(kind).inNamespace(NS).withLabel(CommunityLabels.INSTANCE, "westchat").list().getItems()
          .forEach(o -> versions.put(kind.getSimpleName() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
    }
    return versions;
  }

  static Map<String, String> versions(Map<String, NetworkPolicy> policies) {
    Map<String, String> versions = new TreeMap<>();
    policies.forEach((name, policy) -> versions.put(name, policy.getMetadata().getResourceVersion()));
    return versions;
  }

  static WestchatCommunity stored(KubernetesClient client) {
    return client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get();
  }

  static void awaitObserved(KubernetesClient client) {
    long generation = stored(client).getMetadata().getGeneration();
    await().atMost(WAIT).until(() -> stored(client), c -> c.getStatus() != null && c.getStatus().observedGeneration != null
        && c.getStatus().observedGeneration >= generation);
  }

  @Test
  void createdAsRenderedDeletedWhenTurnedOffAndNothingElseIsWritten(KubernetesClient client) throws IOException {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).serverSideApply();
    client.resource(full()).create();
    WestchatCommunity community = stored(client);
    Map<String, NetworkPolicy> expected = new TreeMap<>();
    CommunityNetworkPolicies.desired(community, OperatorPods.fromEnvironment(System.getenv()))
        .forEach(p -> expected.put(p.getMetadata().getName(), p));
    assertEquals(6, expected.size(), expected.keySet().toString());
    await().atMost(WAIT).until(() -> policies(client).keySet(), expected.keySet()::equals);
    policies(client).forEach((name, policy) -> {
      assertEquals(expected.get(name).getSpec(), policy.getSpec(), name);
      assertEquals("WestchatCommunity", policy.getMetadata().getOwnerReferences().get(0).getKind(), name + " goes with its community");
    });
    awaitObserved(client);
    // settled: the workloads and Secrets are there, and a reconcile that changes nothing writes nothing
    await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
    Map<String, String> before = everythingElse(client);
    Map<String, String> policyVersions = versions(policies(client));
    CommunityEdits.edit(client, NS, "westchat", c -> c.getMetadata().setAnnotations(Map.of("example.org/nudge", "1")));
    await().pollDelay(Duration.ofSeconds(4)).atMost(WAIT).until(() -> true);
    assertEquals(policyVersions, versions(policies(client)), "a reconcile that changes nothing writes no policy");
    assertTrue(before.keySet().containsAll(List.of("StatefulSet/westchat-postgres", "Deployment/westchat-synapse",
        "Deployment/westchat-heisenbridge", "StatefulSet/westchat-prosody", "StatefulSet/westchat-ergo")), before.toString());

    CommunityEdits.edit(client, NS, "westchat", c -> c.getSpec().networkPolicies.enabled = false);
    await().atMost(WAIT).until(() -> policies(client).values().stream().allMatch(p -> p.getMetadata().getDeletionTimestamp() != null));
    awaitObserved(client);
    await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
    assertEquals(Map.of(), policies(client));
    assertEquals(before, everythingElse(client), "turning the policies off writes no other object");

    CommunityEdits.edit(client, NS, "westchat", c -> c.getSpec().networkPolicies.enabled = true);
    await().atMost(WAIT).until(() -> policies(client).keySet(), expected.keySet()::equals);
    awaitObserved(client);
    assertEquals(before, everythingElse(client), "nor does turning them on again");
  }
}
