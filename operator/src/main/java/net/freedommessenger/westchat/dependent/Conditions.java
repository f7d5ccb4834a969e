package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.bridges.ActiveBridges;
import net.freedommessenger.westchat.model.ergo.IrcCertificate;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;

/** Workflow preconditions for the optional parts. */
public final class Conditions {

  private Conditions() {}

  /** The Matrix part is enabled. */
  public static class MatrixEnabled implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return community.getSpec().matrix.enabled;
    }
  }

  /** matrix-appservice-irc bridges Matrix and IRC. */
  public static class AppserviceIrcActive implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return ActiveBridges.appserviceIrc(community.getSpec());
    }
  }

  /** Heisenbridge bridges Matrix and IRC. */
  public static class HeisenbridgeActive implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return ActiveBridges.heisenbridge(community.getSpec());
    }
  }

  /** The operator runs PostgreSQL for Synapse (Matrix enabled, no external database). */
  public static class ManagedDatabase implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return community.getSpec().matrix.enabled && community.getSpec().matrix.database.runsOwnServer();
    }
  }

  /** The XMPP part is enabled. */
  public static class XmppEnabled implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return community.getSpec().xmpp.enabled;
    }
  }

  /** XMPP is enabled and its certificate comes from the cert-manager issuer in spec.expose.tls.issuerRef. */
  public static class XmppCertificateFromIssuer implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return community.getSpec().xmpp.enabled && XmppCertificate.fromIssuer(community.getSpec());
    }
  }

  /** The IRC part is enabled. */
  public static class IrcEnabled implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return community.getSpec().irc.enabled;
    }
  }

  /** IRC is enabled and has a certificate (issuer or Secret), so Ergo serves IRC over TLS. */
  public static class IrcOverTls implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return community.getSpec().irc.enabled && IrcCertificate.source(community.getSpec()) != IrcCertificate.Source.NONE;
    }
  }

  /** IRC is enabled and its certificate comes from the cert-manager issuer of spec.expose.tls. */
  public static class IrcCertificateFromIssuer implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return community.getSpec().irc.enabled && IrcCertificate.source(community.getSpec()) == IrcCertificate.Source.ISSUER;
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
}
