package net.freedommessenger.westchat.status;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.ergo.IrcCertificate;
import net.freedommessenger.westchat.model.tls.CertificateSource;
import net.freedommessenger.westchat.model.tls.SelfSignedCertificate;

/** The IRC condition, from the certificate's source and what the cluster shows of Ergo. */
public final class IrcAssessment {

  /** The keys of a kubernetes.io/tls Secret that Ergo reads. */
  public static final List<String> TLS_KEYS = List.of("tls.crt", "tls.key");

  private IrcAssessment() {}

  /**
   * What the cluster shows of the IRC part.
   *
   * @param ergo Ergo's StatefulSet, when it exists
   * @param certManagerInstalled whether the cluster serves cert-manager's Certificate kind
   * @param certificate the cert-manager Certificate, when one is used and exists
   * @param userSecret the Secret named in spec.irc.tls, when that is used and the Secret exists
   */
  public record Observed(Optional<StatefulSet> ergo, boolean certManagerInstalled,
      Optional<? extends GenericKubernetesResource> certificate, Optional<Secret> userSecret) {}

  public static PartState assess(WestchatCommunitySpec spec, String communityName, Observed observed) {
    if (!spec.irc.enabled) {
      return PartState.ready(Part.IRC, "Disabled", "spec.irc.enabled is false.");
    }
    String statefulSet = communityName + "-ergo";
    String ircHost = new CommunityHosts(spec.domain).ircHost();
    switch (IrcCertificate.source(spec)) {
      case SELF_SIGNED -> {
        // the operator makes the certificate itself; whether Ergo runs with it is told below
      }
      case ISSUER -> {
        if (!observed.certManagerInstalled()) {
          return PartState.failing(Part.IRC, "CertManagerMissing", "spec.expose.tls.issuerRef names a cert-manager "
              + "issuer, but this cluster does not serve cert-manager's Certificate kind, so no certificate for " + ircHost
              + " can be issued and Ergo waits for it. Install cert-manager, or remove spec.expose.tls.issuerRef and name "
              + "a kubernetes.io/tls Secret in spec.irc.tls.secretName.");
        }
      }
      case SECRET -> {
        String name = spec.irc.tls.secretName;
        if (observed.userSecret().isEmpty()) {
          return PartState.failing(Part.IRC, "TlsSecretMissing", "spec.irc.tls.secretName names the Secret " + name
              + ", which does not exist in this namespace, and Ergo waits for it. Create a kubernetes.io/tls Secret "
              + "with a certificate for " + ircHost + " (kubectl create secret tls " + name + " --cert=... --key=...).");
        }
        Map<String, String> data = observed.userSecret().get().getData();
        List<String> missing = TLS_KEYS.stream().filter(k -> data == null || !data.containsKey(k)).toList();
        if (!missing.isEmpty()) {
          return PartState.failing(Part.IRC, "TlsSecretIncomplete", "The Secret " + name + " named in "
              + "spec.irc.tls.secretName lacks " + String.join(" and ", missing) + "; Ergo needs a certificate and its key "
              + "as a kubernetes.io/tls Secret has them.");
        }
      }
    }
    if (observed.ergo().isEmpty()) {
      return PartState.pending(Part.IRC, "ErgoCreating", "The Ergo StatefulSet has not been created yet.");
    }
    var status = observed.ergo().get().getStatus();
    int ready = status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    if (ready < 1) {
      return PartState.failing(Part.IRC, "ErgoNotReady", "Ergo does not accept connections yet: its pod is starting or "
          + "failing" + certificateHint(spec, observed) + ". See `kubectl describe statefulset " + statefulSet
          + "` and `kubectl logs statefulset/" + statefulSet + "`.");
    }
    if (IrcCertificate.source(spec) == CertificateSource.SELF_SIGNED) {
      return PartState.ready(Part.IRC, SelfSignedCertificate.REASON, "Ergo accepts IRC over TLS at " + ircHost + ":"
          + CommunityHosts.IRC_TLS_PORT + " with a self-signed certificate the operator made (Secret "
          + SelfSignedCertificate.name(communityName) + "), and plain IRC for the bridges at " + statefulSet + ":6667 inside the cluster. IRC clients "
          + "warn about the certificate until spec.expose.tls.issuerRef names a cert-manager issuer, or "
          + "spec.irc.tls.secretName a kubernetes.io/tls Secret for " + ircHost + ".");
    }
    return PartState.ready(Part.IRC, "Running", "Ergo accepts IRC over TLS at " + ircHost + ":" + CommunityHosts.IRC_TLS_PORT
        + " and plain IRC for the bridges at " + statefulSet + ":6667 inside the cluster.");
  }

  /** Why the pod may wait: a certificate cert-manager has not issued yet. */
  private static String certificateHint(WestchatCommunitySpec spec, Observed observed) {
    if (IrcCertificate.source(spec) != CertificateSource.ISSUER) {
      return "";
    }
    if (observed.certificate().isEmpty()) {
      return "; it waits for its certificate, whose cert-manager Certificate does not exist yet";
    }
    Optional<Map<?, ?>> readyCondition = readyCondition(observed.certificate().get());
    if (readyCondition.isPresent() && "True".equals(readyCondition.get().get("status"))) {
      return "";
    }
    String message = readyCondition.map(c -> c.get("message")).map(Object::toString).orElse("no answer from cert-manager yet");
    return "; it waits for its certificate, which cert-manager has not issued yet (Certificate "
        + observed.certificate().get().getMetadata().getName() + ": " + message + ")";
  }

  private static Optional<Map<?, ?>> readyCondition(GenericKubernetesResource certificate) {
    if (!(certificate.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> c instanceof Map<?, ?> m && "Ready".equals(m.get("type")))
        .<Map<?, ?>>map(c -> (Map<?, ?>) c).findFirst();
  }
}
