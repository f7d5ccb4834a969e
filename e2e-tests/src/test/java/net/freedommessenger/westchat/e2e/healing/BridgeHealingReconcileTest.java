package net.freedommessenger.westchat.e2e.healing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.BridgeImplementation;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.CommunityEdits;
import net.freedommessenger.westchat.e2e.apiserver.FakeWorkloadController;
import net.freedommessenger.westchat.e2e.apiserver.OperatorForTheClass;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.healing.RestartRecord;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;
import net.freedommessenger.westchat.model.bridges.RegistrationHash;
import net.freedommessenger.westchat.reconciler.ServerAccess;
import net.freedommessenger.westchat.reconciler.WestchatCommunityReconciler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Self-healing of the Matrix-IRC bridge against a real API server: hand edits put back, a rotated
 * token rolled through Synapse and then the bridge, a bridge that stays not Ready restarted and
 * then given up on with the reason, every action an Event read back from the API server, and a
 * reconcile that changes nothing writes nothing. No controllers run in this tier, so
 * FakeWorkloadController says when a Deployment has rolled out, and the crash-looping pod is a
 * stand-in object whose status the test writes as a kubelet would.
 */
@ExtendWith(ApiServerExtension.class)
class BridgeHealingReconcileTest {

  // 60 s were once not enough in the full suite (08:45 CI run: the rotated token reached the registration later); not understood yet
  static final Duration WAIT = Duration.ofSeconds(120);
  static final String BRIDGE = "westchat-appservice-irc";
  static final String SYNAPSE = "westchat-synapse";
  /** Nothing listens here: the bridge's health endpoint as the operator finds it when the bridge is down. */
  static final int HEALTH_PORT = LoopbackPorts.take();

  @RegisterExtension
  static final OperatorForTheClass operator = new OperatorForTheClass(() -> new WestchatCommunityReconciler(ServerAccess.IN_CLUSTER
        .withSynapse(community -> "http://127.0.0.1:9")
        .withBridges((community, bridge) -> "http://127.0.0.1:" + HEALTH_PORT + bridge.healthPath())));


  @Test
  void handEditsOfTheBridgeObjectsArePutBackWithAnEventEach(KubernetesClient client) throws IOException {
    String ns = "heal-drift";
    applyMinimal(client, ns, c -> { });
    awaitSettled(client, ns);
    String synapseDigest = podAnnotation(deployment(client, ns, SYNAPSE), RegistrationHash.ANNOTATION);

    String uid = deployment(client, ns, BRIDGE).getMetadata().getUid();
    client.apps().deployments().inNamespace(ns).withName(BRIDGE).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    await().atMost(WAIT).until(() -> Optional.ofNullable(client.apps().deployments().inNamespace(ns).withName(BRIDGE).get())
        .filter(d -> !uid.equals(d.getMetadata().getUid()) && d.getMetadata().getDeletionTimestamp() == null).isPresent());
    awaitEvent(client, ns, "ObjectRecreated", "Deployment " + BRIDGE);

    String config = client.configMaps().inNamespace(ns).withName(BRIDGE).get().getData().get("config.yaml");
    client.configMaps().inNamespace(ns).withName(BRIDGE).edit(cm -> {
      cm.getData().put("config.yaml", "homeserver: {url: http://elsewhere.example.org}\n");
      return cm;
    });
    await().atMost(WAIT).until(() -> config.equals(client.configMaps().inNamespace(ns).withName(BRIDGE).get().getData().get("config.yaml")));
    awaitEvent(client, ns, "ObjectRestored", "ConfigMap " + BRIDGE);

    String registration = plain(client.secrets().inNamespace(ns).withName(BRIDGE).get(), AppserviceIrcObjects.REGISTRATION_FILE);
    client.secrets().inNamespace(ns).withName(BRIDGE).edit(secret -> {
      secret.getData().put(AppserviceIrcObjects.REGISTRATION_FILE, encode("id: someone-else\nas_token: guessed\n"));
      return secret;
    });
    await().atMost(WAIT).until(() -> registration.equals(
        plain(client.secrets().inNamespace(ns).withName(BRIDGE).get(), AppserviceIrcObjects.REGISTRATION_FILE)));
    awaitEvent(client, ns, "ObjectRestored", "Secret " + BRIDGE);
    assertEquals(synapseDigest, podAnnotation(deployment(client, ns, SYNAPSE), RegistrationHash.ANNOTATION),
        "a registration file put back as it was rolls nothing");
    assertTrue(events(client, ns, "RegistrationRollout").isEmpty(), events(client, ns, "RegistrationRollout").toString());
  }

