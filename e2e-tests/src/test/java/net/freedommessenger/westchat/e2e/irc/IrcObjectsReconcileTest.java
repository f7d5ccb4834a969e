package net.freedommessenger.westchat.e2e.irc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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
import java.util.function.Consumer;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.api.spec.TlsSecretRef;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.CommunityEdits;
import net.freedommessenger.westchat.e2e.apiserver.OperatorForTheClass;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.ergo.IrcdConfig;
import net.freedommessenger.westchat.model.secrets.PasswordHashes;
import net.freedommessenger.westchat.model.workload.ConfigHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The IRC part's objects against a real API server: created, left alone, repaired, rolled. */
@ExtendWith(ApiServerExtension.class)
class IrcObjectsReconcileTest {

  // generous: the certificate test waits here for the once-a-minute look for cert-manager
  static final Duration WAIT = Duration.ofSeconds(150);
  @RegisterExtension
  static final OperatorForTheClass operator = new OperatorForTheClass();

  /** The minimal sample, changed as given, in a namespace of its own. */
  static void apply(KubernetesClient client, String namespace, Consumer<WestchatCommunity> change) throws IOException {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).serverSideApply();
    try (var in = Files.newInputStream(ApiServer.repoRoot().resolve("samples/minimal.yaml"))) {
      WestchatCommunity community = Serialization.unmarshal(in, WestchatCommunity.class);
      community.getMetadata().setNamespace(namespace);
      change.accept(community);
      client.resource(community).create();
    }
  }

  static <T extends HasMetadata> T awaitObject(KubernetesClient client, String namespace, Class<T> type, String name) {
    return await().atMost(WAIT).until(() -> client.resources(type).inNamespace(namespace).withName(name).get(), o -> o != null);
  }

  static Secret config(KubernetesClient client, String namespace) {
    return awaitObject(client, namespace, Secret.class, "westchat-ergo");
  }

  static String ircdYaml(KubernetesClient client, String namespace) {
    return ErgoObjects.files(config(client, namespace).getData()).get(IrcdConfig.FILE);
  }

  static String configHash(KubernetesClient client, String namespace) {
    return awaitObject(client, namespace, StatefulSet.class, "westchat-ergo").getSpec().getTemplate().getMetadata()
        .getAnnotations().get(ConfigHash.ANNOTATION);
  }

  static String password(KubernetesClient client, String namespace, String secret) {
    return new String(Base64.getDecoder().decode(awaitObject(client, namespace, Secret.class, secret).getData()
        .get(AccountSecrets.PASSWORD)), StandardCharsets.UTF_8);
  }

  static Map<String, String> resourceVersions(KubernetesClient client, String namespace) {
    Map<String, String> versions = new LinkedHashMap<>();
    for (Class<? extends HasMetadata> type : List.of(Secret.class, Service.class, StatefulSet.class)) {
      versions.put(type.getSimpleName(), awaitObject(client, namespace, type, "westchat-ergo").getMetadata().getResourceVersion());
    }
    return versions;
  }

  static CommunityCondition ircCondition(KubernetesClient client, String namespace, String reason) {
    WestchatCommunity community = await().atMost(WAIT).until(
        () -> client.resources(WestchatCommunity.class).inNamespace(namespace).withName("westchat").get(),
        c -> c.getStatus() != null && c.getStatus().conditions.stream()
            .anyMatch(cond -> cond.type.equals("IRC") && reason.equals(cond.reason)));
    return community.getStatus().conditions.stream().filter(c -> c.type.equals("IRC")).findFirst().orElseThrow();
  }

  /**
   * A spec change that leaves the IRC part as it is (a new room, which this version only lists in
   * the status): a new generation, so the operator reconciles for certain.
   */
  static void reconcileAgain(KubernetesClient client, String namespace, String room) {
    CommunityEdits.edit(client, namespace, "westchat", c -> c.getSpec().rooms.add(new Room(room, null)));
    await().atMost(WAIT).until(() -> {
      WestchatCommunity community = client.resources(WestchatCommunity.class).inNamespace(namespace).withName("westchat").get();
      return community.getStatus() != null
          && community.getMetadata().getGeneration().equals(community.getStatus().observedGeneration);
    });
  }

  @Test
  void minimalSampleMakesErgoWhoseOpersMatchTheAccountSecretsAndASecondReconcileWritesNothing(KubernetesClient client)
      throws IOException {
    apply(client, "irc-create", c -> { });
    Map<String, String> hashes = IrcdConfig.operHashes(ircdYaml(client, "irc-create"));
    assertEquals(List.of("alice", "westchat"), List.copyOf(hashes.keySet()));
    assertTrue(PasswordHashes.verifies(password(client, "irc-create", "westchat-admin-alice"), hashes.get("alice")));
    assertTrue(PasswordHashes.verifies(password(client, "irc-create", "westchat-operator-account"), hashes.get("westchat")));
    assertEquals("westchat-ergo", awaitObject(client, "irc-create", StatefulSet.class, "westchat-ergo").getSpec()
        .getTemplate().getSpec().getVolumes().get(0).getSecret().getSecretName());
    assertEquals("LoadBalancer", awaitObject(client, "irc-create", Service.class, "westchat-irc").getSpec().getType(),
        "IRC over TLS with the self-signed certificate");
    // the StatefulSet takes the certificate's digest once the operator sees the Secret it made
    await().atMost(WAIT).until(() -> awaitObject(client, "irc-create", StatefulSet.class, "westchat-ergo").getSpec()
        .getTemplate().getMetadata().getAnnotations().containsKey(ConfigHash.CERTIFICATE_ANNOTATION));

    Map<String, String> before = resourceVersions(client, "irc-create");
    reconcileAgain(client, "irc-create", "lobby");
    await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
    assertEquals(before, resourceVersions(client, "irc-create"), "bcrypt's random salts must not make a no-op write");
  }

  @Test
  void handEditedAndDeletedObjectsAreRepaired(KubernetesClient client) throws IOException {
    apply(client, "irc-drift", c -> { });
    String original = ircdYaml(client, "irc-drift");
    awaitObject(client, "irc-drift", StatefulSet.class, "westchat-ergo");
    client.secrets().inNamespace("irc-drift").withName("westchat-ergo").edit(secret -> {
      String hijacked = original.replace("name: westchat\n", "name: hijacked\n");
      secret.getData().put(IrcdConfig.FILE, Base64.getEncoder().encodeToString(hijacked.getBytes(StandardCharsets.UTF_8)));
      return secret;
    });
    await().atMost(WAIT).until(() -> original.equals(ircdYaml(client, "irc-drift")));

    client.services().inNamespace("irc-drift").withName("westchat-ergo").delete();
    client.apps().statefulSets().inNamespace("irc-drift").withName("westchat-ergo").delete();
    await().atMost(WAIT).until(() -> {
      Service service = client.services().inNamespace("irc-drift").withName("westchat-ergo").get();
      StatefulSet statefulSet = client.apps().statefulSets().inNamespace("irc-drift").withName("westchat-ergo").get();
      return service != null && service.getMetadata().getDeletionTimestamp() == null
          && statefulSet != null && statefulSet.getMetadata().getDeletionTimestamp() == null;
    });
    assertEquals(original, ircdYaml(client, "irc-drift"), "the config, and so its hashes, stayed");
  }

  @Test
  void aNewAdminBecomesAnOperWithoutNewHashesForTheOthersAndErgoRolls(KubernetesClient client) throws IOException {
    apply(client, "irc-roll", c -> { });
    Map<String, String> before = IrcdConfig.operHashes(ircdYaml(client, "irc-roll"));
    String hash = configHash(client, "irc-roll");
    CommunityEdits.edit(client, "irc-roll", "westchat", c -> {
      c.getSpec().admins.add(new Admin("bob"));
      c.getSpec().rules = "Be kind.";
    });
    await().atMost(WAIT).until(() -> IrcdConfig.operHashes(ircdYaml(client, "irc-roll")).containsKey("bob"));
    Map<String, String> after = IrcdConfig.operHashes(ircdYaml(client, "irc-roll"));
    assertEquals(before.get("alice"), after.get("alice"));
    assertEquals(before.get("westchat"), after.get("westchat"));
    assertTrue(PasswordHashes.verifies(password(client, "irc-roll", "westchat-admin-bob"), after.get("bob")));
    assertTrue(ErgoObjects.files(config(client, "irc-roll").getData()).get(IrcdConfig.MOTD_FILE).contains("Be kind."));
    await().atMost(WAIT).until(() -> !hash.equals(configHash(client, "irc-roll")));
  }

  @Test
  void switchingIrcOffRemovesErgoAndKeepsTheAccounts(KubernetesClient client) throws IOException {
    apply(client, "irc-off", c -> { });
    resourceVersions(client, "irc-off");
    CommunityEdits.edit(client, "irc-off", "westchat", c -> {
      c.getSpec().irc.enabled = false;
      c.getSpec().bridges.matrixIrc.enabled = false;
      c.getSpec().bridges.xmppIrc.enabled = false;
    });
    await().atMost(WAIT).until(() -> client.apps().statefulSets().inNamespace("irc-off").withName("westchat-ergo").get() == null
        && client.secrets().inNamespace("irc-off").withName("westchat-ergo").get() == null
        && client.services().inNamespace("irc-off").withName("westchat-ergo").get() == null);
    awaitObject(client, "irc-off", Secret.class, "westchat-admin-alice");
    assertEquals("Disabled", ircCondition(client, "irc-off", "Disabled").reason);
  }

  @Test
  void withoutACertificateErgoServesTlsWithTheSelfSignedOneAndAUserSecretTakesItsPlace(KubernetesClient client)
      throws IOException {
    apply(client, "irc-tls", c -> { });
    assertEquals("westchat-self-signed-tls", tlsSecretOf(client, "irc-tls"));
    assertEquals("LoadBalancer", awaitObject(client, "irc-tls", Service.class, "westchat-irc").getSpec().getType());
    assertTrue(ircdYaml(client, "irc-tls").contains(":6697"), "Ergo listens for TLS");

    CommunityEdits.edit(client, "irc-tls", "westchat", c -> {
      c.getSpec().irc.tls = new TlsSecretRef();
      c.getSpec().irc.tls.secretName = "my-irc-cert";
    });
    assertTrue(ircCondition(client, "irc-tls", "TlsSecretMissing").message.contains("my-irc-cert"));
    await().atMost(WAIT).until(() -> "my-irc-cert".equals(tlsSecretOf(client, "irc-tls")));
  }

  static String tlsSecretOf(KubernetesClient client, String namespace) {
    return awaitObject(client, namespace, StatefulSet.class, "westchat-ergo").getSpec().getTemplate().getSpec().getVolumes()
        .stream().filter(v -> v.getName().equals("tls")).findFirst().orElseThrow().getSecret().getSecretName();
  }
}
