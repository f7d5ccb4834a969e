package net.freedommessenger.westchat.e2e.matrix;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.apiserver.ApiServerExtension;
import net.freedommessenger.westchat.e2e.apiserver.FakeWorkloadController;
import net.freedommessenger.westchat.e2e.apiserver.OperatorInTestJvm;
import net.freedommessenger.westchat.e2e.servers.MatrixHttp;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.reconciler.ServerAccess;
import net.freedommessenger.westchat.reconciler.WestchatCommunityReconciler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole Matrix path: the operator creates the Secrets in a real API server, a real Synapse runs
 * on loopback with exactly those Secrets, and the operator makes the admins on it.
 */
@ExtendWith(ApiServerExtension.class)
class MatrixAdminsThroughTheOperatorTest {

  static final String NS = "matrix-admins";
  static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void adminFromTheSpecCanLogInWithThePasswordFromItsSecretAndIsAServerAdmin(ApiServer apiServer) throws Exception {
    KubernetesClient client = apiServer.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).serverSideApply();
    AtomicReference<String> synapseUrl = new AtomicReference<>("http://127.0.0.1:9");
    try (OperatorInTestJvm operator = OperatorInTestJvm.start(apiServer.newClient(),
        new WestchatCommunityReconciler(ServerAccess.IN_CLUSTER.withSynapse(community -> synapseUrl.get())))) {
      String yaml = Files.readString(ApiServer.repoRoot().resolve("samples/minimal.yaml"));
      WestchatCommunity community = Serialization.unmarshal(yaml, WestchatCommunity.class);
      community.getMetadata().setNamespace(NS);
      client.resource(community).create();

      Secret postgres = awaitSecret(client, "westchat-postgres");
      Secret synapse = awaitSecret(client, "westchat-synapse");
      Secret alice = awaitSecret(client, "westchat-admin-alice");
      RenderedMatrix matrix = RenderedMatrix.start(servers, CommunityFile.parse(yaml), List.of(),
          RenderedMatrix.plain(postgres).get("password"), RenderedMatrix.plain(synapse));
      synapseUrl.set(matrix.synapse().baseUrl());
      FakeWorkloadController.markStatefulSetReady(client, NS, "westchat-postgres");
      FakeWorkloadController.markDeploymentAvailable(client, NS, "westchat-synapse");

      CommunityCondition condition = await().atMost(WAIT).until(() -> matrixCondition(client),
          c -> c.isPresent() && "True".equals(c.get().status)).orElseThrow();
      assertEquals("Running", condition.reason);

      SynapseAdminApi api = new SynapseAdminApi(matrix.synapse().baseUrl());
      String token = api.login("alice", RenderedMatrix.plain(alice).get("password"));
      assertEquals(Optional.of(true), api.isAdmin(token, "@alice:westchat.example.org"));

      // registration: invite; the status names the Secret of the token once Synapse has it, never the value
      WestchatCommunity seen = await().atMost(WAIT).until(
          () -> client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get(),
          c -> c.getStatus() != null && c.getStatus().registration != null);
      assertEquals("westchat-matrix-invite-token", seen.getStatus().registration.matrixTokenSecret);
      String invitation = RenderedMatrix.plain(awaitSecret(client, "westchat-matrix-invite-token")).get("token");
      assertFalse(Serialization.asJson(seen.getStatus()).contains(invitation), "the value stays in the Secret");
      MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());
      Map<String, Object> request = Map.of("username", "erin", "password", "erin-password-1", "inhibit_login", true);
      MatrixHttp.Response flows = http.post("/_matrix/client/v3/register", null, request);
      assertEquals(401, flows.status(), "no account without the token");
      assertTrue(flows.body().path("flows").toString().contains("m.login.registration_token"), flows.body().toString());
      MatrixHttp.Response wrong = http.post("/_matrix/client/v3/register", null,
          withToken(request, flows.body().path("session").asText(), "not-the-invitation"));
      String session = flows.body().path("session").asText();
      MatrixHttp.Response tokenStage = http.post("/_matrix/client/v3/register", null, withToken(request, session, invitation));
      assertTrue(tokenStage.body().path("completed").toString().contains("m.login.registration_token"), tokenStage.toString());
      // Synapse's flow ends with the dummy stage, which asks for nothing
      Map<String, Object> dummy = new java.util.HashMap<>(request);
      dummy.put("auth", Map.of("type", "m.login.dummy", "session", session));
      MatrixHttp.Response right = http.post("/_matrix/client/v3/register", null, dummy);
      System.out.printf("Synapse, invite mode: without a token %d, with a wrong token %d %s, with the operator's token the "
          + "stage completes and the sign-up ends %d %s%n", flows.status(), wrong.status(), wrong.body().path("errcode").asText(),
          right.status(), right.body().path("user_id").asText());
      assertEquals(401, wrong.status(), wrong.toString());
      assertEquals("M_UNAUTHORIZED", wrong.body().path("errcode").asText());
      assertEquals("@erin:westchat.example.org", right.ok().path("user_id").asText());

