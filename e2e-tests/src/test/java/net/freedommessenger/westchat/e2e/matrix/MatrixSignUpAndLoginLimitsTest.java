package net.freedommessenger.westchat.e2e.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Registration;
import net.freedommessenger.westchat.e2e.servers.MatrixHttp;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.matrix.SynapseAdminApi;
import net.freedommessenger.westchat.model.synapse.HomeserverConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sign-up and login limits of the rendered homeserver.yaml, on a real Synapse. Each attempt
 * names its client address in X-Forwarded-For, as the Ingress does, so the test stands for people
 * at addresses of their own (documentation ranges, RFC 5737) and the other tests' logins from
 * 127.0.0.1 are not counted with them. The figures measured are printed.
 */
class MatrixSignUpAndLoginLimitsTest {

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  static Map<String, Object> login(String user, String password) {
    return Map.of("type", "m.login.password", "identifier", Map.of("type", "m.id.user", "user", user), "password", password);
  }

  @Test
  void failedLoginsFromOneAddressAreAnswered429AfterTheBurst() throws Exception {
    RenderedMatrix matrix = RenderedMatrix.start(servers, MatrixInteropTest.minimal(), List.of());
    MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());
    int attempts = 0;
    MatrixHttp.Response answer;
    do {
      attempts++;
      answer = http.postFrom("203.0.113.7", "/_matrix/client/v3/login", null, login("guess" + attempts, "wrong-password"));
      assertTrue(answer.status() == 403 || answer.status() == 429, answer.toString());
    } while (answer.status() != 429 && attempts < 20);
    System.out.printf("Synapse, logins from one address: %d refused with 403, attempt %d answered %d %s (retry_after_ms %s)%n",
        attempts - 1, attempts, answer.status(), answer.body().path("errcode").asText(), answer.body().path("retry_after_ms"));
    assertEquals(429, answer.status());
    assertEquals(HomeserverConfig.BURST, attempts - 1, "the burst of rc_login.address");
    assertEquals(403, http.postFrom("203.0.113.8", "/_matrix/client/v3/login", null, login("guess", "wrong-password")).status(),
        "another address is not held back");
  }

  @Test
  void failedLoginsToOneAccountAreAnswered429AfterTheBurstWhateverTheAddress() throws Exception {
    RenderedMatrix matrix = RenderedMatrix.start(servers, MatrixInteropTest.minimal(), List.of());
    SynapseAdminApi api = new SynapseAdminApi(matrix.synapse().baseUrl());
    api.registerWithSharedSecret(matrix.registrationSharedSecret(), "carol", "carol-password-1", false);
    MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());
    int attempts = 0;
    MatrixHttp.Response answer;
    do {
      attempts++;
      answer = http.postFrom("198.51.100." + attempts, "/_matrix/client/v3/login", null, login("carol", "not-carols-password"));
      assertTrue(answer.status() == 403 || answer.status() == 429, answer.toString());
    } while (answer.status() != 429 && attempts < 20);
    System.out.printf("Synapse, wrong passwords for one account, each from another address: %d refused with 403, attempt %d "
        + "answered %d %s%n", attempts - 1, attempts, answer.status(), answer.body().path("errcode").asText());
    assertEquals(429, answer.status());
    assertEquals(HomeserverConfig.BURST, attempts - 1, "the burst of rc_login.failed_attempts");
    MatrixHttp.Response right = http.postFrom("198.51.100.99", "/_matrix/client/v3/login", null, login("carol", "carol-password-1"));
    System.out.printf("Synapse, then the right password from a new address: %d%n", right.status());
    assertEquals(429, right.status(), "the account waits, so guessing on does not pay");
  }

  @Test
  void openSignUpsFromOneAddressAreAnswered429AfterTheBurstAndTheAdminApiStillRegisters() throws Exception {
    WestchatCommunity community = MatrixInteropTest.minimal();
    community.getSpec().registration = Registration.OPEN;
    RenderedMatrix matrix = RenderedMatrix.start(servers, community, List.of());
    MatrixHttp http = new MatrixHttp(matrix.synapse().baseUrl());
    int attempts = 0;
    MatrixHttp.Response answer;
    do {
      attempts++;
      answer = signUp(http, "192.0.2.10", "newcomer" + attempts);
    } while (answer.status() == 200 && attempts < 20);
    System.out.printf("Synapse, open sign-ups from one address: %d accounts made, attempt %d answered %d %s%n",
        attempts - 1, attempts, answer.status(), answer.body().path("errcode").asText());
    assertEquals(429, answer.status(), answer.toString());
    assertEquals(HomeserverConfig.BURST, attempts - 1, "the burst of rc_registration");
    assertEquals(200, signUp(http, "192.0.2.11", "elsewhere").status(), "another address still signs up");
    // the operator makes the admins through the admin API, which these limits do not count
    new SynapseAdminApi(matrix.synapse().baseUrl()).registerWithSharedSecret(matrix.registrationSharedSecret(), "dora",
        "dora-password-1", true);
  }

  /** Open sign-up in Synapse's two steps: the flows and a session, then the dummy stage. */
  static MatrixHttp.Response signUp(MatrixHttp http, String address, String user) {
    Map<String, Object> request = Map.of("username", user, "password", user + "-password-1", "inhibit_login", true);
    MatrixHttp.Response flows = http.postFrom(address, "/_matrix/client/v3/register", null, request);
    if (flows.status() != 401) {
      return flows;
    }
    Map<String, Object> withAuth = new java.util.HashMap<>(request);
    withAuth.put("auth", Map.of("type", "m.login.dummy", "session", flows.body().path("session").asText()));
    return http.postFrom(address, "/_matrix/client/v3/register", null, withAuth);
  }
}
