package net.freedommessenger.westchat.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Clock;
import java.util.TreeMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.accounts.AccountSecrets;
import net.freedommessenger.westchat.model.bridges.ActiveBridges;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;
import net.freedommessenger.westchat.model.bridges.BridgeWorkload;
import net.freedommessenger.westchat.model.bridges.RegistrationHash;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;
import net.freedommessenger.westchat.model.bridges.IrcBridgeSite;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.ergo.IrcCertificate;
import net.freedommessenger.westchat.model.networkpolicy.CommunityNetworkPolicies;
import net.freedommessenger.westchat.model.networkpolicy.OperatorPods;
import net.freedommessenger.westchat.model.postgres.ManagedPostgres;
import net.freedommessenger.westchat.model.prosody.ProsodyObjects;
import net.freedommessenger.westchat.model.prosody.ProsodySecrets;
import net.freedommessenger.westchat.model.prosody.XmppCertificate;
import net.freedommessenger.westchat.model.prosody.XmppIngress;
import net.freedommessenger.westchat.model.synapse.MatrixDelegation;
import net.freedommessenger.westchat.model.synapse.MatrixIngress;
import net.freedommessenger.westchat.model.synapse.MatrixInviteToken;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;
import net.freedommessenger.westchat.model.synapse.SynapseSecrets;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;
import net.freedommessenger.westchat.model.tls.CertificateSource;
import net.freedommessenger.westchat.model.tls.SelfSignedCertificate;

/**
 * Every object a community consists of, as a pure function of its spec (and of the secret values
 * that already exist). The reconciler's dependents and {@code westchat render} both use it.
 */
public final class CommunityObjects {

  private static final Comparator<HasMetadata> ORDER = Comparator.<HasMetadata, String>comparing(o -> o.getKind())
      .thenComparing(o -> o.getMetadata().getName());

  private CommunityObjects() {}

  private static List<HasMetadata> matrix(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator) {
    List<HasMetadata> objects = new ArrayList<>();
    if (community.getSpec().matrix.database.runsOwnServer()) {
      objects.add(ManagedPostgres.secret(community, existing, generator));
      objects.add(ManagedPostgres.service(community));
      objects.add(ManagedPostgres.statefulSet(community));
    }
    Map<String, String> config = SynapseObjects.configFiles(community);
    objects.add(SynapseSecrets.secret(community, existing, generator));
    if (MatrixInviteToken.needed(community.getSpec())) {
      objects.add(MatrixInviteToken.secret(community, existing, generator));
    }
    objects.add(SynapseObjects.configMap(community, config));
    objects.add(SynapseObjects.mediaClaim(community));
    objects.add(SynapseObjects.service(community));
    objects.add(SynapseObjects.deployment(community, config));
    objects.add(MatrixDelegation.configMap(community));
    objects.add(MatrixDelegation.service(community));
    objects.add(MatrixDelegation.deployment(community));
    objects.add(MatrixIngress.ingress(community));
    if (ActiveBridges.appserviceIrc(community.getSpec())) {
      IrcBridgeSite site = AppserviceIrcObjects.siteInCluster(community);
      Map<String, String> bridgeConfig = AppserviceIrcObjects.configFiles(community, site, Map.of());
      objects.add(AppserviceIrcObjects.secret(community, site, existing, generator));
      objects.add(AppserviceIrcObjects.configMap(community, bridgeConfig));
      objects.add(AppserviceIrcObjects.service(community));
      objects.add(AppserviceIrcObjects.deployment(community, bridgeConfig));
    }
    if (ActiveBridges.heisenbridge(community.getSpec())) {
      objects.add(HeisenbridgeObjects.secret(community, HeisenbridgeObjects.bridgeUrlInCluster(community), existing, generator));
      objects.add(HeisenbridgeObjects.service(community));
      objects.add(HeisenbridgeObjects.deployment(community));
    }
    return objects;
  }