      JsonNode tokens = http.get("/_synapse/admin/v1/registration_tokens", token).ok().path("registration_tokens");
      assertEquals(1, tokens.size(), "one token, made once: " + tokens);
      assertEquals(invitation, tokens.get(0).path("token").asText());
      assertTrue(tokens.get(0).path("uses_allowed").isNull(), "any number of sign-ups");
      assertEquals(1, tokens.get(0).path("completed").asInt());
    }
  }

  static Map<String, Object> withToken(Map<String, Object> request, String session, String token) {
    Map<String, Object> withAuth = new java.util.HashMap<>(request);
    withAuth.put("auth", Map.of("type", "m.login.registration_token", "token", token, "session", session));
    return withAuth;
  }

  @Test
  void aRefusedRegistrationIsReportedWithTheServersReason(ApiServer apiServer) throws Exception {
    KubernetesClient client = apiServer.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS + "-refused").endMetadata().build()).serverSideApply();
    AtomicReference<String> synapseUrl = new AtomicReference<>("http://127.0.0.1:9");
    try (OperatorInTestJvm operator = OperatorInTestJvm.start(apiServer.newClient(),
        new WestchatCommunityReconciler(ServerAccess.IN_CLUSTER.withSynapse(community -> synapseUrl.get())))) {
      String yaml = Files.readString(ApiServer.repoRoot().resolve("samples/minimal.yaml"));
      WestchatCommunity community = Serialization.unmarshal(yaml, WestchatCommunity.class);
      community.getMetadata().setNamespace(NS + "-refused");
      client.resource(community).create();
      // Synapse runs with a shared secret other than the one in the operator's Secret, as after a hand edit
      RenderedMatrix matrix = RenderedMatrix.start(servers, CommunityFile.parse(yaml), List.of());
      synapseUrl.set(matrix.synapse().baseUrl());
      await().atMost(WAIT).until(() -> client.secrets().inNamespace(NS + "-refused").withName("westchat-admin-alice").get() != null);
      FakeWorkloadController.markStatefulSetReady(client, NS + "-refused", "westchat-postgres");
      FakeWorkloadController.markDeploymentAvailable(client, NS + "-refused", "westchat-synapse");

      CommunityCondition condition = await().atMost(WAIT).until(() -> {
        WestchatCommunity c = client.resources(WestchatCommunity.class).inNamespace(NS + "-refused").withName("westchat").get();
        return c.getStatus() == null ? Optional.<CommunityCondition>empty()
            : c.getStatus().conditions.stream().filter(x -> x.type.equals("Matrix")).findFirst();
      }, c -> c.isPresent() && "AdminRegistrationFailed".equals(c.get().reason)).orElseThrow();
      assertEquals("False", condition.status);
      org.junit.jupiter.api.Assertions.assertTrue(condition.message.contains("403"), condition.message);
    }
  }

  static Secret awaitSecret(KubernetesClient client, String name) {
    return await().atMost(WAIT).until(() -> client.secrets().inNamespace(NS).withName(name).get(), s -> s != null);
  }

  static Optional<CommunityCondition> matrixCondition(KubernetesClient client) {
    WestchatCommunity community = client.resources(WestchatCommunity.class).inNamespace(NS).withName("westchat").get();
    return community.getStatus() == null ? Optional.empty()
        : community.getStatus().conditions.stream().filter(c -> c.type.equals("Matrix")).findFirst();
  }
}
