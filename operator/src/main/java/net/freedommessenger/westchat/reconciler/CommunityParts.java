package net.freedommessenger.westchat.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.dependent.CertManagerPresence;
import net.freedommessenger.westchat.model.bridges.ActiveBridges;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.ergo.IrcCertificate;
import net.freedommessenger.westchat.model.moderation.ClosureTargets;
import net.freedommessenger.westchat.model.postgres.ManagedPostgres;
import net.freedommessenger.westchat.model.prosody.IssuedCertificate;
import net.freedommessenger.westchat.model.prosody.ProsodyObjects;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;
import net.freedommessenger.westchat.model.tls.CertificateSource;
import net.freedommessenger.westchat.status.IrcAssessment;
import net.freedommessenger.westchat.status.MatrixAssessment;
import net.freedommessenger.westchat.status.Part;
import net.freedommessenger.westchat.status.PartAssessment;
import net.freedommessenger.westchat.status.PartState;
import net.freedommessenger.westchat.status.XmppAssessment;

/**
 * What the community's workloads and Secrets, as the informers hold them, say about each part,
 * without asking any server: the reconcile and the in-server steps judge readiness the same way.
 */
final class CommunityParts {

  private CommunityParts() {}

  /**
   * The networks whose server is up, where the operator can act as admin: Matrix once its admins are
   * made, Prosody and Ergo once their pod is ready (the operator reaches Ergo on its plain in-cluster
   * port, so IRC over TLS need not work yet).
   */
  static Set<String> running(WestchatCommunity community, List<PartState> parts, Context<WestchatCommunity> context) {
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

  static boolean ready(Optional<StatefulSet> statefulSet) {
    return statefulSet.map(StatefulSet::getStatus).map(s -> s.getReadyReplicas() != null && s.getReadyReplicas() > 0)
        .orElse(false);
  }

  static boolean waitsForCertManager(WestchatCommunity community, Context<WestchatCommunity> context) {
    var spec = community.getSpec();
    return (spec.xmpp.enabled || spec.irc.enabled) && XmppCertificate.fromIssuer(spec)
        && !CertManagerPresence.check(context.getClient());
  }

  /**
   * Each part's state, from the workloads and the in-server steps' outcome: Matrix counts as
   * running only once the steps made its admins.
   */
  static List<PartState> parts(WestchatCommunity community, Context<WestchatCommunity> context, InServerOutcome outcome) {
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

  static PartState matrixAssessment(WestchatCommunity community, Context<WestchatCommunity> context) {
    return MatrixAssessment.assess(community.getSpec(),
        named(context, StatefulSet.class, ManagedPostgres.serviceName(community)),
        named(context, Deployment.class, SynapseObjects.name(community)),
        externalDatabaseSecret(community, context));
  }

  static Optional<Deployment> matrixIrcBridge(WestchatCommunity community, Context<WestchatCommunity> context) {
    return named(context, Deployment.class,
        ActiveBridges.heisenbridge(community.getSpec()) ? HeisenbridgeObjects.name(community) : AppserviceIrcObjects.name(community));
  }

  static boolean available(Optional<Deployment> deployment) {
    return deployment.map(Deployment::getStatus).map(s -> s.getAvailableReplicas() != null && s.getAvailableReplicas() > 0)
        .orElse(false);
  }

  static PartState irc(WestchatCommunity community, Context<WestchatCommunity> context) {
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
  static Optional<Secret> externalDatabaseSecret(WestchatCommunity community, Context<WestchatCommunity> context) {
    var database = community.getSpec().matrix.database;
    if (!community.getSpec().matrix.enabled || database.runsOwnServer()) {
      return Optional.empty();
    }
    return Optional.ofNullable(context.getClient().secrets().inNamespace(community.getMetadata().getNamespace())
        .withName(database.external.secretRef.name).get());
  }

  /** Informers of one kind see every object the operator manages of that kind; pick one by name. */
  static <R extends HasMetadata> Optional<R> named(Context<WestchatCommunity> context, Class<R> type, String name) {
    return context.getSecondaryResourcesAsStream(type).filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }
}
