package net.freedommessenger.westchat.model.networkpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.TestCommunities;
import org.junit.jupiter.api.Test;

class CommunityNetworkPoliciesTest {

  static List<String> names(WestchatCommunity community) {
    return CommunityNetworkPolicies.desired(community, OperatorPods.installedByDefault()).stream()
        .map(p -> p.getMetadata().getName()).sorted().toList();
  }

  @Test
  void onePolicyPerPartThatRuns() {
    assertEquals(List.of("westchat-ergo", "westchat-heisenbridge", "westchat-matrix-delegation", "westchat-postgres",
        "westchat-prosody", "westchat-synapse"), names(TestCommunities.sample("full.yaml")));
    assertEquals(List.of("westchat-appservice-irc", "westchat-ergo", "westchat-matrix-delegation", "westchat-postgres",
        "westchat-prosody", "westchat-synapse"), names(NetworkPolicySemanticsTest.withAppserviceIrc()));
    assertEquals(List.of("westchat-ergo", "westchat-prosody"),
        names(TestCommunities.minimalWith("matrix: {enabled: false}\nbridges: {matrixIrc: {enabled: false}}")));
  }

  @Test
  void anExternalDatabaseHasNoPolicyHere() {
    WestchatCommunity community = TestCommunities.minimalWith(
        "matrix: {database: {external: {secretRef: {name: db}}}}");
    assertTrue(!names(community).contains("westchat-postgres"), names(community).toString());
  }

  @Test
  void turnedOffThereAreNone() {
    assertEquals(List.of(), names(TestCommunities.minimalWith("networkPolicies: {enabled: false}")));
  }

  @Test
  void eachPolicyIsIngressOnlyLabelledAsItsPartAndInTheCommunitysNamespace() {
    WestchatCommunity community = TestCommunities.sample("full.yaml");
    for (NetworkPolicy policy : CommunityNetworkPolicies.desired(community, OperatorPods.installedByDefault())) {
      assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
      assertTrue(policy.getSpec().getEgress() == null || policy.getSpec().getEgress().isEmpty());
      assertEquals(community.getMetadata().getNamespace(), policy.getMetadata().getNamespace());
      String component = policy.getMetadata().getLabels().get(CommunityLabels.COMPONENT);
      assertEquals(CommunityNetworkPolicies.podsOf(community, component), policy.getSpec().getPodSelector().getMatchLabels());
      assertEquals(CommunityLabels.MANAGER, policy.getMetadata().getLabels().get(CommunityLabels.MANAGED_BY));
    }
  }

  @Test
  void theOperatorsNamespaceComesFromItsEnvironment() {
    assertEquals("chat-operators",
        OperatorPods.fromEnvironment(Map.of(OperatorPods.NAMESPACE_VARIABLE, "chat-operators")).namespace());
    assertEquals(OperatorPods.DEFAULT_NAMESPACE, OperatorPods.fromEnvironment(Map.of()).namespace());
    WestchatCommunity community = TestCommunities.sample("full.yaml");
    String ergo = CommunityNetworkPolicies.ergo(community, new OperatorPods("chat-operators")).toString();
    assertTrue(ergo.contains("kubernetes.io/metadata.name=chat-operators"), ergo);
  }
}