  @Test
  void aRotatedTokenRollsSynapseFirstAndTheBridgeOnceSynapseRunsWithIt(KubernetesClient client) throws IOException {
    String ns = "heal-rotate";
    applyMinimal(client, ns, c -> { });
    awaitSettled(client, ns);
    String synapseBefore = podAnnotation(deployment(client, ns, SYNAPSE), RegistrationHash.ANNOTATION);
    String bridgeBefore = podAnnotation(deployment(client, ns, BRIDGE), RegistrationHash.ANNOTATION);

    client.secrets().inNamespace(ns).withName(BRIDGE).edit(secret -> {
      secret.getData().put(AppserviceIrcObjects.AS_TOKEN, encode("rotated-by-hand-0123456789"));
      return secret;
    });
    await().atMost(WAIT).until(() -> plain(client.secrets().inNamespace(ns).withName(BRIDGE).get(),
        AppserviceIrcObjects.REGISTRATION_FILE).contains("as_token: rotated-by-hand-0123456789"));
    await().atMost(WAIT).until(() -> !synapseBefore.equals(podAnnotation(deployment(client, ns, SYNAPSE), RegistrationHash.ANNOTATION)));
    awaitEvent(client, ns, "RegistrationRollout", "Synapse restarts");

    // Synapse has not rolled out yet (no controller runs here): the bridge keeps the registration it runs with
    await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
    assertEquals(bridgeBefore, podAnnotation(deployment(client, ns, BRIDGE), RegistrationHash.ANNOTATION));
    assertTrue(events(client, ns, "RegistrationRollout").stream().noneMatch(e -> e.getMessage().contains("matrix-appservice-irc")));

    long start = System.nanoTime();
    FakeWorkloadController.markDeploymentAvailable(client, ns, SYNAPSE);
    await().atMost(WAIT).until(() -> !bridgeBefore.equals(podAnnotation(deployment(client, ns, BRIDGE), RegistrationHash.ANNOTATION)));
    System.err.printf("bridge rolled %.2f s after Synapse's rollout was complete%n", (System.nanoTime() - start) / 1e9);
    awaitEvent(client, ns, "RegistrationRollout", "matrix-appservice-irc restarts");
  }