  private static List<HasMetadata> xmpp(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator) {
    List<HasMetadata> objects = new ArrayList<>();
    Map<String, String> config = ProsodyObjects.configFiles(community);
    objects.add(ProsodySecrets.secret(community, existing, generator));
    objects.add(ProsodyObjects.configMap(community, config));
    objects.add(ProsodyObjects.httpService(community));
    objects.add(ProsodyObjects.xmppService(community));
    objects.add(ProsodyObjects.statefulSet(community, config, Optional.empty()));
    objects.add(XmppIngress.ingress(community));
    if (XmppCertificate.fromIssuer(community.getSpec())) {
      objects.add(XmppCertificate.certificate(community));
    }
    return objects;
  }

  /** @param accounts the account Secrets just made, whose passwords the opers' hashes come from */
  private static List<HasMetadata> irc(WestchatCommunity community, List<Secret> accounts, ExistingSecrets existing,
      SecretGenerator generator) {
    Map<String, Map<String, String>> made = new HashMap<>();
    accounts.forEach(secret -> made.put(secret.getMetadata().getName(), secret.getData()));
    Map<String, String> config = ErgoObjects.configFiles(community,
        name -> made.containsKey(name) ? made.get(name) : existing.dataOf(name), generator);
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(ErgoObjects.configSecret(community, config));
    objects.add(ErgoObjects.plainService(community));
    objects.add(ErgoObjects.statefulSet(community, config, Optional.empty()));
    objects.add(ErgoObjects.tlsService(community));
    if (IrcCertificate.source(community.getSpec()) == CertificateSource.ISSUER) {
      objects.add(IrcCertificate.certificate(community));
    }
    return objects;
  }

  /**
   * The digests of the bridges' registrations on the pod templates of Synapse and of each bridge,
   * as the operator puts them there from the Secrets it finds (see healing.RegistrationRollout).
   */
  private static void annotateRegistrations(WestchatCommunity community, List<HasMetadata> objects) {
    Map<String, String> registrations = new TreeMap<>();
    for (BridgeWorkload bridge : ActiveBridges.matrixBridges(community)) {
      String registration = objects.stream().filter(o -> o instanceof Secret && o.getMetadata().getName().equals(bridge.registrationSecret()))
          .findFirst().flatMap(o -> bridge.registration().from(((Secret) o).getData())).orElseThrow();
      registrations.put(bridge.component(), registration);
      podAnnotations(objects, bridge.deploymentName()).put(RegistrationHash.ANNOTATION, RegistrationHash.of(registration));
    }
    if (!registrations.isEmpty()) {
      podAnnotations(objects, SynapseObjects.name(community)).put(RegistrationHash.ANNOTATION, RegistrationHash.ofAll(registrations));
    }
  }

  private static Map<String, String> podAnnotations(List<HasMetadata> objects, String deploymentName) {
    Deployment deployment = objects.stream().filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(deploymentName))
        .map(Deployment.class::cast).findFirst().orElseThrow();
    var metadata = deployment.getSpec().getTemplate().getMetadata();
    Map<String, String> annotations = new TreeMap<>(metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations());
    metadata.setAnnotations(annotations);
    return annotations;
  }

  public static List<HasMetadata> desired(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator) {
    return desired(community, existing, generator, Clock.systemUTC());
  }

  /** @param clock when a certificate the operator makes itself starts, and whether a kept one is still good */
  public static List<HasMetadata> desired(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator,
      Clock clock) {
    List<Secret> accounts = AccountSecrets.desired(community, existing, generator);
    List<HasMetadata> objects = new ArrayList<>(accounts);
    if (SelfSignedCertificate.needed(community.getSpec())) {
      objects.add(SelfSignedCertificate.secret(community, existing.dataOf(SelfSignedCertificate.name(community)), generator,
          clock.instant()));
    }
    if (community.getSpec().matrix.enabled) {
      objects.addAll(matrix(community, existing, generator));
      annotateRegistrations(community, objects);
    }
    if (community.getSpec().xmpp.enabled) {
      objects.addAll(xmpp(community, existing, generator));
    }
    if (community.getSpec().irc.enabled) {
      objects.addAll(irc(community, accounts, existing, generator));
    }
    // the operator's pods as the chart installs them by default; in the cluster the operator names its own namespace
    objects.addAll(CommunityNetworkPolicies.desired(community, OperatorPods.installedByDefault()));
    objects.sort(ORDER);
    return objects;
  }
}
