package net.freedommessenger.westchat.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.api.spec.RoomNetwork;
import net.freedommessenger.westchat.api.status.CommunityCondition;
import net.freedommessenger.westchat.api.status.Endpoints;
import net.freedommessenger.westchat.api.status.RegistrationStatus;
import net.freedommessenger.westchat.api.status.RoomAddress;
import net.freedommessenger.westchat.api.status.RoomStatus;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.moderation.ClosureTargets;
import net.freedommessenger.westchat.model.synapse.MatrixInviteToken;
import net.freedommessenger.westchat.model.tls.SelfSignedCertificate;

/**
 * Turns the state of each part into the status: one condition per part and Ready over all of
 * them, each stamped with the generation it describes. A condition whose status did not change
 * keeps its lastTransitionTime, so an unchanged community yields an identical status.
 */
public final class StatusAggregator {

  private static final int MAX_MESSAGE = 600;

  private StatusAggregator() {}

  public static WestchatCommunityStatus aggregate(WestchatCommunity community, List<PartState> parts, Instant now) {
    return aggregate(community, parts, RoomsObserved.none(), now);
  }

  public static WestchatCommunityStatus aggregate(WestchatCommunity community, List<PartState> parts, RoomsObserved rooms,
      Instant now) {
    Long generation = community.getMetadata().getGeneration();
    WestchatCommunityStatus previous = community.getStatus();
    WestchatCommunityStatus status = new WestchatCommunityStatus();
    status.observedGeneration = generation;
    status.rooms = rooms(community.getSpec(), rooms, previous);
    List<PartState> all = new ArrayList<>(parts);
    all.add(RoomsAssessment.assess(status.rooms, ClosureTargets.closedCommunityRooms(community.getSpec())));
    status.conditions.add(condition(Part.READY, ready(all), generation, previous, now));
    for (PartState part : all) {
      status.conditions.add(condition(part.part().conditionType(), part, generation, previous, now));
    }
    status.endpoints = endpoints(community.getSpec());
    // the moderation step replaces this with what it did; until then what was last reported stays
    if (previous != null && previous.closedRooms != null) {
      status.closedRooms = previous.closedRooms;
    }
    return status;
  }

  /**
   * Where the Matrix invitation token is kept: named once the in-server steps saw Synapse have it,
   * kept as it was while they did not ask (Synapse not running, not asked since the operator
   * started), dropped when Synapse refused it, and gone when sign-ups no longer need it.
   *
   * @param tokenInSynapse what the in-server steps found; empty when they did not ask about the token
   */
  public static RegistrationStatus registration(WestchatCommunity community, Optional<Boolean> tokenInSynapse) {
    if (!MatrixInviteToken.needed(community.getSpec())) {
      return null;
    }
    if (tokenInSynapse.isEmpty()) {
      WestchatCommunityStatus previous = community.getStatus();
      return previous == null ? null : previous.registration;
    }
    if (!tokenInSynapse.get()) {
      return null;
    }
    RegistrationStatus registration = new RegistrationStatus();
    registration.matrixTokenSecret = MatrixInviteToken.name(community);
    return registration;
  }

