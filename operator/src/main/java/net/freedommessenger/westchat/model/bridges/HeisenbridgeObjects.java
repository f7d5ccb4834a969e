package net.freedommessenger.westchat.model.bridges;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.api.spec.Names;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.KeptSecret;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;
import net.freedommessenger.westchat.model.secrets.SecretKeys;
import net.freedommessenger.westchat.model.secrets.SecretKind;
import net.freedommessenger.westchat.model.synapse.HomeserverSite;
import net.freedommessenger.westchat.model.synapse.SynapseObjects;
import net.freedommessenger.westchat.model.workload.ComponentObjects;
import net.freedommessenger.westchat.model.workload.ContainerResources;
import net.freedommessenger.westchat.model.workload.PodSecurity;

/**
 * The Kubernetes objects of Heisenbridge, the lighter Matrix-IRC bridge: its Secret (tokens and
 * the registration Synapse also mounts), Deployment and Service. Heisenbridge has no config file
 * and no database: the registration and its command line are all it reads, and it keeps its
 * networks and rooms in its own Matrix account data. Its owner, the one who may configure it by
 * talking to its bot, is the operator's Matrix account.
 */
public final class HeisenbridgeObjects {

  public static final String COMPONENT = "heisenbridge";
  public static final String AS_TOKEN = "as_token";
  public static final String HS_TOKEN = "hs_token";
  public static final String REGISTRATION_FILE = "registration.yaml";
  /** Stable for the life of the community: Synapse keys the bridge's state by it. */
  public static final String REGISTRATION_ID = "westchat-heisenbridge";
  /** The bridge's bot, which its owner sends commands to. */
  public static final String SENDER_LOCALPART = "heisenbridge";
  /** Localpart prefix of the Matrix users that stand for IRC users (Heisenbridge adds network and nick). */
  public static final String USER_PREFIX = "irc_";
  public static final int PORT = 9898;
  static final String SECRETS_DIR = "/secrets";
  /** Any fixed non-root uid: Heisenbridge writes nothing but to /tmp. */
  static final long UID = 1000;
  static final ContainerResources DEFAULT_RESOURCES = new ContainerResources("50m", "128Mi", null, "512Mi");

  static final SecretKeys KEYS = new SecretKeys()
      .with(AS_TOKEN, SecretKind.TOKEN)
      .with(HS_TOKEN, SecretKind.TOKEN);

  private HeisenbridgeObjects() {}

  public static String name(WestchatCommunity community) {
    return community.getMetadata().getName() + "-heisenbridge";
  }

  /** Synapse's client API inside the cluster. */
  public static String homeserverUrlInCluster(WestchatCommunity community) {
    return "http://" + SynapseObjects.name(community) + ":" + HomeserverSite.PORT;
  }

  /** The bridge's listener as Synapse reaches it inside the cluster. */
  public static String bridgeUrlInCluster(WestchatCommunity community) {
    return "http://" + name(community) + ":" + PORT;
  }

  /** The Matrix account that owns the bridge: the operator's own. */
  public static String owner(WestchatCommunity community) {
    return "@" + Names.OPERATOR_ACCOUNT + ":" + community.getSpec().domain;
  }

  /** The bridge's bot, which the owner sends commands to. */
  public static String botUser(WestchatCommunity community) {
    return "@" + SENDER_LOCALPART + ":" + community.getSpec().domain;
  }

  /** The bridge as self-healing sees it: Deployment and registration; Heisenbridge has no health endpoint. */
  public static BridgeWorkload workload(WestchatCommunity community) {
    return new BridgeWorkload(COMPONENT, "Heisenbridge", name(community), name(community),
        data -> data.get(AS_TOKEN) == null || data.get(HS_TOKEN) == null ? Optional.empty()
            : Optional.of(registration(community, bridgeUrlInCluster(community), decode(data.get(AS_TOKEN)),
                decode(data.get(HS_TOKEN))).toYaml()),
        0, "");
  }

