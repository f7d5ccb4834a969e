package net.freedommessenger.westchat.cli;

import static net.freedommessenger.westchat.cli.StatusFixtures.community;
import static net.freedommessenger.westchat.cli.StatusFixtures.condition;
import static net.freedommessenger.westchat.cli.StatusFixtures.working;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.api.status.RoomStatus;
import org.junit.jupiter.api.Test;

/** What {@code westchat status} prints for the statuses the operator writes. */
class CommunityReportTest {

  @Test
  void aWorkingCommunitySaysWorksForEveryPartAndNothingElse() {
    WestchatCommunity community = working();
    String report = CommunityReport.describe(community);
    assertEquals("""
        Community westchat (westchat.example.org) in namespace chat

        Overall   works
        Matrix    works
        XMPP      works
        IRC       works
        Bridges   works
        Rooms     works
        """, report);
    assertTrue(CommunityReport.isReady(community));
  }

  @Test
  void aSelfSignedCertificateWorksButClientsWillWarn() {
    String report = CommunityReport.describe(working(
        condition("XMPP", "True", "SelfSignedCertificate", "Prosody accepts clients with a self-signed certificate."),
        condition("IRC", "True", "SelfSignedCertificate", "Ergo accepts IRC over TLS with a self-signed certificate.")));
    assertTrue(report.contains("XMPP      works\n          It uses a self-signed certificate: clients will warn"), report);
    assertTrue(report.contains("IRC       works\n          It uses a self-signed certificate: IRC clients will warn"), report);
    assertTrue(report.contains("spec.irc.tls.secretName"), report);
  }

  @Test
  void aFailingPartSaysWhatItMeansWhatToDoAndTheOperatorsMessage() {
    WestchatCommunity community = working(
        condition("Ready", "False", "PartsFailing", "Not working: Matrix (DatabaseNotReady). See those conditions."),
        condition("Matrix", "False", "DatabaseNotReady", "PostgreSQL is not ready yet: its pod is starting or failing."));
    String report = CommunityReport.describe(community);
    assertTrue(report.contains("""
        Overall   does not work
                  Does not work: Matrix. See below.
        Matrix    does not work
                  The Matrix server's database is starting or failing. Wait a few minutes; if it lasts, look
                  at it with: kubectl describe statefulset westchat-postgres
                  Details: PostgreSQL is not ready yet: its pod is starting or failing.
        XMPP      works
        """), report);
    assertFalse(report.contains("DatabaseNotReady"), "the reason word is for programs: " + report);
    assertFalse(CommunityReport.isReady(community));
  }

  @Test
  void partsStillStartingAreWaitedFor() {
    String report = CommunityReport.describe(working(
        condition("Ready", "False", "PartsPending", "Waiting for: IRC (ErgoCreating). See those conditions for details."),
        condition("IRC", "Unknown", "ErgoCreating", "The Ergo StatefulSet has not been created yet.")));
    assertTrue(report.contains("Overall   starting, wait\n          Still starting: IRC. See below.\n"), report);
    assertTrue(report.contains("IRC       starting, wait\n          The IRC server is being created: wait.\n"
        + "          Details: The Ergo StatefulSet has not been created yet.\n"), report);
  }

  @Test
  void aSwitchedOffPartIsSaidSo() {
    String report = CommunityReport.describe(working(condition("XMPP", "True", "Disabled", "spec.xmpp.enabled is false.")));
    assertTrue(report.contains("XMPP      switched off\nIRC"), report);
  }

  @Test
  void aFailedApplySaysTheOperatorRetriesAndQuotesTheCluster() {
    String report = CommunityReport.describe(working(condition("Ready", "False", "ReconcileFailed",
        "The operator could not apply the community and will retry: Forbidden")));
    assertTrue(report.contains("Overall   does not work\n          The operator could not apply your settings to the "
        + "cluster and tries again by itself."), report);
    assertTrue(report.contains("Details: The operator could not apply the community and will retry: Forbidden"), report);
  }

  @Test
  void noStatusMeansTheOperatorHasNotLookedAtIt() {
    WestchatCommunity community = community();
    assertEquals("Community westchat (westchat.example.org) in namespace chat\n\n" + CommunityReport.NO_STATUS + "\n",
        CommunityReport.describe(community));
    assertFalse(CommunityReport.isReady(community));
    community.setStatus(null);
    assertTrue(CommunityReport.describe(community).contains("the operator has not looked at it yet: is it running?"));
    assertFalse(CommunityReport.isReady(community));
  }

  @Test
  void aStatusOfAnEarlierChangeSaysTheOperatorHasNotCaughtUp() {
    WestchatCommunity community = working();
    community.getStatus().conditions.forEach(c -> c.observedGeneration = StatusFixtures.GENERATION - 1);
    String report = CommunityReport.describe(community).replaceAll("\\s+", " ");
    assertTrue(report.contains("The operator has not caught up with your latest change yet: what follows is the state of "
        + "version 3 of the settings, and the latest is version 4."), report);
    assertFalse(CommunityReport.describe(working()).contains("caught up"));
  }

  @Test
  void aPartTheOperatorDidNotReportOnIsNotCalledWorking() {
    WestchatCommunity community = working();
    community.getStatus().conditions.removeIf(c -> c.type.equals("Bridges"));
    assertTrue(CommunityReport.describe(community).contains(
        "Bridges   starting, wait\n          The operator has not reported on this yet.\n"));
  }

  @Test
  void roomsNotWorkingAreToldOncePerAddressNotAlsoInOneLongLine() {
    WestchatCommunity community = working(condition("Rooms", "Unknown", "RoomsNotWorking",
        "Not working yet: #lobby (not set up yet). The operator sets rooms up once their network answers."));
    WestchatCommunityStatus status = community.getStatus();
    RoomStatus lobby = new RoomStatus();
    lobby.name = "lobby";
    lobby.irc = StatusFixtures.address("#lobby", false, "not set up yet");
    status.rooms.add(lobby);
    String report = CommunityReport.describe(community);
    assertTrue(report.contains("Rooms     starting, wait\n          Rooms are set up once their network works: wait."), report);
    assertFalse(report.contains("Details: Not working yet"), report);
    assertTrue(report.endsWith("\nRooms\n  lobby\n    IRC     #lobby  does not work: not set up yet\n"), report);
  }

  @Test
  void longMessagesAreWrappedUnderTheirPart() {
    String report = CommunityReport.describe(working(condition("Bridges", "False", "BridgeRestartsExhausted",
        "Heisenbridge did not become Ready after 5 restart(s), so the operator stopped restarting it: ".repeat(3))));
    report.lines().forEach(line -> assertTrue(line.length() <= Paragraph.WIDTH, line));
  }
}
