package net.freedommessenger.westchat.e2e.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.MatrixHttp;
import net.freedommessenger.westchat.e2e.servers.NginxServer;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.matrix.MatrixAccount;
import net.freedommessenger.westchat.matrix.MatrixAdmins;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.synapse.MatrixDelegation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real Synapse and PostgreSQL, started from what the operator renders for samples/minimal.yaml. */
class MatrixInteropTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  static WestchatCommunity minimal() throws Exception {
    return CommunityFile.parse(Files.readString(ApiServer.repoRoot().resolve("samples/minimal.yaml")));
  }

  static MatrixAccount account(Secret secret) {
    Map<String, String> values = RenderedMatrix.plain(secret);
    return new MatrixAccount(values.get(AccountSecrets.USERNAME), values.get(AccountSecrets.PASSWORD), true);
  }

  @Test
  void renderedSynapseRunsAndTheOperatorMakesTheAdmins() throws Exception {
    WestchatCommunity community = minimal();
    RenderedMatrix matrix = RenderedMatrix.start(servers, community, List.of());
    MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());
    assertEquals(200, http.get("/health", null).status());
    assertEquals("C", matrix.database().psql("synapse", "SELECT datcollate FROM pg_database WHERE datname = current_database()"));

    List<Secret> accounts = AccountSecrets.desired(community, ExistingSecrets.NONE, new RandomSecretGenerator());
    MatrixAccount operator = account(accounts.get(0));
    MatrixAccount alice = account(accounts.get(1));
    MatrixAdmins admins = new MatrixAdmins(new SynapseAdminApi(matrix.synapse().baseUrl()), community.getSpec().domain);
    List<MatrixAdmins.Outcome> first = admins.ensure(matrix.registrationSharedSecret(), operator, List.of(alice));
    assertEquals(List.of(new MatrixAdmins.Outcome("westchat", "registered"), new MatrixAdmins.Outcome("alice", "registered")), first);

    SynapseAdminApi api = new SynapseAdminApi(matrix.synapse().baseUrl());
    String aliceToken = api.login("alice", alice.password());
    assertEquals(java.util.Optional.of(true), api.isAdmin(aliceToken, "@alice:westchat.example.org"), "alice is a server admin");

    List<MatrixAdmins.Outcome> again = admins.ensure(matrix.registrationSharedSecret(), operator, List.of(alice));
    assertEquals(List.of(new MatrixAdmins.Outcome("westchat", "exists"), new MatrixAdmins.Outcome("alice", "exists")), again,
        "a second run changes nothing");
  }

  @Test
  void delegationFilesPointAtMatrixSubdomain() throws Exception {
    WestchatCommunity community = minimal();
    Path dir = servers.directory("delegation");
    int port = LoopbackPorts.take();
    Files.writeString(dir.resolve(NginxServer.CONFIG_FILE),
        MatrixDelegation.nginxConfig(community.getSpec(), LoopbackPorts.HOST + ":" + port, dir.toString()));
    for (Map.Entry<String, String> page : MatrixDelegation.pageFiles(community).entrySet()) {
      Files.writeString(dir.resolve(page.getKey()), page.getValue());
    }
    NginxServer nginx = servers.add(NginxServer.start(dir, port));

    // the front page, in the language the browser asks for first, and in either under /en/ and /de/
    HttpClient browser = HttpClient.newHttpClient();
    HttpResponse<String> german = browser.send(HttpRequest.newBuilder(URI.create("http://" + LoopbackPorts.HOST + ":" + port + "/"))
        .header("Accept-Language", "de-DE,de;q=0.9,en;q=0.8").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, german.statusCode());
    assertEquals("text/html; charset=utf-8", german.headers().firstValue("Content-Type").orElse(""));
    assertTrue(german.body().contains("<html lang=\"de\">"), german.body());
    HttpResponse<String> english = browser.send(HttpRequest.newBuilder(URI.create("http://" + LoopbackPorts.HOST + ":" + port + "/"))
        .header("Accept-Language", "en-US,en;q=0.9,de;q=0.8").build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(english.body().contains("<html lang=\"en\">"), english.body());
    assertTrue(nginx.get("/de/").body().contains("<html lang=\"de\">"));
    assertTrue(nginx.get("/en/").body().contains("<html lang=\"en\">"));
    assertEquals(404, nginx.get("/index.de.html").statusCode(), "the files are reached through / , /de/ and /en/ only");

    HttpResponse<String> server = nginx.get("/.well-known/matrix/server");
    assertEquals(200, server.statusCode());
    assertEquals("application/json", server.headers().firstValue("Content-Type").orElse(""));
    assertEquals("matrix.westchat.example.org:443", JSON.readTree(server.body()).path("m.server").asText());

    HttpResponse<String> client = nginx.get("/.well-known/matrix/client");
    assertEquals("*", client.headers().firstValue("Access-Control-Allow-Origin").orElse(""), "web clients read it cross-origin");
    assertEquals("https://matrix.westchat.example.org", JSON.readTree(client.body()).at("/m.homeserver/base_url").asText());

    // and the client file's base URL is where Synapse itself says it lives
    RenderedMatrix matrix = RenderedMatrix.start(servers, community, List.of());
    JsonNode versions = new MatrixHttp(matrix.synapse().baseUrl()).get("/_matrix/client/versions", null).ok();
    assertTrue(versions.path("versions").size() > 0, versions.toString());
  }

  @Test
  void inviteRegistrationAsksForAToken() throws Exception {
    RenderedMatrix matrix = RenderedMatrix.start(servers, minimal(), List.of());
    MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());
    MatrixHttp.Response answer = http.post("/_matrix/client/v3/register", null, Map.of("username", "mallory", "password", "x1234567890"));
    assertEquals(401, answer.status(), "registration needs another step");
    assertTrue(answer.body().toString().contains("m.login.registration_token"), answer.body().toString());
  }
}
