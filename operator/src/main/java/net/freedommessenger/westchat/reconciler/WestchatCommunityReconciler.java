package net.freedommessenger.westchat.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Clock;
import java.time.Duration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.Optional;
import java.util.Objects;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.dependent.AccountSecretsDependent;
import net.freedommessenger.westchat.dependent.AppserviceIrcConfigMapDependent;
import net.freedommessenger.westchat.dependent.AppserviceIrcDeploymentDependent;
import net.freedommessenger.westchat.dependent.AppserviceIrcSecretDependent;
import net.freedommessenger.westchat.dependent.AppserviceIrcServiceDependent;
import net.freedommessenger.westchat.dependent.CertManagerPresence;
import net.freedommessenger.westchat.dependent.Conditions;
import net.freedommessenger.westchat.dependent.ErgoConfigSecretDependent;
import net.freedommessenger.westchat.dependent.HeisenbridgeDeploymentDependent;
import net.freedommessenger.westchat.dependent.HeisenbridgeSecretDependent;
import net.freedommessenger.westchat.dependent.HeisenbridgeServiceDependent;
import net.freedommessenger.westchat.dependent.ErgoServiceDependent;
import net.freedommessenger.westchat.dependent.ErgoStatefulSetDependent;
import net.freedommessenger.westchat.dependent.IrcCertificateDependent;
import net.freedommessenger.westchat.dependent.IrcServiceDependent;
import net.freedommessenger.westchat.dependent.MatrixDelegationConfigMapDependent;
import net.freedommessenger.westchat.dependent.MatrixDelegationDeploymentDependent;
import net.freedommessenger.westchat.dependent.MatrixDelegationServiceDependent;
import net.freedommessenger.westchat.dependent.MatrixIngressDependent;
import net.freedommessenger.westchat.dependent.PostgresSecretDependent;
import net.freedommessenger.westchat.dependent.PostgresServiceDependent;
import net.freedommessenger.westchat.dependent.PostgresStatefulSetDependent;
import net.freedommessenger.westchat.dependent.ProsodyConfigMapDependent;
import net.freedommessenger.westchat.dependent.ProsodySecretDependent;
import net.freedommessenger.westchat.dependent.ProsodyServiceDependent;
import net.freedommessenger.westchat.dependent.ProsodyStatefulSetDependent;
import net.freedommessenger.westchat.dependent.SelfSignedCertificateDependent;
import net.freedommessenger.westchat.dependent.SynapseConfigMapDependent;
import net.freedommessenger.westchat.dependent.SynapseDeploymentDependent;
import net.freedommessenger.westchat.dependent.SynapseMediaClaimDependent;
import net.freedommessenger.westchat.dependent.SynapseSecretDependent;
import net.freedommessenger.westchat.dependent.SynapseServiceDependent;
import net.freedommessenger.westchat.dependent.XmppCertificateDependent;
import net.freedommessenger.westchat.dependent.XmppIngressDependent;
import net.freedommessenger.westchat.dependent.XmppServiceDependent;
import net.freedommessenger.westchat.events.CommunityEvents;
import net.freedommessenger.westchat.healing.BridgeHealer;
import net.freedommessenger.westchat.api.spec.Names;
import net.freedommessenger.westchat.api.spec.Room;
import net.freedommessenger.westchat.api.spec.RoomNetwork;
import net.freedommessenger.westchat.matrix.MatrixAccount;
import net.freedommessenger.westchat.matrix.SynapseLocator;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcMappings;
import net.freedommessenger.westchat.model.rooms.CommunityRooms;
import net.freedommessenger.westchat.model.moderation.ClosureTargets;
import net.freedommessenger.westchat.status.Part;
import net.freedommessenger.westchat.status.RoomProgress;
import net.freedommessenger.westchat.status.RoomsObserved;
import net.freedommessenger.westchat.model.bridges.ActiveBridges;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.ergo.IrcCertificate;
import net.freedommessenger.westchat.model.postgres.ManagedPostgres;
import net.freedommessenger.westchat.model.prosody.IssuedCertificate;
import net.freedommessenger.westchat.model.prosody.ProsodyObjects;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;
import net.freedommessenger.westchat.model.tls.CertificateSource;
import net.freedommessenger.westchat.status.IrcAssessment;
import net.freedommessenger.westchat.status.MatrixAssessment;
import net.freedommessenger.westchat.status.PartAssessment;
import net.freedommessenger.westchat.status.PartState;
import net.freedommessenger.westchat.status.StatusAggregator;
import net.freedommessenger.westchat.status.XmppAssessment;

