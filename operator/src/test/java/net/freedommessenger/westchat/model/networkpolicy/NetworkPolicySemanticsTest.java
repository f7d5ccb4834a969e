package net.freedommessenger.westchat.model.networkpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.CommunityObjects;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;
import net.freedommessenger.westchat.model.bridges.IrcBridgeSite;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.ergo.ErgoSite;
import net.freedommessenger.westchat.model.networkpolicy.IngressEvaluator.Pod;
import net.freedommessenger.westchat.model.postgres.ManagedPostgres;
import net.freedommessenger.westchat.model.prosody.ProsodyObjects;
import net.freedommessenger.westchat.model.prosody.ProsodySite;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.PlaceholderSecretGenerator;
import net.freedommessenger.westchat.model.synapse.HomeserverSite;
import net.freedommessenger.westchat.model.synapse.MatrixDelegation;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the rendered NetworkPolicies let through, decided by {@link IngressEvaluator} over the pods
 * the same render makes (their template labels, in the community's namespace), the operator's pod
 * in its namespace, and pods that have no business there. The second half feeds deliberately wrong
 * policies and shows that the same checks catch them.
 */
class NetworkPolicySemanticsTest {

  static final OperatorPods OPERATOR = OperatorPods.installedByDefault();

  /** matrix-appservice-irc instead of Heisenbridge, so the bridge that uses PostgreSQL runs. */
  static WestchatCommunity withAppserviceIrc() {
    return TestCommunities.minimalWith("bridges: {matrixIrc: {implementation: appservice-irc}, xmppIrc: {enabled: true}}");
  }

  record Expectation(String what, Pod source, Pod target, int port, boolean allowed) {
    @Override
    public String toString() {
      return (allowed ? "may: " : "may not: ") + what;
    }
  }

  /** The pods of a community's workloads, by component, labelled as their templates say. */
  static Map<String, Pod> pods(WestchatCommunity community) {
    Map<String, Pod> pods = new TreeMap<>();
    for (HasMetadata object : CommunityObjects.desired(community, ExistingSecrets.NONE, new PlaceholderSecretGenerator())) {
      PodTemplateSpec template = object instanceof Deployment d ? d.getSpec().getTemplate()
          : object instanceof StatefulSet s ? s.getSpec().getTemplate() : null;
      if (template != null) {
        Map<String, String> labels = template.getMetadata().getLabels();
        pods.put(labels.get(CommunityLabels.COMPONENT), new Pod(object.getMetadata().getName(),
            community.getMetadata().getNamespace(), labels));
      }
    }
    return pods;
  }

  static Pod operatorPod() {
    Map<String, String> labels = new TreeMap<>(OPERATOR.podLabels());
    labels.put(CommunityLabels.NAME, "westchat-operator");
    return new Pod("the operator", OPERATOR.namespace(), labels);
  }

  static Pod unrelated(String namespace) {
    return new Pod("an unrelated pod in " + namespace, namespace, Map.of("app", "curious"));
  }

  /** A pod of another community in the same namespace that claims the same component. */
  static Pod sameComponentOfAnotherCommunity(Pod pod) {
    Map<String, String> labels = new TreeMap<>(pod.labels());
    labels.put(CommunityLabels.INSTANCE, "neighbours");
    return new Pod("another community's " + labels.get(CommunityLabels.COMPONENT), pod.namespace(), labels);
  }

  /** A pod with the operator's label outside the operator's namespace. */
  static Pod operatorImpostor(String namespace) {
    return new Pod("a pod labelled as the operator in " + namespace, namespace, OPERATOR.podLabels());
  }

  static List<Expectation> expectations(WestchatCommunity community) {
    Map<String, Pod> pods = pods(community);
    String ns = community.getMetadata().getNamespace();
    Pod stranger = unrelated(ns);
    Pod farStranger = unrelated("elsewhere");
    Pod operator = operatorPod();
    Pod synapse = pods.get(SynapseObjects.COMPONENT);
    Pod postgres = pods.get(ManagedPostgres.COMPONENT);
    Pod prosody = pods.get(ProsodyObjects.COMPONENT);
    Pod ergo = pods.get(ErgoObjects.COMPONENT);
    Pod delegation = pods.get(MatrixDelegation.COMPONENT);
    List<Expectation> all = new ArrayList<>();
    all.add(new Expectation("Synapse connects to PostgreSQL", synapse, postgres, ManagedPostgres.PORT, true));
    all.add(new Expectation("an unrelated pod connects to PostgreSQL", stranger, postgres, ManagedPostgres.PORT, false));
    all.add(new Expectation("a pod of another namespace connects to PostgreSQL", farStranger, postgres, ManagedPostgres.PORT, false));
    all.add(new Expectation("another community's Synapse connects to PostgreSQL", sameComponentOfAnotherCommunity(synapse),
        postgres, ManagedPostgres.PORT, false));
    all.add(new Expectation("Prosody connects to PostgreSQL", prosody, postgres, ManagedPostgres.PORT, false));
    all.add(new Expectation("the operator connects to PostgreSQL", operator, postgres, ManagedPostgres.PORT, false));
    for (Pod anyone : List.of(stranger, farStranger)) {
      all.add(new Expectation(anyone.description() + " reaches Synapse", anyone, synapse, HomeserverSite.PORT, true));
      all.add(new Expectation(anyone.description() + " reaches the delegation files", anyone, delegation, MatrixDelegation.PORT, true));
      all.add(new Expectation(anyone.description() + " reaches XMPP c2s", anyone, prosody, ProsodySite.CLIENT_PORT, true));
      all.add(new Expectation(anyone.description() + " reaches XMPP s2s", anyone, prosody, ProsodySite.SERVER_PORT, true));
      all.add(new Expectation(anyone.description() + " reaches XMPP file sharing", anyone, prosody, ProsodySite.HTTP_PORT, true));
      all.add(new Expectation(anyone.description() + " reaches IRC over TLS", anyone, ergo, ErgoSite.TLS_PORT, true));
      all.add(new Expectation(anyone.description() + " reaches Prosody's component port (Biboumi's)", anyone, prosody,
          ProsodySite.COMPONENT_PORT, false));
      all.add(new Expectation(anyone.description() + " reaches Ergo's plain port", anyone, ergo, ErgoSite.PLAIN_PORT, false));
    }
    all.add(new Expectation("Synapse reaches Prosody's component port (Biboumi's)", synapse, prosody, ProsodySite.COMPONENT_PORT, false));
    all.add(new Expectation("the operator reaches Ergo's plain port", operator, ergo, ErgoSite.PLAIN_PORT, true));
    all.add(new Expectation("the operator reaches Synapse's admin API", operator, synapse, HomeserverSite.PORT, true));
    all.add(new Expectation("the operator logs in to Prosody", operator, prosody, ProsodySite.CLIENT_PORT, true));
    all.add(new Expectation("Biboumi, in Prosody's pod, reaches Ergo's plain port", prosody, ergo, ErgoSite.PLAIN_PORT, true));
    all.add(new Expectation("Synapse reaches Ergo's plain port", synapse, ergo, ErgoSite.PLAIN_PORT, false));
    all.add(new Expectation("a pod labelled as the operator outside its namespace reaches Ergo's plain port",
        operatorImpostor(ns), ergo, ErgoSite.PLAIN_PORT, false));
    Pod heisenbridge = pods.get(HeisenbridgeObjects.COMPONENT);
    if (heisenbridge != null) {
      all.add(new Expectation("Synapse reaches Heisenbridge", synapse, heisenbridge, HeisenbridgeObjects.PORT, true));
      all.add(new Expectation("an unrelated pod reaches Heisenbridge", stranger, heisenbridge, HeisenbridgeObjects.PORT, false));
      all.add(new Expectation("the operator reaches Heisenbridge", operator, heisenbridge, HeisenbridgeObjects.PORT, false));
      all.add(new Expectation("Heisenbridge reaches Ergo's plain port", heisenbridge, ergo, ErgoSite.PLAIN_PORT, true));
      all.add(new Expectation("Heisenbridge connects to PostgreSQL", heisenbridge, postgres, ManagedPostgres.PORT, false));
    }
    Pod appserviceIrc = pods.get(AppserviceIrcObjects.COMPONENT);
    if (appserviceIrc != null) {
      all.add(new Expectation("Synapse reaches matrix-appservice-irc", synapse, appserviceIrc, IrcBridgeSite.PORT, true));
      all.add(new Expectation("the operator asks matrix-appservice-irc's health", operator, appserviceIrc, IrcBridgeSite.PORT, true));
      all.add(new Expectation("an unrelated pod reaches matrix-appservice-irc", stranger, appserviceIrc, IrcBridgeSite.PORT, false));
      all.add(new Expectation("Prosody reaches matrix-appservice-irc", prosody, appserviceIrc, IrcBridgeSite.PORT, false));
      all.add(new Expectation("matrix-appservice-irc connects to PostgreSQL", appserviceIrc, postgres, ManagedPostgres.PORT, true));
      all.add(new Expectation("matrix-appservice-irc reaches Ergo's plain port", appserviceIrc, ergo, ErgoSite.PLAIN_PORT, true));
    }
    return all;
  }

  /** The expectations the policies break, in words; empty when they hold. */
  static List<String> broken(List<NetworkPolicy> policies, List<Expectation> expectations) {
    IngressEvaluator network = new IngressEvaluator(policies);
    return expectations.stream().filter(e -> network.allows(e.source(), e.target(), e.port()) != e.allowed())
        .map(Expectation::toString).toList();
  }

  static Stream<WestchatCommunity> communities() {
    return Stream.of(TestCommunities.sample("full.yaml"), TestCommunities.sample("minimal.yaml"),
        TestCommunities.sample("heisenbridge.yaml"), withAppserviceIrc());
  }

  static List<NetworkPolicy> rendered(WestchatCommunity community) {
    return CommunityNetworkPolicies.desired(community, OPERATOR);
  }

  @ParameterizedTest
  @MethodSource("communities")
  void theRenderedPoliciesLetThroughExactlyWhatEachPartNeeds(WestchatCommunity community) {
    // full.yaml has federation on; the others have it off, where s2s stays closed
    List<Expectation> expectations = expectations(community).stream()
        .map(e -> e.port() == ProsodySite.SERVER_PORT && !community.getSpec().federation.enabled
            ? new Expectation(e.what(), e.source(), e.target(), e.port(), false) : e)
        .toList();
    assertEquals(List.of(), broken(rendered(community), expectations));
  }

  @Test
  void withoutPoliciesEverythingIsReachableAndTheChecksSaySo() {
    WestchatCommunity community = TestCommunities.sample("full.yaml");
    community.getSpec().networkPolicies.enabled = false;
    List<NetworkPolicy> none = rendered(community);
    assertEquals(List.of(), none);
    List<String> broken = broken(none, expectations(community));
    assertTrue(broken.contains("may not: an unrelated pod connects to PostgreSQL"), broken.toString());
  }

  /** Wrong policies, each a way PostgreSQL could be opened to a pod that is not Synapse or a bridge that uses it. */
  static Stream<Arguments> leakyPostgres() {
    return Stream.of(
        Arguments.of("every pod of the namespace", (UnaryOperator<NetworkPolicy>) p -> new NetworkPolicyBuilder(p)
            .editSpec().editFirstIngress().withFrom(new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build())
            .endIngress().endSpec().build()),
        Arguments.of("a rule without sources", (UnaryOperator<NetworkPolicy>) p -> new NetworkPolicyBuilder(p)
            .editSpec().editFirstIngress().withFrom().endIngress().endSpec().build()),
        Arguments.of("Synapse selected by component alone, any community", (UnaryOperator<NetworkPolicy>) p -> new NetworkPolicyBuilder(p)
            .editSpec().editFirstIngress().withFrom(new NetworkPolicyPeerBuilder().withNewPodSelector()
                .addToMatchLabels(CommunityLabels.COMPONENT, SynapseObjects.COMPONENT).endPodSelector().build())
            .endIngress().endSpec().build()),
        Arguments.of("every namespace", (UnaryOperator<NetworkPolicy>) p -> new NetworkPolicyBuilder(p)
            .editSpec().editFirstIngress().addToFrom(new NetworkPolicyPeerBuilder().withNewNamespaceSelector().endNamespaceSelector()
                .build()).endIngress().endSpec().build()),
        Arguments.of("a second rule for the port", (UnaryOperator<NetworkPolicy>) p -> new NetworkPolicyBuilder(p)
            .editSpec().addNewIngress().addNewPort().withProtocol("TCP").withNewPort(ManagedPostgres.PORT).endPort().endIngress()
            .endSpec().build()),
        Arguments.of("a policy that selects other pods", (UnaryOperator<NetworkPolicy>) p -> new NetworkPolicyBuilder(p)
            .editSpec().withNewPodSelector().addToMatchLabels(CommunityLabels.COMPONENT, "postgresql").endPodSelector()
            .endSpec().build()));
  }

  /** The test above fails for each of these: an unrelated pod (or a stranger) reaches PostgreSQL. */
  @ParameterizedTest(name = "PostgreSQL open to {0}: caught")
  @MethodSource("leakyPostgres")
  void aPolicyThatLetsAnUnrelatedPodReachPostgresIsCaught(String how, UnaryOperator<NetworkPolicy> breakIt) {
    for (WestchatCommunity community : List.of(TestCommunities.sample("full.yaml"), withAppserviceIrc())) {
      List<NetworkPolicy> policies = rendered(community).stream()
          .map(p -> p.getMetadata().getName().equals(ManagedPostgres.serviceName(community)) ? breakIt.apply(p) : p)
          .toList();
      List<String> broken = broken(policies, expectations(community).stream()
          .filter(e -> e.target().labels().get(CommunityLabels.COMPONENT).equals(ManagedPostgres.COMPONENT)).toList());
      assertTrue(broken.stream().anyMatch(b -> b.startsWith("may not:") && b.contains("PostgreSQL")),
          how + " went unnoticed: " + broken);
    }
  }

  /** And a policy that forgets Synapse is caught too: the checks are not merely strict. */
  @Test
  void aPolicyThatShutsSynapseOutIsCaught() {
    WestchatCommunity community = TestCommunities.sample("full.yaml");
    List<NetworkPolicy> policies = rendered(community).stream()
        .map(p -> p.getMetadata().getName().equals(ManagedPostgres.serviceName(community))
            ? new NetworkPolicyBuilder(p).editSpec().withIngress().endSpec().build() : p)
        .toList();
    assertTrue(broken(policies, expectations(community)).contains("may: Synapse connects to PostgreSQL"));
  }
}
