package net.freedommessenger.westchat.reconciler;

import static net.freedommessenger.westchat.reconciler.CommunityParts.*;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.api.spec.Names;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.api.spec.RoomNetwork;
import net.freedommessenger.westchat.events.CommunityEvents;
import net.freedommessenger.westchat.healing.BridgeHealer;
import net.freedommessenger.westchat.matrix.MatrixAccount;
import net.freedommessenger.westchat.matrix.SynapseLocator;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.bridges.ActiveBridges;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcMappings;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.prosody.ProsodyObjects;
import net.freedommessenger.westchat.model.rooms.CommunityRooms;
import net.freedommessenger.westchat.model.synapse.MatrixInviteToken;
import net.freedommessenger.westchat.status.Part;
import net.freedommessenger.westchat.status.PartState;
import net.freedommessenger.westchat.status.RoomProgress;
import net.freedommessenger.westchat.status.RoomsObserved;
import net.freedommessenger.westchat.status.StatusAggregator;

/**
 * The work inside a community's chat servers, in its order: the bridge healer, the admins and
 * rooms on Matrix, the admins' accounts and the channels on IRC, the rooms through the bridges,
 * and moderation, each as far as its server runs. {@link InServerSteps} runs it off the reconcile.
 */
final class ServerSteps {

  private final Clock clock;
  private final SynapseLocator synapse;
  private final Function<KubernetesClient, ChatServers> chatServers;
  private final MatrixTokens matrixTokens = new MatrixTokens();
  private final MatrixAdminSync matrixAdmins;
  private final MatrixRoomSync matrixRooms;
  private final MatrixInviteTokenSync inviteTokens;
  private final BridgeHealer bridgeHealer;
  private final ClosedRoomsSync closedRooms = new ClosedRoomsSync();
  private final IrcRoomSync ircRooms = new IrcRoomSync();
  private final RelaySync relays;

  ServerSteps(ServerAccess servers, Clock clock) {
    this.clock = clock;
    this.synapse = servers.synapse();
    this.chatServers = servers.chatServers();
    this.matrixAdmins = new MatrixAdminSync(synapse, matrixTokens);
    this.matrixRooms = new MatrixRoomSync(synapse, matrixTokens);
    this.inviteTokens = new MatrixInviteTokenSync(synapse, matrixTokens);
    this.bridgeHealer = new BridgeHealer(clock, servers.bridges(), synapse);
    this.relays = new RelaySync(synapse, matrixTokens);
  }

  /**
   * The run of the steps a reconcile asked for, on a thread of {@link InServerSteps}: the bridge
   * healer, the admins and rooms on Matrix, the accounts and channels on IRC, the rooms through the
   * bridges, and moderation, in that order, as far as their servers run.
   */
  InServerOutcome run(WestchatCommunity community, Context<WestchatCommunity> context) {
    BridgeHealer.Outcome healing = bridgeHealer.heal(community, context);
    RoomsObserved rooms = RoomsObserved.none();
    PartState matrix = matrixAssessment(community, context);
    boolean matrixAsked = matrix.isReady() && community.getSpec().matrix.enabled;
    MatrixOutcome matrixDone = matrixAsked ? matrixAccountsAndRooms(community, context, rooms) : MatrixOutcome.NOT_ASKED;
    Optional<PartState> matrixProblem = matrixDone.problem();
    Optional<Deployment> matrixIrcBridge = matrixIrcBridge(community, context);
    if (!CommunityRooms.open(community.getSpec()).isEmpty()) {
      roomsOnIrcAndThroughTheBridges(community, context, rooms, matrixIrcBridge);
    }
    InServerOutcome sofar = new InServerOutcome(matrixProblem, matrixAsked, rooms, healing, Optional.empty(), false,
        matrixDone.inviteToken());
    List<PartState> parts = healing.applyTo(parts(community, context, sofar));
    Set<String> running = running(community, parts, context);
    ClosedRoomsSync.Outcome moderation = closedRooms.sync(community, running,
        new ServerRoomActions(synapse, matrixTokens, chatServers.apply(context.getClient()), name -> named(context, Secret.class, name)),
        ClosedRoomsSync.Record.of(new CommunityEvents(context.getClient(), clock), community));
    // a room that could not be closed or reopened, admins Synapse refused, or rooms not set up yet are tried again
    boolean adminsFailed = matrixProblem.filter(p -> "AdminRegistrationFailed".equals(p.reason())
        || "InviteTokenFailed".equals(p.reason())).isPresent();
    WestchatCommunityStatus preview = StatusAggregator.aggregate(community, parts, rooms, clock.instant());
    boolean roomsPending = preview.conditions.stream().anyMatch(c -> Part.ROOMS.conditionType().equals(c.type)
        && !PartState.TRUE.equals(c.status)) && !running.isEmpty();
    return new InServerOutcome(matrixProblem, matrixAsked, rooms, healing, Optional.of(moderation.closedRooms()),
        moderation.retry() || adminsFailed || roomsPending, matrixDone.inviteToken());
  }

