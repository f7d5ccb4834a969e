package net.freedommessenger.westchat.cli;

import java.util.Map;
import java.util.Optional;
import net.freedommessenger.westchat.api.status.CommunityCondition;

/**
 * A condition's reason word as a plain sentence: what it means and what to do, from the table in
 * docs/conditions.md. The condition's message, which names the exact Secret or pod, comes after it.
 */
final class ConditionAdvice {

  /** For reasons that mean different things on different parts, keyed "type/reason". */
  private static final Map<String, String> BY_PART = Map.of(
      "XMPP/CertManagerMissing", "A certificate issuer is named in spec.expose.tls.issuerRef, but this cluster has no "
          + "cert-manager to issue the XMPP server's certificate. Install cert-manager (the operator looks again every "
          + "minute), or remove the issuer and name a certificate Secret in spec.xmpp.tls.secretName.",
      "IRC/CertManagerMissing", "A certificate issuer is named in spec.expose.tls.issuerRef, but this cluster has no "
          + "cert-manager to issue the IRC server's certificate. Install cert-manager (the operator looks again every "
          + "minute), or remove the issuer and name a certificate Secret in spec.irc.tls.secretName.",
      "XMPP/SelfSignedCertificate", "It uses a self-signed certificate: clients will warn about it, and servers that "
          + "check certificates will not talk to it. For a real certificate, name a cert-manager issuer in "
          + "spec.expose.tls.issuerRef, or a certificate Secret in spec.xmpp.tls.secretName.",
      "IRC/SelfSignedCertificate", "It uses a self-signed certificate: IRC clients will warn about it. For a real "
          + "certificate, name a cert-manager issuer in spec.expose.tls.issuerRef, or a certificate Secret in "
          + "spec.irc.tls.secretName.");

  private static final Map<String, String> BY_REASON = Map.ofEntries(
      Map.entry("ReconcileFailed", "The operator could not apply your settings to the cluster and tries again by itself. "
          + "If this lasts, the details say what the cluster refused."),
      Map.entry("ExternalDatabaseSecretMissing", "The Matrix server has no database to use: create the Secret named in "
          + "spec.matrix.database.external.secretRef, with the keys host, port, database, user and password."),
      Map.entry("ExternalDatabaseSecretIncomplete", "The Secret with the Matrix server's database lacks keys: add the "
          + "ones the details list."),
      Map.entry("DatabaseNotReady", "The Matrix server's database is starting or failing. Wait a few minutes; if it "
          + "lasts, look at it with: kubectl describe statefulset {name}-postgres"),
      Map.entry("SynapseCreating", "The Matrix server is being created: wait."),
      Map.entry("SynapseNotAnswering", "The Matrix server does not answer yet. Wait a few minutes; if it lasts, read its "
          + "log: kubectl logs deployment/{name}-synapse"),
      Map.entry("AdminSecretsPending", "The admins' passwords are being made: wait."),
      Map.entry("AdminsSettingUp", "The Matrix server answers; the operator is making the admins' accounts and the rooms: "
          + "wait."),
      Map.entry("AdminRegistrationFailed", "The Matrix server refused to create the admin accounts; the details quote "
          + "its answer. If registration_shared_secret in the Secret {name}-synapse was edited after the server "
          + "started, restore it, or restart the server so that both agree."),
      Map.entry("InviteTokenPending", "The Secret {name}-matrix-invite-token with the Matrix registration token is "
          + "being made: wait."),
      Map.entry("InviteTokenFailed", "The Matrix server did not take the registration token kept in the Secret "
          + "{name}-matrix-invite-token; the details quote its answer, and the operator tries again by itself. A value "
          + "edited by hand must be at most 64 letters, digits or . _ ~ -"),
      Map.entry("WelcomeRoomFailed", "The welcome room #welcome:{domain}, which shows your rules, could not be set up. "
          + "If another room has that address, remove the address, or make @westchat an admin of that room."),
      Map.entry("ProsodyCreating", "The XMPP server is being created: wait."),
      Map.entry("ProsodyNotAnswering", "The XMPP server does not accept clients yet; it starts once its certificate "
          + "exists. Wait a few minutes; if it lasts, read its log: kubectl logs statefulset/{name}-prosody -c prosody"),
      Map.entry("TlsSecretMissing", "The IRC server waits for its certificate: create the Secret named in "
          + "spec.irc.tls.secretName (kubectl create secret tls NAME --cert=... --key=...)."),
      Map.entry("TlsSecretIncomplete", "The certificate Secret named in spec.irc.tls.secretName lacks tls.crt or "
          + "tls.key: add them."),
      Map.entry("ErgoCreating", "The IRC server is being created: wait."),
      Map.entry("ErgoNotReady", "The IRC server does not accept connections yet. Wait a few minutes; if it lasts, read "
          + "its log: kubectl logs statefulset/{name}-ergo"),
      Map.entry("MatrixIrcBridgeStarting", "The Matrix-IRC bridge starts once the Matrix and IRC servers answer: wait."),
      Map.entry("BridgeRestarting", "The bridge did not start in time, so the operator restarted it: wait."),
      Map.entry("BridgeRestartsExhausted", "The bridge does not start, even after the operator restarted it; the "
          + "details say why. Fix that, and it is tried again (docs/self-healing.md)."),
      Map.entry("SynapseCannotReachBridge", "The bridge runs, but the Matrix server cannot reach it, so messages from "
          + "Matrix do not get to IRC. Check the bridge's Service and its registration Secret."),
      Map.entry("RoomsNotWorking", "Rooms are set up once their network works: wait. An address taken by someone else "
          + "must be freed, or handed to the operator's account westchat."));

  private ConditionAdvice() {}

  /**
   * @param community the community's name, which the names of its servers start with
   * @return empty for reasons that need no sentence (Running, Disabled) or that docs/conditions.md does not know
   */
  static Optional<String> of(CommunityCondition condition, String community, String domain) {
    if (condition.reason == null) {
      return Optional.empty();
    }
    String advice = BY_PART.getOrDefault(condition.type + "/" + condition.reason, BY_REASON.get(condition.reason));
    return Optional.ofNullable(advice).map(a -> a.replace("{name}", community).replace("{domain}", domain));
  }
}