  /** The status after a reconcile that threw: the parts as far as known, and Ready saying what failed. */
  public static WestchatCommunityStatus failed(WestchatCommunity community, List<PartState> parts, RoomsObserved rooms,
      Exception error, Instant now) {
    WestchatCommunityStatus status = aggregate(community, parts, rooms, now);
    String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "...";
    }
    status.conditions.set(0, condition(Part.READY, PartState.failing(null, "ReconcileFailed",
        "The operator could not apply the community and will retry: " + message),
        community.getMetadata().getGeneration(), community.getStatus(), now));
    return status;
  }

  private static PartState ready(List<PartState> parts) {
    List<PartState> failing = parts.stream().filter(p -> PartState.FALSE.equals(p.status())).toList();
    List<PartState> pending = parts.stream().filter(p -> PartState.UNKNOWN.equals(p.status())).toList();
    if (failing.isEmpty() && pending.isEmpty()) {
      List<String> selfSigned = parts.stream().filter(p -> SelfSignedCertificate.REASON.equals(p.reason()))
          .map(p -> p.part().conditionType()).toList();
      return PartState.ready(null, "AllPartsReady", "Every enabled part of the community works." + (selfSigned.isEmpty() ? ""
          : " " + String.join(" and ", selfSigned) + (selfSigned.size() > 1 ? " use" : " uses")
              + " a self-signed certificate, which clients warn about; see " + (selfSigned.size() > 1 ? "those conditions." : "that condition.")));
    }
    List<PartState> notReady = new ArrayList<>(failing);
    notReady.addAll(pending);
    String which = notReady.stream().map(p -> p.part().conditionType() + " (" + p.reason() + ")")
        .collect(Collectors.joining(", "));
    return failing.isEmpty()
        ? PartState.failing(null, "PartsPending", "Waiting for: " + which + ". See those conditions for details.")
        : PartState.failing(null, "PartsFailing", "Not working: " + which + ". See those conditions for what to do.");
  }

  private static CommunityCondition condition(String type, PartState state, Long generation,
      WestchatCommunityStatus previous, Instant now) {
    CommunityCondition condition = new CommunityCondition();
    condition.type = type;
    condition.status = state.status();
    condition.reason = state.reason();
    condition.message = state.message();
    condition.observedGeneration = generation;
    condition.lastTransitionTime = previous == null ? null : previous.conditions.stream()
        .filter(c -> type.equals(c.type) && Objects.equals(c.status, state.status()))
        .map(c -> c.lastTransitionTime).filter(Objects::nonNull).findFirst().orElse(null);
    if (condition.lastTransitionTime == null) {
      condition.lastTransitionTime = now.toString();
    }
    return condition;
  }

  private static Endpoints endpoints(WestchatCommunitySpec spec) {
    CommunityHosts hosts = new CommunityHosts(spec.domain);
    Endpoints endpoints = new Endpoints();
    if (spec.matrix.enabled) {
      endpoints.matrix = hosts.matrixBaseUrl();
    }
    if (spec.xmpp.enabled) {
      endpoints.xmpp = spec.domain;
      endpoints.xmppConference = hosts.conferenceHost();
    }
    if (spec.irc.enabled) {
      endpoints.irc = hosts.ircHost() + ":" + CommunityHosts.IRC_TLS_PORT;
    }
    return endpoints;
  }

  private static List<RoomStatus> rooms(WestchatCommunitySpec spec, RoomsObserved observed, WestchatCommunityStatus previous) {
    CommunityHosts hosts = new CommunityHosts(spec.domain);
    List<RoomStatus> rooms = new ArrayList<>();
    var closed = ClosureTargets.closedCommunityRooms(spec);
    for (Room room : spec.rooms) {
      RoomStatus status = new RoomStatus();
      status.name = room.name;
      boolean isClosed = closed.contains(room.name);
      if (spec.matrix.enabled) {
        status.matrix = address(hosts.matrixRoom(room), isClosed ? CLOSED : observed.of(RoomNetwork.MATRIX, room.name));
        if (!isClosed && status.matrix.roomId == null) {
          // an alias keeps its room: a reconcile that could not ask Synapse keeps the ID known before
          status.matrix.roomId = knownRoomId(previous, room.name);
        }
      }
      if (spec.xmpp.enabled && spec.bridges.xmppIrc.enabled) {
        status.xmpp = address(hosts.xmppRoom(room), isClosed ? CLOSED : observed.of(RoomNetwork.XMPP, room.name));
      }
      if (spec.irc.enabled) {
        status.irc = address(hosts.ircChannel(room), isClosed ? CLOSED : observed.of(RoomNetwork.IRC, room.name));
      }
      rooms.add(status);
    }
    return rooms;
  }

  private static String knownRoomId(WestchatCommunityStatus previous, String room) {
    if (previous == null || previous.rooms == null) {
      return null;
    }
    return previous.rooms.stream().filter(r -> room.equals(r.name) && r.matrix != null).map(r -> r.matrix.roomId)
        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
  }

  private static final RoomProgress CLOSED = RoomProgress.notWorking("closed by the admins; status.closedRooms tells how");

  private static RoomAddress address(String address, RoomProgress progress) {
    RoomAddress room = new RoomAddress();
    room.address = address;
    room.ready = progress.ready();
    room.message = progress.message();
    room.roomId = progress.roomId();
    return room;
  }
}
