package net.freedommessenger.westchat.e2e.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.BridgeImplementation;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.CommunityEdits;
import net.freedommessenger.westchat.e2e.apiserver.OperatorForTheClass;
import net.freedommessenger.westchat.model.workload.ConfigHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Matrix-IRC bridge's objects against a real API server: Heisenbridge's, exactly one
 * implementation's workload at a time, Secrets kept across a switch, Synapse listing the right
 * registration, and a reconcile that changes nothing writing nothing.
 */
@ExtendWith(ApiServerExtension.class)
class BridgeObjectsReconcileTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  @RegisterExtension
  static final OperatorForTheClass operator = new OperatorForTheClass();

  static WestchatCommunity apply(KubernetesClient client, String namespace, String sample) throws IOException {
    return apply(client, namespace, sample, c -> { });
  }

  /** The sample with a change, created in the namespace. */
  static WestchatCommunity apply(KubernetesClient client, String namespace, String sample,
      java.util.function.Consumer<WestchatCommunity> change) throws IOException {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).serverSideApply();
    try (var in = Files.newInputStream(ApiServer.repoRoot().resolve("samples/" + sample))) {
      WestchatCommunity community = Serialization.unmarshal(in, WestchatCommunity.class);
      community.getMetadata().setNamespace(namespace);
      change.accept(community);
      return client.resource(community).create();
    }
  }

  static <T extends HasMetadata> T await(KubernetesClient client, String namespace, Class<T> type, String name) {
    return org.awaitility.Awaitility.await().atMost(WAIT)
        .until(() -> client.resources(type).inNamespace(namespace).withName(name).get(), o -> o != null);
  }

  static <T extends HasMetadata> void awaitGone(KubernetesClient client, String namespace, Class<T> type, String name) {
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
      T object = client.resources(type).inNamespace(namespace).withName(name).get();
      return object == null || object.getMetadata().getDeletionTimestamp() != null;
    });
  }

  static String homeserverYaml(KubernetesClient client, String namespace) {
    return client.configMaps().inNamespace(namespace).withName("westchat-synapse").get().getData().get("homeserver.yaml");
  }

  static String synapseHash(KubernetesClient client, String namespace) {
    return client.apps().deployments().inNamespace(namespace).withName("westchat-synapse").get()
        .getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION);
  }

  static Map<String, String> versions(KubernetesClient client, String namespace, Map<Class<? extends HasMetadata>, List<String>> objects) {
    Map<String, String> versions = new LinkedHashMap<>();
    objects.forEach((type, names) -> names.forEach(name -> versions.put(type.getSimpleName() + "/" + name,
        client.resources(type).inNamespace(namespace).withName(name).get().getMetadata().getResourceVersion())));
    return versions;
  }

  @Test
  void heisenbridgeGetsItsObjectsSynapseItsRegistrationAndANoOpWritesNothing(KubernetesClient client) throws IOException {
    String ns = "heisenbridge-create";
    apply(client, ns, "heisenbridge.yaml");
    Secret secret = await(client, ns, Secret.class, "westchat-heisenbridge");
    assertTrue(secret.getData().keySet().containsAll(List.of("as_token", "hs_token", "registration.yaml")));
    await(client, ns, Service.class, "westchat-heisenbridge");
    Deployment bridge = await(client, ns, Deployment.class, "westchat-heisenbridge");
    assertTrue(bridge.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().contains("@westchat:westchat.example.org"));
    await(client, ns, Deployment.class, "westchat-synapse");
    String homeserver = homeserverYaml(client, ns);
    assertTrue(homeserver.contains("/appservices/heisenbridge/registration.yaml"), homeserver);
    assertTrue(!homeserver.contains("appservice-irc"), homeserver);
    assertEquals(null, client.apps().deployments().inNamespace(ns).withName("westchat-appservice-irc").get());

    Map<Class<? extends HasMetadata>, List<String>> watched = new LinkedHashMap<>();
    watched.put(Secret.class, List.of("westchat-heisenbridge"));
    watched.put(Service.class, List.of("westchat-heisenbridge"));
    watched.put(Deployment.class, List.of("westchat-heisenbridge", "westchat-synapse"));
    watched.put(ConfigMap.class, List.of("westchat-synapse", "westchat-prosody"));
    await(client, ns, ConfigMap.class, "westchat-prosody");
    Map<String, String> before = versions(client, ns, watched);
    CommunityEdits.edit(client, ns, "westchat", c -> c.getMetadata().setAnnotations(Map.of("example.org/nudge", "1")));
    org.awaitility.Awaitility.await().pollDelay(Duration.ofSeconds(4)).atMost(WAIT).until(() -> true);
    assertEquals(before, versions(client, ns, watched), "a reconcile that changes nothing writes nothing");
  }

  @Test
  void switchingTheImplementationSwapsWorkloadsKeepsSecretsAndRollsSynapseOnce(KubernetesClient client) throws IOException {
    String ns = "bridge-switch";
    apply(client, ns, "minimal.yaml", c -> c.getSpec().bridges.matrixIrc.implementation = BridgeImplementation.APPSERVICE_IRC);
    Secret appserviceSecret = await(client, ns, Secret.class, "westchat-appservice-irc");
    await(client, ns, Deployment.class, "westchat-appservice-irc");
    await(client, ns, Deployment.class, "westchat-synapse");
    assertTrue(homeserverYaml(client, ns).contains("/appservices/appservice-irc/registration.yaml"));
    String appserviceHash = synapseHash(client, ns);

    CommunityEdits.edit(client, ns, "westchat", c -> c.getSpec().bridges.matrixIrc.implementation = BridgeImplementation.HEISENBRIDGE);
    Secret heisenbridgeSecret = await(client, ns, Secret.class, "westchat-heisenbridge");
    await(client, ns, Deployment.class, "westchat-heisenbridge");
    awaitGone(client, ns, Deployment.class, "westchat-appservice-irc");
    awaitGone(client, ns, Service.class, "westchat-appservice-irc");
    org.awaitility.Awaitility.await().atMost(WAIT)
        .until(() -> homeserverYaml(client, ns).contains("/appservices/heisenbridge/registration.yaml"));
    assertTrue(!homeserverYaml(client, ns).contains("/appservices/appservice-irc/"), homeserverYaml(client, ns));
    String heisenbridgeHash = synapseHash(client, ns);
    assertNotEquals(appserviceHash, heisenbridgeHash, "Synapse rolls when the set of registrations changes");
    assertEquals(appserviceSecret.getData(), client.secrets().inNamespace(ns).withName("westchat-appservice-irc").get().getData(),
        "the other bridge's tokens are kept");

    CommunityEdits.edit(client, ns, "westchat", c -> c.getSpec().bridges.matrixIrc.implementation = BridgeImplementation.APPSERVICE_IRC);
    await(client, ns, Deployment.class, "westchat-appservice-irc");
    awaitGone(client, ns, Deployment.class, "westchat-heisenbridge");
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> appserviceHash.equals(synapseHash(client, ns)));
    assertEquals(appserviceSecret.getData(), client.secrets().inNamespace(ns).withName("westchat-appservice-irc").get().getData());
    assertEquals(heisenbridgeSecret.getData(), client.secrets().inNamespace(ns).withName("westchat-heisenbridge").get().getData(),
        "switching back keeps Heisenbridge's tokens for a later switch");
  }
}