  /** The same healing drives Heisenbridge, through its own description of its workload. */
  @Test
  void heisenbridgeToo_aRotatedTokenRollsSynapseFirstThenHeisenbridge(KubernetesClient client) throws IOException {
    String ns = "heal-heisenbridge";
    String heisenbridge = "westchat-heisenbridge";
    applyMinimal(client, ns, c -> c.getSpec().bridges.matrixIrc.implementation = BridgeImplementation.HEISENBRIDGE);
    await().atMost(WAIT).until(() -> {
      Deployment bridge = client.apps().deployments().inNamespace(ns).withName(heisenbridge).get();
      Deployment synapse = client.apps().deployments().inNamespace(ns).withName(SYNAPSE).get();
      WestchatCommunity community = community(client, ns);
      return bridge != null && synapse != null && podAnnotation(bridge, RegistrationHash.ANNOTATION) != null
          && podAnnotation(synapse, RegistrationHash.ANNOTATION) != null && community.getStatus() != null
          && community.getMetadata().getGeneration().equals(community.getStatus().observedGeneration);
    });
    String synapseBefore = podAnnotation(deployment(client, ns, SYNAPSE), RegistrationHash.ANNOTATION);
    String bridgeBefore = podAnnotation(deployment(client, ns, heisenbridge), RegistrationHash.ANNOTATION);

    client.secrets().inNamespace(ns).withName(heisenbridge).edit(secret -> {
      secret.getData().put("hs_token", encode("rotated-by-hand-9876543210"));
      return secret;
    });
    await().atMost(WAIT).until(() -> !synapseBefore.equals(podAnnotation(deployment(client, ns, SYNAPSE), RegistrationHash.ANNOTATION)));
    await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
    assertEquals(bridgeBefore, podAnnotation(deployment(client, ns, heisenbridge), RegistrationHash.ANNOTATION));
    FakeWorkloadController.markDeploymentAvailable(client, ns, SYNAPSE);
    await().atMost(WAIT).until(() -> !bridgeBefore.equals(podAnnotation(deployment(client, ns, heisenbridge), RegistrationHash.ANNOTATION)));
    awaitEvent(client, ns, "RegistrationRollout", "Heisenbridge restarts");
    awaitEvent(client, ns, "ObjectRestored", "Secret " + heisenbridge);
  }

  @Test
  void aBridgeNotReadyPastTheThresholdIsRestartedWithGrowingPausesThenGivenUpWithTheReason(KubernetesClient client)
      throws IOException {
    String ns = "heal-restart";
    applyMinimal(client, ns, c -> {
      c.getSpec().bridges.selfHealing.restartAfter = "1s";
      c.getSpec().bridges.selfHealing.maxRestarts = 2;
    });
    awaitSettled(client, ns);
    crashLoopingPodStandIn(client, ns);
    long start = System.nanoTime();
    FakeWorkloadController.markDeploymentAvailable(client, ns, SYNAPSE);

    await().atMost(WAIT).until(() -> restarts(client, ns) >= 1);
    double first = (System.nanoTime() - start) / 1e9;
    await().atMost(WAIT).until(() -> restarts(client, ns) >= 2);
    double second = (System.nanoTime() - start) / 1e9;
    CommunityCondition bridges = await().atMost(WAIT).until(() -> condition(client, ns, "Bridges"),
        c -> c.isPresent() && "BridgeRestartsExhausted".equals(c.get().reason)).orElseThrow();
    double gaveUp = (System.nanoTime() - start) / 1e9;
    System.err.printf("restartAfter 1s, maxRestarts 2: restarts at %.1f s and %.1f s, gave up at %.1f s after Synapse was available%n",
        first, second, gaveUp);

    System.err.println("Bridges condition after giving up: " + bridges.message);
    assertEquals("False", bridges.status);
    assertTrue(bridges.message.contains("CrashLoopBackOff"), bridges.message);
    assertTrue(bridges.message.contains("cannot reach the homeserver"), bridges.message);
    assertTrue(bridges.message.contains("health endpoint http://127.0.0.1:" + HEALTH_PORT + "/health did not answer"), bridges.message);
    Deployment deployment = deployment(client, ns, BRIDGE);
    assertEquals("2", deployment.getMetadata().getAnnotations().get(RestartRecord.RESTARTS));
    assertTrue(deployment.getMetadata().getAnnotations().containsKey(RestartRecord.GAVE_UP));
    assertTrue(podAnnotation(deployment, RestartRecord.RESTARTED_AT) != null, "restarted through the pod template");
    List<Event> restarted = events(client, ns, "BridgeRestarted");
    assertEquals(2, restarted.size(), restarted.toString());
    assertTrue(restarted.stream().allMatch(e -> "Normal".equals(e.getType()) && e.getMessage().contains("CrashLoopBackOff")));
    Event exhausted = awaitEvent(client, ns, "BridgeRestartsExhausted", "stops restarting it");
    assertEquals("Warning", exhausted.getType());

    // given up means given up: no third restart however long it stays down
    await().pollDelay(Duration.ofSeconds(5)).atMost(WAIT).until(() -> true);
    assertEquals(2, restarts(client, ns));
    assertEquals(1, events(client, ns, "BridgeRestartsExhausted").size());

    FakeWorkloadController.markDeploymentAvailable(client, ns, BRIDGE);
    await().atMost(WAIT).until(() -> deployment(client, ns, BRIDGE).getMetadata().getAnnotations() == null
        || !deployment(client, ns, BRIDGE).getMetadata().getAnnotations().containsKey(RestartRecord.GAVE_UP));
    awaitEvent(client, ns, "BridgeRecovered", "Ready again after 2 restart(s)");
    await().atMost(WAIT).until(() -> condition(client, ns, "Bridges"),
        c -> c.isPresent() && !"BridgeRestartsExhausted".equals(c.get().reason));
  }

