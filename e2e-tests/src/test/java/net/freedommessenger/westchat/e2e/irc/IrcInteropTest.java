package net.freedommessenger.westchat.e2e.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Registration;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.servers.IrcClient;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.model.ergo.IrcdConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real Ergo, started from what the operator renders for the samples, on loopback. */
class IrcInteropTest {

  static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  static WestchatCommunity sample(String file) throws Exception {
    return CommunityFile.parse(Files.readString(ApiServer.repoRoot().resolve("samples").resolve(file)));
  }

  static String noticeFrom(String service, IrcClient client, String words) {
    return client.await(line -> line.startsWith(":" + service + "!") && line.contains(words), WAIT);
  }

  @Test
  void overTlsThePeopleSeeTheRulesAndTheAdminsBecomeOpersWithThePasswordsFromTheirSecrets() throws Exception {
    WestchatCommunity community = sample("full.yaml");
    RenderedIrc irc = RenderedIrc.start(servers, community);

    try (IrcClient alice = IrcClient.overTls(irc.tlsPort(), "alice", irc.certificate().trustManager(), "irc.westchat.example.org")) {
      assertTrue(alice.tlsSession().getProtocol().startsWith("TLSv1."), alice.tlsSession().getProtocol());
      alice.send("MOTD");
      alice.await(line -> IrcClient.numeric("372").test(line) && line.contains(community.getSpec().rules), WAIT);
      alice.send("OPER alice " + irc.passwords().get("alice"));
      alice.await(IrcClient.numeric("381"), WAIT);
      alice.send("WHOIS alice");
      String whois = alice.await(IrcClient.numeric("313"), WAIT);
      assertTrue(whois.contains("is an admin of Westchat"), whois);
    }
    try (IrcClient operator = new IrcClient(irc.ergo().port(), "westchat")) {
      operator.send("OPER westchat " + irc.passwords().get("westchat"));
      operator.await(IrcClient.numeric("381"), WAIT);
    }
    try (IrcClient bob = new IrcClient(irc.ergo().port(), "bob")) {
      bob.send("OPER bob " + irc.passwords().get("alice"));
      bob.await(IrcClient.numeric("464"), WAIT);
    }
  }

  @Test
  void withOpenRegistrationAUserRegistersWithNickServAndJoinsAChannelShePutsUnderChanServ() throws Exception {
    WestchatCommunity community = sample("minimal.yaml");
    community.getSpec().registration = Registration.OPEN;
    RenderedIrc irc = RenderedIrc.start(servers, community);

    try (IrcClient carol = new IrcClient(irc.ergo().port(), "carol")) {
      carol.send("NS REGISTER correct-horse-battery");
      noticeFrom("NickServ", carol, "Account created");
      carol.send("JOIN #lobby");
      carol.await(IrcClient.numeric("366"), WAIT);
      carol.send("CS REGISTER #lobby");
      noticeFrom("ChanServ", carol, "successfully registered");
      carol.send("WHOIS carol");
      String account = carol.await(IrcClient.numeric("330"), WAIT);
      assertTrue(account.contains(" carol carol "), "WHOIS names the account: " + account);
    }
  }

  @Test
  void withInviteRegistrationAnAdminMakesTheAccountThatTheUserThenLogsInTo() throws Exception {
    RenderedIrc irc = RenderedIrc.start(servers, sample("minimal.yaml"));

    try (IrcClient dave = new IrcClient(irc.ergo().port(), "dave");
        IrcClient alice = new IrcClient(irc.ergo().port(), "alice")) {
      dave.send("NS REGISTER correct-horse-battery");
      noticeFrom("NickServ", dave, "disabled");

      alice.send("OPER alice " + irc.passwords().get("alice"));
      alice.await(IrcClient.numeric("381"), WAIT);
      alice.send("NS SAREGISTER dave correct-horse-battery");
      noticeFrom("NickServ", alice, "Successfully registered account dave");

      dave.send("NS IDENTIFY dave correct-horse-battery");
      noticeFrom("NickServ", dave, "You're now logged in as dave");
      dave.send("JOIN #lobby");
      dave.await(IrcClient.numeric("366"), WAIT);
    }
  }

  /**
   * Every login attempt on one connection counts, whatever the address (loopback too): the
   * configured number reach the password check, the next is told to wait.
   */
  @Test
  void loginAttemptsOnOneConnectionAreRefusedAfterTheConfiguredNumber() throws Exception {
    RenderedIrc irc = RenderedIrc.start(servers, sample("minimal.yaml"));
    try (IrcClient mallory = new IrcClient(irc.ergo().port(), "mallory")) {
      int attempts = 0;
      String answer;
      do {
        attempts++;
        mallory.send("NS IDENTIFY alice wrong-guess-" + attempts);
        answer = noticeFrom("NickServ", mallory, "Authentication failed");
      } while (!answer.contains("Please wait") && attempts < 10);
      System.out.printf("Ergo, logins on one connection: %d refused for the password, attempt %d answered: %s%n",
          attempts - 1, attempts, answer.substring(answer.indexOf(" :") + 2));
      assertTrue(answer.contains("Please wait"), answer);
      assertEquals(IrcdConfig.LOGIN_ATTEMPTS, attempts - 1);
    }
    // the count belongs to the connection; a new one is counted by ip-limits' throttle, which spares loopback
    try (IrcClient again = new IrcClient(irc.ergo().port(), "mallory2")) {
      again.send("NS IDENTIFY alice wrong-guess");
      String answer = noticeFrom("NickServ", again, "Authentication failed");
      assertTrue(!answer.contains("Please wait"), answer);
    }
  }

  /**
   * Ergo never limits loopback (a failsafe of its own), so connections from here cannot show the
   * exemption; Ergo's UBAN INFO tells how it would treat an address, without any traffic to it.
   */
  @Test
  void addressesOfThePodNetworkAreExemptFromTheConnectionLimitAndOthersAreNot() throws Exception {
    RenderedIrc irc = RenderedIrc.start(servers, sample("minimal.yaml"));
    try (IrcClient alice = new IrcClient(irc.ergo().port(), "alice")) {
      alice.send("OPER alice " + irc.passwords().get("alice"));
      alice.await(IrcClient.numeric("381"), WAIT);
      for (String podAddress : List.of("10.244.1.7", "172.17.0.5", "192.168.49.2")) {
        alice.send("UBAN INFO " + podAddress);
        alice.await(line -> line.contains("IP " + podAddress + " is exempt from connection limits"), WAIT);
      }
      // a documentation address (RFC 5737) stands for a person on the internet
      alice.send("UBAN INFO 203.0.113.9");
      alice.await(line -> line.contains("active connections out of a maximum of 16"), WAIT);
    }
  }
}
