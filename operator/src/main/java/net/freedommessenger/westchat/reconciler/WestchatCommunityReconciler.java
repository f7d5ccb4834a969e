package net.freedommessenger.westchat.reconciler;

import static net.freedommessenger.westchat.reconciler.CommunityParts.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunityStatus;
import net.freedommessenger.westchat.dependent.AccountSecretsDependent;
import net.freedommessenger.westchat.dependent.AppserviceIrcConfigMapDependent;
import net.freedommessenger.westchat.dependent.AppserviceIrcDeploymentDependent;
import net.freedommessenger.westchat.dependent.AppserviceIrcNetworkPolicyDependent;
import net.freedommessenger.westchat.dependent.AppserviceIrcSecretDependent;
import net.freedommessenger.westchat.dependent.AppserviceIrcServiceDependent;
import net.freedommessenger.westchat.dependent.Conditions;
import net.freedommessenger.westchat.dependent.ErgoConfigSecretDependent;
import net.freedommessenger.westchat.dependent.ErgoNetworkPolicyDependent;
import net.freedommessenger.westchat.dependent.ErgoServiceDependent;
import net.freedommessenger.westchat.dependent.ErgoStatefulSetDependent;
import net.freedommessenger.westchat.dependent.HeisenbridgeDeploymentDependent;
import net.freedommessenger.westchat.dependent.HeisenbridgeNetworkPolicyDependent;
import net.freedommessenger.westchat.dependent.HeisenbridgeSecretDependent;
import net.freedommessenger.westchat.dependent.HeisenbridgeServiceDependent;
import net.freedommessenger.westchat.dependent.IrcCertificateDependent;
import net.freedommessenger.westchat.dependent.IrcServiceDependent;
import net.freedommessenger.westchat.dependent.MatrixDelegationConfigMapDependent;
import net.freedommessenger.westchat.dependent.MatrixDelegationDeploymentDependent;
import net.freedommessenger.westchat.dependent.MatrixDelegationNetworkPolicyDependent;
import net.freedommessenger.westchat.dependent.MatrixDelegationServiceDependent;
import net.freedommessenger.westchat.dependent.MatrixIngressDependent;
import net.freedommessenger.westchat.dependent.MatrixInviteTokenSecretDependent;
import net.freedommessenger.westchat.dependent.PostgresNetworkPolicyDependent;
import net.freedommessenger.westchat.dependent.PostgresSecretDependent;
import net.freedommessenger.westchat.dependent.PostgresServiceDependent;
import net.freedommessenger.westchat.dependent.PostgresStatefulSetDependent;
import net.freedommessenger.westchat.dependent.ProsodyConfigMapDependent;
import net.freedommessenger.westchat.dependent.ProsodyNetworkPolicyDependent;
import net.freedommessenger.westchat.dependent.ProsodySecretDependent;
import net.freedommessenger.westchat.dependent.ProsodyServiceDependent;
import net.freedommessenger.westchat.dependent.ProsodyStatefulSetDependent;
import net.freedommessenger.westchat.dependent.SelfSignedCertificateDependent;
import net.freedommessenger.westchat.dependent.SynapseConfigMapDependent;
import net.freedommessenger.westchat.dependent.SynapseDeploymentDependent;
import net.freedommessenger.westchat.dependent.SynapseMediaClaimDependent;
import net.freedommessenger.westchat.dependent.SynapseNetworkPolicyDependent;
import net.freedommessenger.westchat.dependent.SynapseSecretDependent;
import net.freedommessenger.westchat.dependent.SynapseServiceDependent;
import net.freedommessenger.westchat.dependent.XmppCertificateDependent;
import net.freedommessenger.westchat.dependent.XmppIngressDependent;
import net.freedommessenger.westchat.dependent.XmppServiceDependent;
import net.freedommessenger.westchat.status.PartState;
import net.freedommessenger.westchat.status.StatusAggregator;

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
    @Dependent(name = "matrix-invite-token", type = MatrixInviteTokenSecretDependent.class,
        reconcilePrecondition = Conditions.MatrixInviteRegistration.class),
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
        reconcilePrecondition = Conditions.SelfSignedCertificateNeeded.class),
    // who may connect to each part (docs/network-policies.md); deleted when spec.networkPolicies.enabled is false
    @Dependent(name = "postgres-networkpolicy", type = PostgresNetworkPolicyDependent.class,
        reconcilePrecondition = Conditions.PostgresNetworkPolicy.class),
    @Dependent(name = "synapse-networkpolicy", type = SynapseNetworkPolicyDependent.class,
        reconcilePrecondition = Conditions.MatrixNetworkPolicy.class),
    @Dependent(name = "matrix-delegation-networkpolicy", type = MatrixDelegationNetworkPolicyDependent.class,
        reconcilePrecondition = Conditions.MatrixNetworkPolicy.class),
    @Dependent(name = "appservice-irc-networkpolicy", type = AppserviceIrcNetworkPolicyDependent.class,
        reconcilePrecondition = Conditions.AppserviceIrcNetworkPolicy.class),
    @Dependent(name = "heisenbridge-networkpolicy", type = HeisenbridgeNetworkPolicyDependent.class,
        reconcilePrecondition = Conditions.HeisenbridgeNetworkPolicy.class),
    @Dependent(name = "prosody-networkpolicy", type = ProsodyNetworkPolicyDependent.class,
        reconcilePrecondition = Conditions.XmppNetworkPolicy.class),
    @Dependent(name = "ergo-networkpolicy", type = ErgoNetworkPolicyDependent.class,
        reconcilePrecondition = Conditions.IrcNetworkPolicy.class)
})
@ControllerConfiguration(name = "westchatcommunity")
public class WestchatCommunityReconciler implements Reconciler<WestchatCommunity> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CERT_MANAGER_RECHECK = Duration.ofMinutes(1);

  private final Clock clock = Clock.systemUTC();
  private final ServerSteps steps;
  private final InServerSteps inServer = new InServerSteps(clock);

  /** The operator in its cluster: every server reached through its Service. */
  public WestchatCommunityReconciler() {
    this(ServerAccess.IN_CLUSTER);
  }

  public WestchatCommunityReconciler(ServerAccess servers) {
    this.steps = new ServerSteps(servers, clock);
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
    Optional<Duration> held = inServer.ask(community, inputs(community, context), () -> steps.run(community, context));
    Optional<InServerSteps.Finished> last = inServer.last(community);
    if (last.isEmpty() && hasStatusOfThisGeneration(community)) {
      // the operator (re)started: what the servers said last stays until the first run has asked them again
      return held.map(d -> UpdateControl.<WestchatCommunity>noUpdate().rescheduleAfter(d)).orElse(UpdateControl.noUpdate());
    }
    InServerOutcome outcome = last.map(InServerSteps.Finished::outcome).orElse(InServerOutcome.NOT_YET);
    List<PartState> parts = outcome.healing().applyTo(parts(community, context, outcome));
    WestchatCommunityStatus status = StatusAggregator.aggregate(community, parts, outcome.rooms(), clock.instant());
    outcome.closedRooms().ifPresent(closed -> status.closedRooms = closed);
    status.registration = StatusAggregator.registration(community, outcome.matrixInviteToken());
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

  /** A failed reconcile is retried by the framework; meanwhile Ready says why, in the server's words. */
  @Override
  public ErrorStatusUpdateControl<WestchatCommunity> updateErrorStatus(WestchatCommunity community,
      Context<WestchatCommunity> context, Exception e) {
    InServerOutcome outcome = inServer.last(community).map(InServerSteps.Finished::outcome).orElse(InServerOutcome.NOT_YET);
    WestchatCommunityStatus status = StatusAggregator.failed(community, parts(community, context, outcome), outcome.rooms(), e,
        clock.instant());
    status.registration = StatusAggregator.registration(community, outcome.matrixInviteToken());
    if (sameStatus(community.getStatus(), status)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    return ErrorStatusUpdateControl.patchStatus(statusPatch(community, status));
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