  /**
   * Both Ready: the operator asks Synapse whether it reaches the bridge (healing.BridgeConnection;
   * SynapseRestartLeavesTheBridgeReachableTest shows the answers of a real Synapse). No Synapse runs
   * behind this one, which the condition says, once, with a Warning; then a reconcile that changes
   * nothing writes nothing.
   */
  @Test
  void aReconcileThatChangesNothingWritesNothing(KubernetesClient client) throws IOException {
    String ns = "heal-quiet";
    applyMinimal(client, ns, c -> { });
    awaitSettled(client, ns);
    FakeWorkloadController.markDeploymentAvailable(client, ns, SYNAPSE);
    FakeWorkloadController.markDeploymentAvailable(client, ns, BRIDGE);
    CommunityCondition bridges = await().atMost(WAIT).until(() -> condition(client, ns, "Bridges"),
        c -> c.isPresent() && "SynapseCannotReachBridge".equals(c.get().reason)).orElseThrow();
    assertTrue(bridges.message.contains("http://127.0.0.1:9 could not be asked"), bridges.message);
    assertEquals("Warning", awaitEvent(client, ns, "SynapseCannotReachBridge", "does not reach it").getType());
    await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
    assertEquals(1, events(client, ns, "SynapseCannotReachBridge").size());
    Map<String, String> before = versions(client, ns);
    int eventsBefore = client.v1().events().inNamespace(ns).list().getItems().size();
    var statusBefore = Serialization.asJson(community(client, ns).getStatus());

    CommunityEdits.edit(client, ns, "westchat", c -> c.getMetadata().setAnnotations(Map.of("example.org/nudge", "1")));
    await().pollDelay(Duration.ofSeconds(4)).atMost(WAIT).until(() -> true);
    assertEquals(before, versions(client, ns));
    assertEquals(statusBefore, Serialization.asJson(community(client, ns).getStatus()));
    assertEquals(eventsBefore, client.v1().events().inNamespace(ns).list().getItems().size(),
        client.v1().events().inNamespace(ns).list().getItems().stream().map(Event::getMessage).toList().toString());
  }

  // --- helpers

