package net.freedommessenger.westchat.model.bridges;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.postgres.DatabaseConnection;
import net.freedommessenger.westchat.model.postgres.ManagedPostgres;
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
 * The Kubernetes objects of matrix-appservice-irc: its Secret (tokens, password key and the
 * registration Synapse also mounts), its config, Deployment and Service.
 */
public final class AppserviceIrcObjects {

  public static final String COMPONENT = "appservice-irc";
  public static final String AS_TOKEN = "as_token";
  public static final String HS_TOKEN = "hs_token";
  public static final String REGISTRATION_FILE = "registration.yaml";
  public static final String DATABASE = "ircbridge";
  /** The IRC server's in-cluster plaintext Service, where the bridge connects. */
  public static final int IRC_PORT = 6667;
  static final String CONFIG_DIR = "/config";
  static final String SECRETS_DIR = "/secrets";
  /** The uid of the node user in the bridge's image. */
  static final long UID = 1000;
  static final ContainerResources DEFAULT_RESOURCES = new ContainerResources("100m", "256Mi", null, "1Gi");

  static final SecretKeys KEYS = new SecretKeys()
      .with(AS_TOKEN, SecretKind.TOKEN)
      .with(HS_TOKEN, SecretKind.TOKEN)
      .with(AppserviceIrcConfig.PASSKEY_FILE, SecretKind.RSA_PRIVATE_KEY);

  private AppserviceIrcObjects() {}

  public static String name(WestchatCommunity community) {
    return community.getMetadata().getName() + "-appservice-irc";
  }

  /** The bridge as self-healing sees it: Deployment, registration and GET /health on its Service. */
  public static BridgeWorkload workload(WestchatCommunity community) {
    IrcBridgeSite site = siteInCluster(community);
    return new BridgeWorkload(COMPONENT, "matrix-appservice-irc", name(community), name(community),
        data -> data.get(AS_TOKEN) == null || data.get(HS_TOKEN) == null ? Optional.empty()
            : Optional.of(AppserviceIrcConfig.registration(community.getSpec(), site, decode(data.get(AS_TOKEN)),
                decode(data.get(HS_TOKEN))).toYaml()),
        IrcBridgeSite.PORT, "/health");
  }

  public static String ircServiceName(WestchatCommunity community) {
    return community.getMetadata().getName() + "-ergo";
  }

  /** The site inside the cluster: Services by name, the managed database by its Service. */
  public static IrcBridgeSite siteInCluster(WestchatCommunity community) {
    return new IrcBridgeSite("http://" + SynapseObjects.name(community) + ":" + HomeserverSite.PORT, "0.0.0.0",
        IrcBridgeSite.PORT, "http://" + name(community) + ":" + IrcBridgeSite.PORT, ircServiceName(community), IRC_PORT,
        "postgres://" + DatabaseConnection.SYNAPSE_USER + "@" + ManagedPostgres.serviceName(community) + ":"
            + ManagedPostgres.PORT + "/" + DATABASE, SECRETS_DIR);
  }

  /** Tokens and key generated once; the registration written from the tokens every time, so it always agrees. */
  public static Secret secret(WestchatCommunity community, IrcBridgeSite site, ExistingSecrets existing, SecretGenerator generator) {
    Secret secret = KeptSecret.build(name(community), community.getMetadata().getNamespace(),
        CommunityLabels.of(community, COMPONENT), KEYS, existing, generator);
    Map<String, String> data = secret.getData();
    BridgeRegistration registration = AppserviceIrcConfig.registration(community.getSpec(), site,
        decode(data.get(AS_TOKEN)), decode(data.get(HS_TOKEN)));
    data.put(REGISTRATION_FILE, Base64.getEncoder().encodeToString(registration.toYaml().getBytes(StandardCharsets.UTF_8)));
    return secret;
  }

  public static Map<String, String> configFiles(WestchatCommunity community, IrcBridgeSite site, Map<String, String> channelRooms) {
    return Map.of(AppserviceIrcConfig.FILE, AppserviceIrcConfig.render(community.getSpec(), site, channelRooms));
  }

  public static ConfigMap configMap(WestchatCommunity community, Map<String, String> files) {
    return ComponentObjects.configMap(community, COMPONENT, name(community), files);
  }

  public static Service service(WestchatCommunity community) {
    return ComponentObjects.service(community, COMPONENT, name(community), "appservice", IrcBridgeSite.PORT);
  }

  public static Deployment deployment(WestchatCommunity community, Map<String, String> configFiles) {
    String image = Images.orDefault(community.getSpec().images.appserviceIrc, Images.APPSERVICE_IRC);
    PodSpec pod = new PodSpecBuilder()
        .withSecurityContext(PodSecurity.pod(UID))
        .addToInitContainers(databaseCreator(community))
        .addToContainers(new ContainerBuilder()
            .withName("bridge")
            .withImage(image)
            // the image's entrypoint runs the bridge with fixed paths under /data and drops the
            // arguments: started this way, it crash-looped on the real node (no /data/config.yaml)
            .withCommand("node", "/app/app.js")
            .withArgs("-c", CONFIG_DIR + "/" + AppserviceIrcConfig.FILE, "-f", SECRETS_DIR + "/" + REGISTRATION_FILE,
                "-p", String.valueOf(IrcBridgeSite.PORT))
            .withEnv(passwordOnly(community))
            .addNewPort().withName("appservice").withContainerPort(IrcBridgeSite.PORT).endPort()
            .withNewReadinessProbe()
              .withNewHttpGet().withPath("/health").withPort(new IntOrString(IrcBridgeSite.PORT)).endHttpGet()
              .withPeriodSeconds(10)
            .endReadinessProbe()
            .withResources(DEFAULT_RESOURCES.with(community.getSpec().bridges.matrixIrc.resources))
            .withSecurityContext(PodSecurity.container())
            .addNewVolumeMount().withName("config").withMountPath(CONFIG_DIR).withReadOnly(true).endVolumeMount()
            .addNewVolumeMount().withName("secrets").withMountPath(SECRETS_DIR).withReadOnly(true).endVolumeMount()
            .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
            .build())
        .addNewVolume().withName("config").withNewConfigMap().withName(name(community)).endConfigMap().endVolume()
        .addNewVolume().withName("secrets").withNewSecret().withSecretName(name(community)).endSecret().endVolume()
        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
        .build();
    return ComponentObjects.deployment(community, COMPONENT, name(community), configFiles, "Recreate", pod);
  }

  /** Creates the bridge's database next to Synapse's when it is missing; safe to run at every start. */
  private static io.fabric8.kubernetes.api.model.Container databaseCreator(WestchatCommunity community) {
    String image = Images.orDefault(community.getSpec().images.postgres, Images.POSTGRES);
    return new ContainerBuilder()
        .withName("create-database")
        .withImage(image)
        .withCommand("sh", "-c", "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'\" | grep -q 1"
            + " || psql -c 'CREATE DATABASE " + DATABASE + "'")
        .withEnv(DatabaseConnection.environment(community))
        .withResources(new ContainerResources("10m", "32Mi", null, "64Mi").with(null))
        .withSecurityContext(PodSecurity.container())
        .build();
  }

  /** The bridge names host, user and database in its connection URL; only the password comes from the environment. */
  private static List<EnvVar> passwordOnly(WestchatCommunity community) {
    List<EnvVar> env = new ArrayList<>();
    for (EnvVar variable : DatabaseConnection.environment(community)) {
      if (variable.getName().equals("PGPASSWORD")) {
        env.add(new EnvVarBuilder(variable).build());
      }
    }
    return env;
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
