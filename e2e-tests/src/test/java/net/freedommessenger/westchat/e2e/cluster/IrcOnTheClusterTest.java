package net.freedommessenger.westchat.e2e.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.e2e.apiserver.OperatorInTestJvm;
import net.freedommessenger.westchat.e2e.apiserver.ProjectCrds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A community with only IRC, its certificate in a Secret of the user's, on the local cluster in a
 * namespace that enforces the restricted Pod Security Standard: Ergo's pod is admitted, its volume
 * claim is bound, and the IRC condition turns True.
 */
@ExtendWith(LocalClusterExtension.class)
class IrcOnTheClusterTest {

  static final String NS = "irc-restricted";
  static final Duration WAIT = Duration.ofSeconds(120);

  static final String COMMUNITY = """
      apiVersion: westchat.freedom-messenger.net/v1alpha1
      kind: WestchatCommunity
      metadata: {name: westchat, namespace: irc-restricted}
      spec:
        domain: westchat.example.org
        admins: [{name: alice}]
        matrix: {enabled: false}
        xmpp: {enabled: false}
        bridges: {matrixIrc: {enabled: false}, xmppIrc: {enabled: false}}
        irc: {tls: {secretName: irc-certificate}}
      """;

  @Test
  void ergoIsAdmittedUnderRestrictedTurnsReadyAndTheConditionSaysSo(LocalCluster cluster) {
    KubernetesClient client = cluster.client();
    ProjectCrds.apply(client);
    cluster.createNamespace(NS, Map.of("pod-security.kubernetes.io/enforce", "restricted",
        "pod-security.kubernetes.io/enforce-version", "latest"));
    // kwok runs no container, so the certificate only has to have the shape of one
    client.resource(new SecretBuilder().withNewMetadata().withName("irc-certificate").withNamespace(NS).endMetadata()
        .withType("kubernetes.io/tls").withData(Map.of("tls.crt", "Y2VydA==", "tls.key", "a2V5")).build()).create();
    try (OperatorInTestJvm operator = OperatorInTestJvm.start(cluster.newClient())) {
      client.resource(Serialization.unmarshal(COMMUNITY, WestchatCommunity.class)).create();

      await().atMost(WAIT).until(() -> {
        StatefulSet s = client.apps().statefulSets().inNamespace(NS).withName("westchat-ergo").get();
        return s != null && s.getStatus() != null && Integer.valueOf(1).equals(s.getStatus().getReadyReplicas());
      });
      List<Event> refusals = client.v1().events().inNamespace(NS).list().getItems().stream()
          .filter(e -> "FailedCreate".equals(e.getReason())).toList();
      assertTrue(refusals.isEmpty(), refusals.stream().map(Event::getMessage).toList().toString());
      assertEquals("Bound", client.persistentVolumeClaims().inNamespace(NS).withName("data-westchat-ergo-0").get()
          .getStatus().getPhase());

      WestchatCommunity ready = await().atMost(WAIT).until(
          () -> client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get(),
          c -> c.getStatus() != null && c.getStatus().conditions.stream()
              .anyMatch(cond -> "IRC".equals(cond.type) && "Running".equals(cond.reason)));
      CommunityCondition irc = ready.getStatus().conditions.stream().filter(c -> "IRC".equals(c.type)).findFirst().orElseThrow();
      assertEquals("True", irc.status, irc.message);
      assertEquals("LoadBalancer", client.services().inNamespace(NS).withName("westchat-irc").get().getSpec().getType());
    }
  }
}