  static void applyMinimal(KubernetesClient client, String namespace, Consumer<WestchatCommunity> change) throws IOException {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).serverSideApply();
    try (var in = Files.newInputStream(ApiServer.repoRoot().resolve("samples/minimal.yaml"))) {
      WestchatCommunity community = Serialization.unmarshal(in, WestchatCommunity.class);
      community.getMetadata().setNamespace(namespace);
      // matrix-appservice-irc, the bridge these tests heal unless a test picks Heisenbridge (the default)
      community.getSpec().bridges.matrixIrc.implementation = BridgeImplementation.APPSERVICE_IRC;
      change.accept(community);
      client.resource(community).create();
    }
  }

  /** The bridge's objects exist, both pod templates carry the registration digest, and the status is current. */
  static void awaitSettled(KubernetesClient client, String ns) {
    await().atMost(WAIT).until(() -> {
      Deployment bridge = client.apps().deployments().inNamespace(ns).withName(BRIDGE).get();
      Deployment synapse = client.apps().deployments().inNamespace(ns).withName(SYNAPSE).get();
      WestchatCommunity community = community(client, ns);
      return bridge != null && synapse != null && podAnnotation(bridge, RegistrationHash.ANNOTATION) != null
          && podAnnotation(synapse, RegistrationHash.ANNOTATION) != null
          && client.configMaps().inNamespace(ns).withName(BRIDGE).get() != null
          && client.services().inNamespace(ns).withName(BRIDGE).get() != null
          && community.getStatus() != null
          && community.getMetadata().getGeneration().equals(community.getStatus().observedGeneration);
    });
  }

  /**
   * A pod of the bridge as the kubelet reports one that keeps crashing. The API-server tier runs no
   * kubelet, and a crash on demand is what a real bridge cannot be made to do here.
   */
  static void crashLoopingPodStandIn(KubernetesClient client, String ns) {
    Map<String, String> labels = new LinkedHashMap<>(deployment(client, ns, BRIDGE).getSpec().getSelector().getMatchLabels());
    Pod pod = client.pods().inNamespace(ns).resource(new PodBuilder()
        .withNewMetadata().withName(BRIDGE + "-stand-in").withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("bridge").withImage("stand-in").endContainer().endSpec()
        .build()).create();
    pod.setStatus(new PodBuilder(pod).editOrNewStatus().withPhase("Running")
        .addNewContainerStatus().withName("bridge").withImage("stand-in").withImageID("").withReady(false).withRestartCount(3)
          .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
            .withMessage("back-off 40s restarting failed container=bridge").endWaiting().endState()
          .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
            .withMessage("cannot reach the homeserver at http://westchat-synapse:8008").endTerminated().endLastState()
        .endContainerStatus().endStatus().build().getStatus());
    client.pods().inNamespace(ns).resource(pod).updateStatus();
  }

  static int restarts(KubernetesClient client, String ns) {
    Map<String, String> annotations = deployment(client, ns, BRIDGE).getMetadata().getAnnotations();
    return annotations == null ? 0 : Integer.parseInt(annotations.getOrDefault(RestartRecord.RESTARTS, "0"));
  }

  static Map<String, String> versions(KubernetesClient client, String ns) {
    Map<String, String> versions = new LinkedHashMap<>();
    for (Class<? extends HasMetadata> type : List.of(Secret.class, ConfigMap.class, Service.class, Deployment.class)) {
      versions.put(type.getSimpleName() + " bridge", client.resources(type).inNamespace(ns).withName(BRIDGE).get()
          .getMetadata().getResourceVersion());
    }
    versions.put("Deployment synapse", deployment(client, ns, SYNAPSE).getMetadata().getResourceVersion());
    return versions;
  }

  static WestchatCommunity community(KubernetesClient client, String ns) {
    return client.resources(WestchatCommunity.class).inNamespace(ns).withName("westchat").get();
  }

  static Optional<CommunityCondition> condition(KubernetesClient client, String ns, String type) {
    WestchatCommunity community = community(client, ns);
    return community.getStatus() == null ? Optional.empty()
        : community.getStatus().conditions.stream().filter(c -> type.equals(c.type)).findFirst();
  }

  static Deployment deployment(KubernetesClient client, String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  static String podAnnotation(Deployment deployment, String key) {
    Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** The community's Events with that reason, as `kubectl describe` would list them. */
  static List<Event> events(KubernetesClient client, String ns, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "westchat".equals(e.getInvolvedObject().getName()) && "WestchatCommunity".equals(e.getInvolvedObject().getKind()))
        .filter(e -> reason.equals(e.getReason())).toList();
  }

  static Event awaitEvent(KubernetesClient client, String ns, String reason, String messagePart) {
    return await().atMost(WAIT).until(() -> events(client, ns, reason).stream()
        .filter(e -> e.getMessage().contains(messagePart)).findFirst(), Optional::isPresent).orElseThrow();
  }

  static String plain(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