  /** The registration Synapse and the bridge share, for the given listener URL. */
  public static BridgeRegistration registration(WestchatCommunity community, String bridgeUrl, String asToken, String hsToken) {
    // no aliases and no protocols: Heisenbridge answers no third-party lookups
    return new BridgeRegistration(REGISTRATION_ID, bridgeUrl, asToken, hsToken, SENDER_LOCALPART,
        community.getSpec().domain, USER_PREFIX, null, List.of());
  }

  /** Tokens generated once; the registration written from them every time, so the two always agree. */
  public static Secret secret(WestchatCommunity community, String bridgeUrl, ExistingSecrets existing, SecretGenerator generator) {
    Secret secret = KeptSecret.build(name(community), community.getMetadata().getNamespace(),
        CommunityLabels.of(community, COMPONENT), KEYS, existing, generator);
    Map<String, String> data = secret.getData();
    BridgeRegistration registration = registration(community, bridgeUrl, decode(data.get(AS_TOKEN)), decode(data.get(HS_TOKEN)));
    data.put(REGISTRATION_FILE, Base64.getEncoder().encodeToString(registration.toYaml().getBytes(StandardCharsets.UTF_8)));
    return secret;
  }

  public static Service service(WestchatCommunity community) {
    return ComponentObjects.service(community, COMPONENT, name(community), "appservice", PORT);
  }

  /**
   * What the pod's behaviour depends on besides the tokens: the registration without them and the
   * command line. Its hash rolls the pod when one of them changes; the tokens never change.
   */
  public static Map<String, String> settings(WestchatCommunity community) {
    Map<String, String> settings = new TreeMap<>();
    settings.put("registration", registration(community, bridgeUrlInCluster(community), "", "").toYaml());
    settings.put("args", String.join(" ", args(community)));
    return settings;
  }

  public static Deployment deployment(WestchatCommunity community) {
    IntOrString port = new IntOrString(PORT);
    PodSpec pod = new PodSpecBuilder()
        .withSecurityContext(PodSecurity.pod(UID))
        .addToContainers(new ContainerBuilder()
            .withName("bridge")
            .withImage(image(community))
            .withCommand("heisenbridge")
            .withArgs(args(community))
            .addNewEnv().withName("PYTHONUNBUFFERED").withValue("1").endEnv()
            .addNewPort().withName("appservice").withContainerPort(PORT).endPort()
            // it listens only once it has logged in to Synapse and loaded its rooms
            .withNewStartupProbe()
              .withNewTcpSocket().withPort(port).endTcpSocket()
              .withPeriodSeconds(5).withFailureThreshold(60)
            .endStartupProbe()
            .withNewReadinessProbe()
              .withNewTcpSocket().withPort(port).endTcpSocket()
              .withPeriodSeconds(10)
            .endReadinessProbe()
            .withNewLivenessProbe()
              .withNewTcpSocket().withPort(port).endTcpSocket()
              .withPeriodSeconds(30).withFailureThreshold(4)
            .endLivenessProbe()
            .withResources(DEFAULT_RESOURCES.with(community.getSpec().bridges.matrixIrc.resources))
            .withSecurityContext(PodSecurity.container())
            .addNewVolumeMount().withName("secrets").withMountPath(SECRETS_DIR).withReadOnly(true).endVolumeMount()
            .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
            .build())
        .addNewVolume().withName("secrets").withNewSecret().withSecretName(name(community))
          .addNewItem().withKey(REGISTRATION_FILE).withPath(REGISTRATION_FILE).endItem().endSecret().endVolume()
        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
        .build();
    return ComponentObjects.deployment(community, COMPONENT, name(community), settings(community), "Recreate", pod);
  }

  /** Listen on the pod's address, the registration from the Secret, the operator as owner, the in-cluster Synapse. */
  static List<String> args(WestchatCommunity community) {
    return List.of("-v", "-l", "0.0.0.0", "-p", String.valueOf(PORT), "-c", SECRETS_DIR + "/" + REGISTRATION_FILE,
        "-o", owner(community), homeserverUrlInCluster(community));
  }

  private static String image(WestchatCommunity community) {
    return Images.orDefault(community.getSpec().images.heisenbridge, Images.HEISENBRIDGE);
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