  /** The rooms' channels on Ergo, once it runs and the operator's Secret exists; empty until then. */
  private Optional<Map<String, RoomProgress>> onIrc(WestchatCommunity community, Context<WestchatCommunity> context) {
    Optional<MatrixAccount> operator = MatrixAdminSync.account(named(context, Secret.class,
        AccountSecrets.operatorSecretName(community)));
    if (!community.getSpec().irc.enabled || operator.isEmpty()
        || !ready(named(context, StatefulSet.class, ErgoObjects.name(community)))) {
      return Optional.empty();
    }
    CommunityEvents events = new CommunityEvents(context.getClient(), clock);
    ChatServers.Address ergo = chatServers.apply(context.getClient()).irc(community);
    return Optional.of(ircRooms.sync(community, ergo, operator.get().password(), events));
  }

  /**
   * What the Matrix steps found: the state to report instead of "Running", if any, and whether
   * Synapse has the invitation token.
   */
  private record MatrixOutcome(Optional<PartState> problem, Optional<Boolean> inviteToken) {
    static final MatrixOutcome NOT_ASKED = new MatrixOutcome(Optional.empty(), Optional.empty());
  }

  /** Once Synapse answers: the admins, then the invitation token and the rooms; no problem when all went well. */
  private MatrixOutcome matrixAccountsAndRooms(WestchatCommunity community, Context<WestchatCommunity> context,
      RoomsObserved rooms) {
    CommunityEvents events = new CommunityEvents(context.getClient(), clock);
    Function<String, Optional<Secret>> secrets = name -> named(context, Secret.class, name);
    List<String> formerAdmins = AccountSecrets.formerAdmins(community, context.getSecondaryResourcesAsStream(Secret.class)
        .filter(s -> community.getMetadata().getName().equals(s.getMetadata().getLabels().get(CommunityLabels.INSTANCE)))
        .toList());
    Optional<PartState> adminProblem = matrixAdmins.sync(community, secrets, formerAdmins, events);
    if (adminProblem.isPresent()) {
      return new MatrixOutcome(adminProblem, Optional.empty());
    }
    Optional<MatrixAccount> operator = MatrixAdminSync.account(secrets.apply(AccountSecrets.operatorSecretName(community)));
    if (operator.isEmpty()) {
      return new MatrixOutcome(Optional.of(PartState.pending(Part.MATRIX, "AdminSecretsPending",
          "Waiting for the operator's Secret.")), Optional.empty());
    }
    // the rooms do not wait for the token: a refused token is reported once the rooms are done
    Optional<PartState> tokenProblem = MatrixInviteToken.needed(community.getSpec())
        ? inviteTokens.sync(community, operator.get(), secrets, events) : Optional.empty();
    Optional<Boolean> inviteToken = MatrixInviteToken.needed(community.getSpec())
        ? Optional.of(tokenProblem.isEmpty()) : Optional.empty();
    Map<String, RoomProgress> progress = new LinkedHashMap<>(matrixRooms.sync(community, operator.get(),
        community.getSpec().admins.stream().map(a -> a.name).toList(), formerAdmins, events));
    RoomProgress welcome = progress.remove(Names.WELCOME_ROOM);
    rooms.with(RoomNetwork.MATRIX, progress);
    if (welcome != null && !welcome.ready()) {
      return new MatrixOutcome(Optional.of(PartState.failing(Part.MATRIX, "WelcomeRoomFailed",
          "The welcome room that shows spec.rules to newcomers could not be set up: " + welcome.message())), inviteToken);
    }
    return new MatrixOutcome(tokenProblem, inviteToken);
  }

