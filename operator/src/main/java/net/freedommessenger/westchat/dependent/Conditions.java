package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.model.bridges.ActiveBridges;
import net.freedommessenger.westchat.model.ergo.IrcCertificate;
import net.freedommessenger.westchat.model.networkpolicy.CommunityNetworkPolicies;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;
import net.freedommessenger.westchat.model.synapse.MatrixInviteToken;
import net.freedommessenger.westchat.model.tls.CertificateSource;
import net.freedommessenger.westchat.model.tls.SelfSignedCertificate;

/** Workflow preconditions for the optional parts. */
public final class Conditions {

  private Conditions() {}

  /** A precondition that depends on the spec alone. */
  abstract static class SpecCondition implements Condition<HasMetadata, WestchatCommunity> {
    abstract boolean holds(WestchatCommunitySpec spec);

    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return holds(community.getSpec());
    }
  }

  /** The Matrix part is enabled. */
  public static class MatrixEnabled extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return spec.matrix.enabled;
    }
  }

  /** Matrix runs and sign-ups need an invitation: the operator keeps a registration token for the admins. */
  public static class MatrixInviteRegistration extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return MatrixInviteToken.needed(spec);
    }
  }

  /** matrix-appservice-irc bridges Matrix and IRC. */
  public static class AppserviceIrcActive extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return ActiveBridges.appserviceIrc(spec);
    }
  }

  /** Heisenbridge bridges Matrix and IRC. */
  public static class HeisenbridgeActive extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return ActiveBridges.heisenbridge(spec);
    }
  }

  /** The operator runs PostgreSQL for Synapse (Matrix enabled, no external database). */
  public static class ManagedDatabase extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return spec.matrix.enabled && spec.matrix.database.runsOwnServer();
    }
  }

  /** The XMPP part is enabled. */
  public static class XmppEnabled extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return spec.xmpp.enabled;
    }
  }

  /** XMPP is enabled and its certificate comes from the cert-manager issuer in spec.expose.tls.issuerRef. */
  public static class XmppCertificateFromIssuer extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return spec.xmpp.enabled && XmppCertificate.fromIssuer(spec);
    }
  }

  /** The IRC part is enabled. */
  public static class IrcEnabled extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return spec.irc.enabled;
    }
  }

  /** Prosody or Ergo runs without an issuer or a Secret named for it, so the operator makes a self-signed certificate. */
  public static class SelfSignedCertificateNeeded extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return SelfSignedCertificate.needed(spec);
    }
  }

  /** IRC is enabled and its certificate comes from the cert-manager issuer of spec.expose.tls. */
  public static class IrcCertificateFromIssuer extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return spec.irc.enabled && IrcCertificate.source(spec) == CertificateSource.ISSUER;
    }
  }

  /**
   * cert-manager's Certificates are served. As an activation condition it keeps the operator from
   * watching them in clusters without cert-manager. It must give the same answer for every community,
   * as the watch is shared: only a community that names an issuer asks the API server, and the
   * answer, once yes, holds for all.
   */
  public static class CertManagerInstalled implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return XmppCertificate.fromIssuer(community.getSpec())
          ? CertManagerPresence.check(context.getClient()) : CertManagerPresence.known(context.getClient());
    }
  }

  /** spec.networkPolicies.enabled and the PostgreSQL the operator runs. */
  public static class PostgresNetworkPolicy extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return CommunityNetworkPolicies.enabled(spec) && new ManagedDatabase().holds(spec);
    }
  }

  /** spec.networkPolicies.enabled and the Matrix part (Synapse and the delegation nginx). */
  public static class MatrixNetworkPolicy extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return CommunityNetworkPolicies.enabled(spec) && spec.matrix.enabled;
    }
  }

  /** spec.networkPolicies.enabled and matrix-appservice-irc runs. */
  public static class AppserviceIrcNetworkPolicy extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return CommunityNetworkPolicies.enabled(spec) && ActiveBridges.appserviceIrc(spec);
    }
  }

  /** spec.networkPolicies.enabled and Heisenbridge runs. */
  public static class HeisenbridgeNetworkPolicy extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return CommunityNetworkPolicies.enabled(spec) && ActiveBridges.heisenbridge(spec);
    }
  }

  /** spec.networkPolicies.enabled and the XMPP part. */
  public static class XmppNetworkPolicy extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return CommunityNetworkPolicies.enabled(spec) && spec.xmpp.enabled;
    }
  }

  /** spec.networkPolicies.enabled and the IRC part. */
  public static class IrcNetworkPolicy extends SpecCondition {
    @Override
    boolean holds(WestchatCommunitySpec spec) {
      return CommunityNetworkPolicies.enabled(spec) && spec.irc.enabled;
    }
  }
}
