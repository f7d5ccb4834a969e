package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.ergo.IrcCertificate;

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

  /** The operator runs PostgreSQL for Synapse (Matrix enabled, no external database). */
  public static class ManagedDatabase implements Condition<HasMetadata, WestchatCommunity> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      return community.getSpec().matrix.enabled && community.getSpec().matrix.database.runsOwnServer();
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
   * The cluster serves cert-manager's Certificate kind. The Certificate dependent is activated only
   * then, so the operator also starts in clusters without cert-manager. Activation switches the
   * informer on or off for every community at once, so the answer never goes back to false: once
   * seen, the kind is not asked for again, and until then discovery is asked only by reconciles
   * of communities that name an issuer.
   */
  public static class CertManagerInstalled implements Condition<HasMetadata, WestchatCommunity> {
    private static final Set<String> SEEN_ON = ConcurrentHashMap.newKeySet();

    @Override
    public boolean isMet(DependentResource<HasMetadata, WestchatCommunity> dependent, WestchatCommunity community,
        Context<WestchatCommunity> context) {
      String cluster = context.getClient().getMasterUrl().toString();
      if (SEEN_ON.contains(cluster)) {
        return true;
      }
      if (IrcCertificate.source(community.getSpec()) != IrcCertificate.Source.ISSUER) {
        return false;
      }
      if (context.getClient().supports(IrcCertificate.API_VERSION, IrcCertificate.KIND)) {
        SEEN_ON.add(cluster);
        return true;
      }
      return false;
    }

    /** Whether the kind was seen: for the status, which must not call the API server itself. */
    public static boolean seen(Context<WestchatCommunity> context) {
      return SEEN_ON.contains(context.getClient().getMasterUrl().toString());
    }
  }
}