  /**
   * The rooms' IRC channels, once Ergo runs; their XMPP side, which is Biboumi reaching those
   * channels; and their Matrix side bridged to them, which makes a Matrix room work only once it is
   * relayed (an unbridged room would split the room in two).
   */
  private void roomsOnIrcAndThroughTheBridges(WestchatCommunity community, Context<WestchatCommunity> context,
      RoomsObserved rooms, Optional<Deployment> matrixIrcBridge) {
    var spec = community.getSpec();
    List<Room> open = CommunityRooms.open(spec);
    List<Room> onMatrix = open.stream().filter(r -> rooms.of(RoomNetwork.MATRIX, r.name).ready()).toList();
    if (spec.matrix.enabled && spec.bridges.matrixIrc.enabled) {
      // until the relay says otherwise
      Map<String, RoomProgress> unbridged = new LinkedHashMap<>();
      onMatrix.forEach(r -> unbridged.put(r.name, RoomProgress.notWorking("not bridged to its IRC channel yet")
          .withRoomId(rooms.of(RoomNetwork.MATRIX, r.name).roomId())));
      rooms.with(RoomNetwork.MATRIX, unbridged);
    }
    Optional<Map<String, RoomProgress>> ircSide = onIrc(community, context);
    if (ircSide.isEmpty()) {
      return;
    }
    Map<String, RoomProgress> irc = ircSide.get();
    rooms.with(RoomNetwork.IRC, irc);
    Optional<MatrixAccount> operator = MatrixAdminSync.account(named(context, Secret.class,
        AccountSecrets.operatorSecretName(community)));
    CommunityEvents events = new CommunityEvents(context.getClient(), clock);
    ChatServers.Address ergo = chatServers.apply(context.getClient()).irc(community);
    List<Room> onIrc = open.stream().filter(r -> irc.getOrDefault(r.name, RoomProgress.NOT_SET_UP).ready()).toList();
    if (spec.xmpp.enabled && spec.bridges.xmppIrc.enabled) {
      boolean biboumiRuns = ready(named(context, StatefulSet.class, ProsodyObjects.name(community)));
      Map<String, RoomProgress> xmpp = new LinkedHashMap<>();
      for (Room room : open) {
        xmpp.put(room.name, !biboumiRuns ? RoomProgress.notWorking("Biboumi does not run next to Prosody yet")
            : onIrc.contains(room) ? RoomProgress.working() : RoomProgress.notWorking("its IRC channel is not set up yet"));
      }
      rooms.with(RoomNetwork.XMPP, xmpp);
    }
    if (spec.matrix.enabled && spec.bridges.matrixIrc.enabled) {
      List<Room> bridgeable = onIrc.stream().filter(onMatrix::contains).toList();
      Map<String, RoomProgress> bridged = new LinkedHashMap<>();
      if (!available(matrixIrcBridge)) {
        String bridge = ActiveBridges.heisenbridge(spec) ? "Heisenbridge" : "matrix-appservice-irc";
        bridgeable.forEach(r -> bridged.put(r.name, RoomProgress.notWorking(bridge + " is not ready yet")));
      } else if (ActiveBridges.heisenbridge(spec)) {
        bridged.putAll(relays.sync(community, bridgeable, operator.get(), ergo, events));
      } else {
        // matrix-appservice-irc bridges the rooms its config maps: those whose ID the status held
        // when the config was written (the next reconcile writes a new room's mapping, and the bridge rolls)
        Map<String, String> mapped = AppserviceIrcMappings.of(community);
        bridgeable.forEach(r -> bridged.put(r.name, mapped.containsKey(new CommunityHosts(spec.domain).ircChannel(r))
            ? RoomProgress.working() : RoomProgress.notWorking("matrix-appservice-irc's config maps it at the next reconcile")));
      }
      bridgeable.forEach(r -> bridged.computeIfPresent(r.name, (name, p) -> p.withRoomId(rooms.of(RoomNetwork.MATRIX, name).roomId())));
      rooms.with(RoomNetwork.MATRIX, bridged);
    }
  }
}