/**
 * Reconciles a WestchatCommunity: the workflow applies one dependent per kind of object, then the
 * status is written, and only when it differs from what is stored.
 */
@Workflow(dependents = {
    @Dependent(name = "account-secrets", type = AccountSecretsDependent.class),
    @Dependent(name = "postgres-secret", type = PostgresSecretDependent.class,
        reconcilePrecondition = Conditions.ManagedDatabase.class),
    @Dependent(name = "postgres-service", type = PostgresServiceDependent.class,
        reconcilePrecondition = Conditions.ManagedDatabase.class),
    @Dependent(name = "postgres-statefulset", type = PostgresStatefulSetDependent.class,
        reconcilePrecondition = Conditions.ManagedDatabase.class, dependsOn = "postgres-secret"),
    @Dependent(name = "synapse-secret", type = SynapseSecretDependent.class,
        reconcilePrecondition = Conditions.MatrixEnabled.class),
    @Dependent(name = "synapse-configmap", type = SynapseConfigMapDependent.class,
        reconcilePrecondition = Conditions.MatrixEnabled.class),
    @Dependent(name = "synapse-media", type = SynapseMediaClaimDependent.class,
        reconcilePrecondition = Conditions.MatrixEnabled.class),
    @Dependent(name = "synapse-service", type = SynapseServiceDependent.class,
        reconcilePrecondition = Conditions.MatrixEnabled.class),
    @Dependent(name = "synapse-deployment", type = SynapseDeploymentDependent.class,
        reconcilePrecondition = Conditions.MatrixEnabled.class,
        dependsOn = {"synapse-secret", "synapse-configmap", "synapse-media"}),
    @Dependent(name = "matrix-delegation-configmap", type = MatrixDelegationConfigMapDependent.class,
        reconcilePrecondition = Conditions.MatrixEnabled.class),
    @Dependent(name = "matrix-delegation-service", type = MatrixDelegationServiceDependent.class,
        reconcilePrecondition = Conditions.MatrixEnabled.class),
    @Dependent(name = "matrix-delegation-deployment", type = MatrixDelegationDeploymentDependent.class,
        reconcilePrecondition = Conditions.MatrixEnabled.class, dependsOn = "matrix-delegation-configmap"),
    @Dependent(name = "appservice-irc-secret", type = AppserviceIrcSecretDependent.class,
        reconcilePrecondition = Conditions.AppserviceIrcActive.class),
    @Dependent(name = "appservice-irc-configmap", type = AppserviceIrcConfigMapDependent.class,
        reconcilePrecondition = Conditions.AppserviceIrcActive.class),
    @Dependent(name = "appservice-irc-service", type = AppserviceIrcServiceDependent.class,
        reconcilePrecondition = Conditions.AppserviceIrcActive.class),
    @Dependent(name = "appservice-irc-deployment", type = AppserviceIrcDeploymentDependent.class,
        reconcilePrecondition = Conditions.AppserviceIrcActive.class,
        dependsOn = {"appservice-irc-secret", "appservice-irc-configmap"}),
    @Dependent(name = "heisenbridge-secret", type = HeisenbridgeSecretDependent.class,
        reconcilePrecondition = Conditions.HeisenbridgeActive.class),
    @Dependent(name = "heisenbridge-service", type = HeisenbridgeServiceDependent.class,
        reconcilePrecondition = Conditions.HeisenbridgeActive.class),
    @Dependent(name = "heisenbridge-deployment", type = HeisenbridgeDeploymentDependent.class,
        reconcilePrecondition = Conditions.HeisenbridgeActive.class, dependsOn = "heisenbridge-secret"),
    @Dependent(name = "matrix-ingress", type = MatrixIngressDependent.class,
        reconcilePrecondition = Conditions.MatrixEnabled.class, dependsOn = {"synapse-service", "matrix-delegation-service"}),
    @Dependent(name = "prosody-secret", type = ProsodySecretDependent.class,
        reconcilePrecondition = Conditions.XmppEnabled.class),
    @Dependent(name = "prosody-configmap", type = ProsodyConfigMapDependent.class,
        reconcilePrecondition = Conditions.XmppEnabled.class),
    @Dependent(name = "prosody-service", type = ProsodyServiceDependent.class,
        reconcilePrecondition = Conditions.XmppEnabled.class),
    @Dependent(name = "xmpp-service", type = XmppServiceDependent.class,
        reconcilePrecondition = Conditions.XmppEnabled.class),
    @Dependent(name = "xmpp-certificate", type = XmppCertificateDependent.class,
        activationCondition = Conditions.CertManagerInstalled.class,
        reconcilePrecondition = Conditions.XmppCertificateFromIssuer.class),
    @Dependent(name = "prosody-statefulset", type = ProsodyStatefulSetDependent.class,
        reconcilePrecondition = Conditions.XmppEnabled.class, dependsOn = {"prosody-secret", "prosody-configmap"}),
    @Dependent(name = "xmpp-ingress", type = XmppIngressDependent.class,
        reconcilePrecondition = Conditions.XmppEnabled.class, dependsOn = "prosody-service"),
    @Dependent(name = "ergo-config", type = ErgoConfigSecretDependent.class,
        reconcilePrecondition = Conditions.IrcEnabled.class, dependsOn = "account-secrets"),
    @Dependent(name = "ergo-service", type = ErgoServiceDependent.class,
        reconcilePrecondition = Conditions.IrcEnabled.class),
    @Dependent(name = "irc-certificate", type = IrcCertificateDependent.class,
        activationCondition = Conditions.CertManagerInstalled.class,
        reconcilePrecondition = Conditions.IrcCertificateFromIssuer.class),
    @Dependent(name = "ergo-statefulset", type = ErgoStatefulSetDependent.class,
        reconcilePrecondition = Conditions.IrcEnabled.class, dependsOn = "ergo-config"),
    @Dependent(name = "irc-service", type = IrcServiceDependent.class,
        reconcilePrecondition = Conditions.IrcEnabled.class),
    @Dependent(name = "self-signed-certificate", type = SelfSignedCertificateDependent.class,
        reconcilePrecondition = Conditions.SelfSignedCertificateNeeded.class)
})
@ControllerConfiguration(name = "westchatcommunity")
public class WestchatCommunityReconciler implements Reconciler<WestchatCommunity> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CERT_MANAGER_RECHECK = Duration.ofMinutes(1);

  private final Clock clock;
  private final SynapseLocator synapse;
  private final Function<KubernetesClient, ChatServers> chatServers;
  private final MatrixTokens matrixTokens = new MatrixTokens();
  private final MatrixAdminSync matrixAdmins;
  private final MatrixRoomSync matrixRooms;
  private final BridgeHealer bridgeHealer;
  private final ClosedRoomsSync closedRooms = new ClosedRoomsSync();
  private final IrcRoomSync ircRooms = new IrcRoomSync();
  private final RelaySync relays;
  private final InServerSteps inServer;

  /** The operator in its cluster: every server reached through its Service. */
  public WestchatCommunityReconciler() {
    this(ServerAccess.IN_CLUSTER);
  }

  public WestchatCommunityReconciler(ServerAccess servers) {
    this.clock = Clock.systemUTC();
    this.synapse = servers.synapse();
    this.chatServers = servers.chatServers();
    this.matrixAdmins = new MatrixAdminSync(synapse, matrixTokens);
    this.matrixRooms = new MatrixRoomSync(synapse, matrixTokens);
    this.bridgeHealer = new BridgeHealer(clock, servers.bridges(), synapse);
    this.relays = new RelaySync(synapse, matrixTokens);
    this.inServer = new InServerSteps(clock);
  }

  /** The in-server steps trigger their community's reconcile through this when they found something new. */
  @Override
  public List<EventSource<?, WestchatCommunity>> prepareEventSources(EventSourceContext<WestchatCommunity> context) {
    return List.of(inServer.events());
  }

  /**
   * Applies what the workloads say and what the last run of the in-server steps found, and asks for
   * a new run, which goes on after this returns: no call to a chat server happens here.
   */
  @Override
  public UpdateControl<WestchatCommunity> reconcile(WestchatCommunity community, Context<WestchatCommunity> context) {
    Optional<Duration> held = inServer.ask(community, inputs(community, context), () -> inServerSteps(community, context));
    Optional<InServerSteps.Finished> last = inServer.last(community);
    if (last.isEmpty() && hasStatusOfThisGeneration(community)) {
      // the operator (re)started: what the servers said last stays until the first run has asked them again
      return held.map(d -> UpdateControl.<WestchatCommunity>noUpdate().rescheduleAfter(d)).orElse(UpdateControl.noUpdate());
    }
    InServerOutcome outcome = last.map(InServerSteps.Finished::outcome).orElse(InServerOutcome.NOT_YET);
    List<PartState> parts = outcome.healing().applyTo(parts(community, context, outcome));
    WestchatCommunityStatus status = StatusAggregator.aggregate(community, parts, outcome.rooms(), clock.instant());
    outcome.closedRooms().ifPresent(closed -> status.closedRooms = closed);
    UpdateControl<WestchatCommunity> control = sameStatus(community.getStatus(), status)
        ? UpdateControl.noUpdate() : UpdateControl.patchStatus(statusPatch(community, status));
    List<Duration> when = new ArrayList<>();
    held.ifPresent(when::add);
    last.ifPresent(l -> l.outcome().healing().lookAgainIn().ifPresent(in -> when.add(
        max(Duration.between(clock.instant(), l.at().plus(in)), Duration.ofSeconds(1)))));
    if (outcome.retry() && held.isEmpty()) {
      when.add(InServerSteps.FIRST_BACKOFF);
    }
    return lookAgain(control, community, context, when);
  }

  /**
   * The run of the steps a reconcile asked for, on a thread of {@link InServerSteps}: the bridge
   * healer, the admins and rooms on Matrix, the accounts and channels on IRC, the rooms through the
   * bridges, and moderation, in that order, as far as their servers run.
   */
  private InServerOutcome inServerSteps(WestchatCommunity community, Context<WestchatCommunity> context) {
    BridgeHealer.Outcome healing = bridgeHealer.heal(community, context);
    RoomsObserved rooms = RoomsObserved.none();
    PartState matrix = matrixAssessment(community, context);
    boolean matrixAsked = matrix.isReady() && community.getSpec().matrix.enabled;
    Optional<PartState> matrixProblem = matrixAsked ? matrixAccountsAndRooms(community, context, rooms) : Optional.empty();
    Optional<Deployment> matrixIrcBridge = matrixIrcBridge(community, context);
    if (!CommunityRooms.open(community.getSpec()).isEmpty()) {
      roomsOnIrcAndThroughTheBridges(community, context, rooms, matrixIrcBridge);
    } else {
      // no rooms: the IRC step still gives the admins their accounts
      onIrc(community, context);
    }
    InServerOutcome sofar = new InServerOutcome(matrixProblem, matrixAsked, rooms, healing, Optional.empty(), false);
    List<PartState> parts = healing.applyTo(parts(community, context, sofar));
    Set<String> running = running(community, parts, context);
    ClosedRoomsSync.Outcome moderation = closedRooms.sync(community, running,
        new ServerRoomActions(synapse, matrixTokens, chatServers.apply(context.getClient()), name -> named(context, Secret.class, name)),
        ClosedRoomsSync.Record.of(new CommunityEvents(context.getClient(), clock), community));
    // a room that could not be closed or reopened, admins Synapse refused, or rooms not set up yet are tried again
    boolean adminsFailed = matrixProblem.filter(p -> "AdminRegistrationFailed".equals(p.reason())).isPresent();
    WestchatCommunityStatus preview = StatusAggregator.aggregate(community, parts, rooms, clock.instant());
    boolean roomsPending = preview.conditions.stream().anyMatch(c -> Part.ROOMS.conditionType().equals(c.type)
        && !PartState.TRUE.equals(c.status)) && !running.isEmpty();
    return new InServerOutcome(matrixProblem, matrixAsked, rooms, healing, Optional.of(moderation.closedRooms()),
        moderation.retry() || adminsFailed || roomsPending);
  }

  /**
   * What the in-server steps depend on in Kubernetes: the spec, and which of the community's
   * workloads are ready. A change lifts their back-off.
   */
  private static String inputs(WestchatCommunity community, Context<WestchatCommunity> context) {
    StringBuilder inputs = new StringBuilder(String.valueOf(community.getMetadata().getGeneration()));
    context.getSecondaryResourcesAsStream(StatefulSet.class).filter(s -> ready(Optional.of(s)))
        .map(s -> s.getMetadata().getName()).sorted().forEach(name -> inputs.append(' ').append(name));
    context.getSecondaryResourcesAsStream(Deployment.class).filter(d -> available(Optional.of(d)))
        .map(d -> d.getMetadata().getName()).sorted().forEach(name -> inputs.append(' ').append(name));
    return inputs.toString();
  }

  private static boolean hasStatusOfThisGeneration(WestchatCommunity community) {
    return community.getStatus() != null && community.getStatus().observedGeneration != null
        && community.getStatus().observedGeneration.equals(community.getMetadata().getGeneration());
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * The networks whose server is up, where the operator can act as admin: Matrix once its admins are
   * made, Prosody and Ergo once their pod is ready (the operator reaches Ergo on its plain in-cluster
   * port, so IRC over TLS need not work yet).
   */
  private static Set<String> running(WestchatCommunity community, List<PartState> parts, Context<WestchatCommunity> context) {
    Set<String> running = new HashSet<>();
    if (community.getSpec().matrix.enabled && parts.stream().anyMatch(p -> p.part() == Part.MATRIX && p.isReady())) {
      running.add(ClosureTargets.MATRIX);
    }
    if (community.getSpec().xmpp.enabled && ready(named(context, StatefulSet.class, ProsodyObjects.name(community)))) {
      running.add(ClosureTargets.XMPP);
    }
    if (community.getSpec().irc.enabled && ready(named(context, StatefulSet.class, ErgoObjects.name(community)))) {
      running.add(ClosureTargets.IRC);
    }
    return running;
  }

  private static boolean ready(Optional<StatefulSet> statefulSet) {
    return statefulSet.map(StatefulSet::getStatus).map(s -> s.getReadyReplicas() != null && s.getReadyReplicas() > 0)
        .orElse(false);
  }

  /**
   * Some changes send the operator no event: installing cert-manager (looked for again every minute
   * while a named issuer has none to serve it), time passing while a bridge is not Ready, and the
   * in-server steps' retries.
   */
  private static UpdateControl<WestchatCommunity> lookAgain(UpdateControl<WestchatCommunity> control,
      WestchatCommunity community, Context<WestchatCommunity> context, List<Duration> when) {
    List<Duration> all = new ArrayList<>(when);
    if (waitsForCertManager(community, context)) {
      all.add(CERT_MANAGER_RECHECK);
    }
    return all.stream().min(Duration::compareTo).map(control::rescheduleAfter).orElse(control);
  }

  private static boolean waitsForCertManager(WestchatCommunity community, Context<WestchatCommunity> context) {
    var spec = community.getSpec();
    return (spec.xmpp.enabled || spec.irc.enabled) && XmppCertificate.fromIssuer(spec)
        && !CertManagerPresence.check(context.getClient());
  }

  /** A failed reconcile is retried by the framework; meanwhile Ready says why, in the server's words. */
  @Override
  public ErrorStatusUpdateControl<WestchatCommunity> updateErrorStatus(WestchatCommunity community,
      Context<WestchatCommunity> context, Exception e) {
    InServerOutcome outcome = inServer.last(community).map(InServerSteps.Finished::outcome).orElse(InServerOutcome.NOT_YET);
    WestchatCommunityStatus status = StatusAggregator.failed(community, parts(community, context, outcome), outcome.rooms(), e,
        clock.instant());
    if (sameStatus(community.getStatus(), status)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    return ErrorStatusUpdateControl.patchStatus(statusPatch(community, status));
  }

  /**
   * Each part's state, from the workloads and the in-server steps' outcome: Matrix counts as
   * running only once the steps made its admins.
   */
  private List<PartState> parts(WestchatCommunity community, Context<WestchatCommunity> context, InServerOutcome outcome) {
    List<PartState> parts = new ArrayList<>();
    PartState matrix = matrixAssessment(community, context);
    if (matrix.isReady() && community.getSpec().matrix.enabled) {
      matrix = !outcome.matrixAsked() ? PartState.pending(Part.MATRIX, "AdminsSettingUp",
          "Synapse answers; the operator is making the admins' accounts and the rooms.") : outcome.matrix().orElse(matrix);
    }
    parts.add(matrix);
    parts.add(XmppAssessment.assess(community, !waitsForCertManager(community, context),
        named(context, StatefulSet.class, ProsodyObjects.name(community))));
    parts.add(irc(community, context));
    parts.addAll(PartAssessment.fromSpec(community.getSpec(), matrixIrcBridge(community, context)));
    return parts;
  }

  private static PartState matrixAssessment(WestchatCommunity community, Context<WestchatCommunity> context) {
    return MatrixAssessment.assess(community.getSpec(),
        named(context, StatefulSet.class, ManagedPostgres.serviceName(community)),
        named(context, Deployment.class, SynapseObjects.name(community)),
        externalDatabaseSecret(community, context));
  }

  private static Optional<Deployment> matrixIrcBridge(WestchatCommunity community, Context<WestchatCommunity> context) {
    return named(context, Deployment.class,
        ActiveBridges.heisenbridge(community.getSpec()) ? HeisenbridgeObjects.name(community) : AppserviceIrcObjects.name(community));
  }

  /**
   * The admins' NickServ accounts and the rooms' channels on Ergo, once it runs and the operator's
   * Secret exists; empty until then.
   */
  private Optional<Map<String, RoomProgress>> onIrc(WestchatCommunity community, Context<WestchatCommunity> context) {
    Optional<MatrixAccount> operator = MatrixAdminSync.account(named(context, Secret.class,
        AccountSecrets.operatorSecretName(community)));
    if (!community.getSpec().irc.enabled || operator.isEmpty()
        || !ready(named(context, StatefulSet.class, ErgoObjects.name(community)))) {
      return Optional.empty();
    }
    CommunityEvents events = new CommunityEvents(context.getClient(), clock);
    ChatServers.Address ergo = chatServers.apply(context.getClient()).irc(community);
    return Optional.of(ircRooms.sync(community, ergo, operator.get().password(), adminPasswords(community, context), events));
  }

  /** Each admin's initial password, from the account Secrets that exist so far. */
  private static Map<String, String> adminPasswords(WestchatCommunity community, Context<WestchatCommunity> context) {
    Map<String, String> passwords = new LinkedHashMap<>();
    for (var admin : community.getSpec().admins) {
      MatrixAdminSync.account(named(context, Secret.class, AccountSecrets.adminSecretName(community, admin.name)))
          .ifPresent(account -> passwords.put(admin.name, account.password()));
    }
    return passwords;
  }

  /** Once Synapse answers: the admins, then the rooms; empty when all went well. */
  private Optional<PartState> matrixAccountsAndRooms(WestchatCommunity community, Context<WestchatCommunity> context,
      RoomsObserved rooms) {
    CommunityEvents events = new CommunityEvents(context.getClient(), clock);
    Function<String, Optional<Secret>> secrets = name -> named(context, Secret.class, name);
    List<String> formerAdmins = AccountSecrets.formerAdmins(community, context.getSecondaryResourcesAsStream(Secret.class)
        .filter(s -> community.getMetadata().getName().equals(s.getMetadata().getLabels().get(CommunityLabels.INSTANCE)))
        .toList());
    Optional<PartState> adminProblem = matrixAdmins.sync(community, secrets, formerAdmins, events);
    if (adminProblem.isPresent()) {
      return adminProblem;
    }
    Optional<MatrixAccount> operator = MatrixAdminSync.account(secrets.apply(AccountSecrets.operatorSecretName(community)));
    if (operator.isEmpty()) {
      return Optional.of(PartState.pending(Part.MATRIX, "AdminSecretsPending", "Waiting for the operator's Secret."));
    }
    Map<String, RoomProgress> progress = new LinkedHashMap<>(matrixRooms.sync(community, operator.get(),
        community.getSpec().admins.stream().map(a -> a.name).toList(), formerAdmins, events));
    RoomProgress welcome = progress.remove(Names.WELCOME_ROOM);
    rooms.with(RoomNetwork.MATRIX, progress);
    if (welcome != null && !welcome.ready()) {
      return Optional.of(PartState.failing(Part.MATRIX, "WelcomeRoomFailed",
          "The welcome room that shows spec.rules to newcomers could not be set up: " + welcome.message()));
    }
    return Optional.empty();
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

  private static boolean available(Optional<Deployment> deployment) {
    return deployment.map(Deployment::getStatus).map(s -> s.getAvailableReplicas() != null && s.getAvailableReplicas() > 0)
        .orElse(false);
  }

  private static PartState irc(WestchatCommunity community, Context<WestchatCommunity> context) {
    var spec = community.getSpec();
    boolean readUserSecret = spec.irc.enabled && IrcCertificate.source(spec) == CertificateSource.SECRET;
    return IrcAssessment.assess(spec, community.getMetadata().getName(), new IrcAssessment.Observed(
        named(context, StatefulSet.class, ErgoObjects.name(community)),
        !waitsForCertManager(community, context),
        named(context, IssuedCertificate.class, IrcCertificate.name(community)),
        // like the database Secret: the user's, not watched, so read when it is named
        readUserSecret ? Optional.ofNullable(context.getClient().secrets().inNamespace(community.getMetadata().getNamespace())
            .withName(spec.irc.tls.secretName).get()) : Optional.empty()));
  }

  /** The user's Secret is not the operator's, so no informer watches it: read it when it is named. */
  private static Optional<Secret> externalDatabaseSecret(WestchatCommunity community, Context<WestchatCommunity> context) {
    var database = community.getSpec().matrix.database;
    if (!community.getSpec().matrix.enabled || database.runsOwnServer()) {
      return Optional.empty();
    }
    return Optional.ofNullable(context.getClient().secrets().inNamespace(community.getMetadata().getNamespace())
        .withName(database.external.secretRef.name).get());
  }

  /** Informers of one kind see every object the operator manages of that kind; pick one by name. */
  private static <R extends HasMetadata> Optional<R> named(Context<WestchatCommunity> context, Class<R> type, String name) {
    return context.getSecondaryResourcesAsStream(type).filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  /** Only name, namespace and status, so the patch claims no spec or metadata fields. */
  private static WestchatCommunity statusPatch(WestchatCommunity community, WestchatCommunityStatus status) {
    WestchatCommunity patch = new WestchatCommunity();
    patch.setMetadata(new ObjectMetaBuilder()
        .withName(community.getMetadata().getName())
        .withNamespace(community.getMetadata().getNamespace())
        .build());
    patch.setStatus(status);
    return patch;
  }

  static boolean sameStatus(WestchatCommunityStatus stored, WestchatCommunityStatus computed) {
    return stored != null && Objects.equals(JSON.valueToTree(stored), JSON.valueToTree(computed));
  }
}
