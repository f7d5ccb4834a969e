package net.freedommessenger.westchat.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.spec.ClosedRoom;
import net.freedommessenger.westchat.api.spec.RoomNetwork;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.api.spec.Admin;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {

  static final Instant T1 = Instant.parse("2026-11-26T10:00:00Z");
  static final Instant T2 = Instant.parse("2026-11-26T11:00:00Z");

  static WestchatCommunity community() {
    WestchatCommunity community = new WestchatCommunity();
    community.setMetadata(new ObjectMetaBuilder().withName("wc").withNamespace("chat").withGeneration(3L).build());
    WestchatCommunitySpec spec = new WestchatCommunitySpec();
    spec.domain = "westchat.example.org";
    spec.admins.add(new Admin("alice"));
    spec.rooms.add(new Room("lobby", null));
    community.setSpec(spec);
    return community;
  }

  static CommunityCondition condition(WestchatCommunityStatus status, String type) {
    return status.conditions.stream().filter(c -> c.type.equals(type)).findFirst().orElseThrow();
  }

  static List<PartState> allReady() {
    return List.of(Part.MATRIX, Part.XMPP, Part.IRC, Part.BRIDGES).stream().map(p -> PartState.ready(p, "Running", "ok")).toList();
  }

  static RoomsObserved lobbyWorks() {
    RoomsObserved rooms = RoomsObserved.none();
    for (RoomNetwork network : RoomNetwork.values()) {
      rooms.with(network, Map.of("lobby", RoomProgress.working()));
    }
    return rooms;
  }

  @Test
  void everyConditionCarriesTheGeneration() {
    WestchatCommunityStatus status = StatusAggregator.aggregate(community(), allReady(), lobbyWorks(), T1);
    assertEquals(3L, status.observedGeneration);
    assertEquals(List.of("Ready", "Matrix", "XMPP", "IRC", "Bridges", "Rooms"), status.conditions.stream().map(c -> c.type).toList());
    assertTrue(status.conditions.stream().allMatch(c -> c.observedGeneration == 3L));
    assertEquals("True", condition(status, "Ready").status);
  }

  @Test
  void readyWithASelfSignedCertificateSaysSo() {
    List<PartState> parts = List.of(PartState.ready(Part.MATRIX, "Running", "ok"),
        PartState.ready(Part.XMPP, "SelfSignedCertificate", "ok"), PartState.ready(Part.IRC, "SelfSignedCertificate", "ok"),
        PartState.ready(Part.BRIDGES, "Running", "ok"));
    CommunityCondition ready = condition(StatusAggregator.aggregate(community(), parts, lobbyWorks(), T1), "Ready");
    assertEquals("True", ready.status);
    assertEquals("AllPartsReady", ready.reason);
    assertTrue(ready.message.contains("XMPP and IRC use a self-signed certificate, which clients warn about"), ready.message);
    assertFalse(condition(StatusAggregator.aggregate(community(), allReady(), lobbyWorks(), T1), "Ready").message
        .contains("self-signed"));
  }

  @Test
  void roomsAreWorkingWhenEveryAddressIsAndOtherwiseTheConditionNamesWhich() {
    WestchatCommunityStatus working = StatusAggregator.aggregate(community(), allReady(), lobbyWorks(), T1);
    assertEquals("RoomsWorking", condition(working, "Rooms").reason);
    assertTrue(working.rooms.get(0).matrix.ready);
    RoomsObserved matrixOnly = RoomsObserved.none().with(RoomNetwork.MATRIX, Map.of("lobby", RoomProgress.working()))
        .with(RoomNetwork.IRC, Map.of("lobby", RoomProgress.notWorking("ChanServ refused")));
    WestchatCommunityStatus status = StatusAggregator.aggregate(community(), allReady(), matrixOnly, T1);
    CommunityCondition rooms = condition(status, "Rooms");
    assertEquals("Unknown", rooms.status);
    assertTrue(rooms.message.contains("#lobby (ChanServ refused)"), rooms.message);
    assertTrue(rooms.message.contains("#lobby@irc.westchat.example.org (not set up yet)"), rooms.message);
    assertEquals("ChanServ refused", status.rooms.get(0).irc.message);
    assertEquals("False", condition(status, "Ready").status);
  }

  @Test
  void aClosedRoomIsSaidToBeClosedAndDoesNotHoldRoomsBack() {
    WestchatCommunity community = community();
    community.getSpec().rooms.add(new Room("spam", null));
    ClosedRoom entry = new ClosedRoom();
    entry.room = "spam";
    entry.reason = "spam";
    community.getSpec().moderation.closedRooms.add(entry);
    WestchatCommunityStatus status = StatusAggregator.aggregate(community, allReady(), lobbyWorks(), T1);
    assertEquals("RoomsWorking", condition(status, "Rooms").reason);
    assertEquals(false, status.rooms.get(1).irc.ready);
    assertTrue(status.rooms.get(1).irc.message.startsWith("closed by the admins"), status.rooms.get(1).irc.message);
  }

  @Test
  void aKnownMatrixRoomIdIsKeptWhenSynapseCouldNotBeAsked() {
    WestchatCommunity community = community();
    RoomsObserved seen = RoomsObserved.none().with(RoomNetwork.MATRIX,
        Map.of("lobby", RoomProgress.working().withRoomId("!a:westchat.example.org")));
    community.setStatus(StatusAggregator.aggregate(community, allReady(), seen, T1));
    assertEquals("!a:westchat.example.org", community.getStatus().rooms.get(0).matrix.roomId);
    WestchatCommunityStatus later = StatusAggregator.aggregate(community, allReady(), RoomsObserved.none(), T2);
    assertEquals("!a:westchat.example.org", later.rooms.get(0).matrix.roomId, "the bridge's mapping must not flap");
    assertEquals(false, later.rooms.get(0).matrix.ready);
  }

  @Test
  void readyNamesTheFailingPart() {
    List<PartState> parts = List.of(PartState.failing(Part.MATRIX, "DatabaseNotReady", "PostgreSQL does not answer."),
        PartState.ready(Part.IRC, "Running", "ok"));
    CommunityCondition ready = condition(StatusAggregator.aggregate(community(), parts, T1), "Ready");
    assertEquals("False", ready.status);
    assertEquals("PartsFailing", ready.reason);
    assertTrue(ready.message.contains("Matrix (DatabaseNotReady)"), ready.message);
  }

  @Test
  void unchangedConditionsKeepTheirTransitionTime() {
    WestchatCommunity community = community();
    community.setStatus(StatusAggregator.aggregate(community, allReady(), T1));
    WestchatCommunityStatus again = StatusAggregator.aggregate(community, allReady(), T2);
    assertEquals(T1.toString(), condition(again, "Matrix").lastTransitionTime);
    List<PartState> matrixDown = List.of(PartState.failing(Part.MATRIX, "SynapseNotAnswering", "x"));
    assertEquals(T2.toString(), condition(StatusAggregator.aggregate(community, matrixDown, T2), "Matrix").lastTransitionTime);
  }

  @Test
  void endpointsAndRoomAddressesComeFromTheDomain() {
    WestchatCommunityStatus status = StatusAggregator.aggregate(community(), allReady(), T1);
    assertEquals("https://matrix.westchat.example.org", status.endpoints.matrix);
    assertEquals("westchat.example.org", status.endpoints.xmpp);
    assertEquals("conference.westchat.example.org", status.endpoints.xmppConference);
    assertEquals("irc.westchat.example.org:6697", status.endpoints.irc);
    assertEquals("#lobby:westchat.example.org", status.rooms.get(0).matrix.address);
    assertEquals("#lobby@irc.westchat.example.org", status.rooms.get(0).xmpp.address);
    assertEquals("#lobby", status.rooms.get(0).irc.address);
  }

  @Test
  void disabledNetworksHaveNoEndpoint() {
    WestchatCommunity community = community();
    community.getSpec().xmpp.enabled = false;
    community.getSpec().bridges.xmppIrc.enabled = false;
    WestchatCommunityStatus status = StatusAggregator.aggregate(community, allReady(), T1);
    assertNull(status.endpoints.xmpp);
    assertNull(status.rooms.get(0).xmpp);
  }

  @Test
  void theInviteTokenSecretIsNamedOnceSynapseHasTheTokenAndKeptWhileItIsNotAsked() {
    WestchatCommunity community = community();
    assertEquals(net.freedommessenger.westchat.api.spec.Registration.INVITE, community.getSpec().registration, "the default");
    assertNull(StatusAggregator.registration(community, java.util.Optional.empty()), "nothing known yet");
    assertNull(StatusAggregator.registration(community, java.util.Optional.of(false)), "Synapse refused it");
    var named = StatusAggregator.registration(community, java.util.Optional.of(true));
    assertEquals("wc-matrix-invite-token", named.matrixTokenSecret);

    community.setStatus(new WestchatCommunityStatus());
    community.getStatus().registration = named;
    assertEquals("wc-matrix-invite-token", StatusAggregator.registration(community, java.util.Optional.empty()).matrixTokenSecret,
        "kept while Synapse is not asked");
    community.getSpec().registration = net.freedommessenger.westchat.api.spec.Registration.OPEN;
    assertNull(StatusAggregator.registration(community, java.util.Optional.empty()), "open sign-ups need no token");
    community.getSpec().registration = net.freedommessenger.westchat.api.spec.Registration.INVITE;
    community.getSpec().matrix.enabled = false;
    assertNull(StatusAggregator.registration(community, java.util.Optional.of(true)), "no Matrix, no Matrix token");
  }
}
