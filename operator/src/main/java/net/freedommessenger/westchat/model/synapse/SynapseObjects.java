package net.freedommessenger.westchat.model.synapse;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.api.spec.MatrixSpec;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.ActiveBridges;
import net.freedommessenger.westchat.model.bridges.AppserviceIrcObjects;
import net.freedommessenger.westchat.model.bridges.HeisenbridgeObjects;
import net.freedommessenger.westchat.model.postgres.DatabaseConnection;
import net.freedommessenger.westchat.model.workload.ComponentObjects;
import net.freedommessenger.westchat.model.workload.ContainerResources;
import net.freedommessenger.westchat.model.workload.PodSecurity;

/** The Kubernetes objects of a community's Synapse: config, media volume, workload and Service. */
public final class SynapseObjects {

  public static final String COMPONENT = "synapse";
  static final String CONFIG_DIR = "/config";
  static final String SECRETS_DIR = "/secrets";
  static final String MEDIA_DIR = "/data/media";
  /** The uid Synapse runs as in the official image. */
  static final long UID = 991;
  static final ContainerResources DEFAULT_RESOURCES = new ContainerResources("250m", "512Mi", null, "2Gi");

  private SynapseObjects() {}

  public static String name(WestchatCommunity community) {
    return community.getMetadata().getName() + "-synapse";
  }

  public static String mediaClaimName(WestchatCommunity community) {
    return community.getMetadata().getName() + "-synapse-media";
  }

  /** Where Synapse finds each bridge's registration, mounted from that bridge's Secret. */
  static final String APPSERVICES_DIR = "/appservices";

  public static List<String> appserviceFiles(WestchatCommunity community) {
    return registrations(community).stream()
        .map(r -> APPSERVICES_DIR + "/" + r.component() + "/" + r.file()).toList();
  }

  /** A bridge's registration file in that bridge's Secret. */
  record MountedRegistration(String component, String secretName, String file) {}

  /** The registrations of the active bridges; at most one Matrix-IRC bridge is active. */
  private static List<MountedRegistration> registrations(WestchatCommunity community) {
    List<MountedRegistration> registrations = new ArrayList<>();
    if (ActiveBridges.appserviceIrc(community.getSpec())) {
      registrations.add(new MountedRegistration(AppserviceIrcObjects.COMPONENT, AppserviceIrcObjects.name(community),
          AppserviceIrcObjects.REGISTRATION_FILE));
    }
    if (ActiveBridges.heisenbridge(community.getSpec())) {
      registrations.add(new MountedRegistration(HeisenbridgeObjects.COMPONENT, HeisenbridgeObjects.name(community),
          HeisenbridgeObjects.REGISTRATION_FILE));
    }
    return registrations;
  }

  public static Map<String, String> configFiles(WestchatCommunity community) {
    List<String> appserviceFiles = appserviceFiles(community);
    String baseUrl = new CommunityHosts(community.getSpec().domain).matrixBaseUrl() + "/";
    Map<String, String> files = new TreeMap<>();
    files.put(HomeserverConfig.FILE, HomeserverConfig.render(community.getSpec(),
        HomeserverSite.inCluster(baseUrl, appserviceFiles)));
    files.put(HomeserverConfig.LOG_CONFIG_FILE, HomeserverConfig.logConfig());
    return files;
  }

  public static ConfigMap configMap(WestchatCommunity community, Map<String, String> files) {
    return ComponentObjects.configMap(community, COMPONENT, name(community), files);
  }

  public static PersistentVolumeClaim mediaClaim(WestchatCommunity community) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
          .withName(mediaClaimName(community))
          .withNamespace(community.getMetadata().getNamespace())
          .withLabels(CommunityLabels.of(community, COMPONENT))
        .endMetadata()
        .withNewSpec()
          .withAccessModes("ReadWriteOnce")
          .withStorageClassName(community.getSpec().matrix.media.storageClassName)
          .withNewResources().addToRequests("storage", new Quantity(community.getSpec().matrix.media.storageOr(MatrixSpec.MEDIA_STORAGE))).endResources()
        .endSpec()
        .build();
  }

  public static Service service(WestchatCommunity community) {
    return ComponentObjects.service(community, COMPONENT, name(community), "http", HomeserverSite.PORT);
  }

  /** One replica that replaces itself (Recreate): the media volume can be mounted by one pod only. */
  public static Deployment deployment(WestchatCommunity community, Map<String, String> configFiles) {
    String image = Images.orDefault(community.getSpec().images.synapse, Images.SYNAPSE);
    PodSpec pod = new PodSpecBuilder()
        .withSecurityContext(PodSecurity.pod(UID))
        .addToInitContainers(databaseWait(community, image))
        .addToContainers(new ContainerBuilder()
            .withName("synapse")
            .withImage(image)
            .withCommand("python", "-m", "synapse.app.homeserver")
            .withArgs("--config-path", CONFIG_DIR + "/" + HomeserverConfig.FILE)
            .withEnv(DatabaseConnection.environment(community))
            .addNewPort().withName("http").withContainerPort(HomeserverSite.PORT).endPort()
            .withNewStartupProbe()
              .withNewHttpGet().withPath("/health").withPort(new IntOrString(HomeserverSite.PORT)).endHttpGet()
              .withPeriodSeconds(5).withFailureThreshold(60)
            .endStartupProbe()
            .withNewReadinessProbe()
              .withNewHttpGet().withPath("/health").withPort(new IntOrString(HomeserverSite.PORT)).endHttpGet()
              .withPeriodSeconds(10)
            .endReadinessProbe()
            .withNewLivenessProbe()
              .withNewHttpGet().withPath("/health").withPort(new IntOrString(HomeserverSite.PORT)).endHttpGet()
              .withPeriodSeconds(30).withFailureThreshold(4)
            .endLivenessProbe()
            .withResources(DEFAULT_RESOURCES.with(community.getSpec().matrix.resources))
            .withSecurityContext(PodSecurity.container())
            .addNewVolumeMount().withName("config").withMountPath(CONFIG_DIR).withReadOnly(true).endVolumeMount()
            .addNewVolumeMount().withName("secrets").withMountPath(SECRETS_DIR).withReadOnly(true).endVolumeMount()
            .addNewVolumeMount().withName("media").withMountPath(MEDIA_DIR).endVolumeMount()
            .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
            .build())
        .addNewVolume().withName("config").withNewConfigMap().withName(name(community)).endConfigMap().endVolume()
        .addNewVolume().withName("secrets").withNewSecret().withSecretName(SynapseSecrets.name(community)).endSecret().endVolume()
        .addNewVolume().withName("media").withNewPersistentVolumeClaim().withClaimName(mediaClaimName(community))
          .endPersistentVolumeClaim().endVolume()
        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
        .build();
    Deployment deployment = ComponentObjects.deployment(community, COMPONENT, name(community), configFiles, "Recreate", pod);
    mountRegistrations(community, deployment);
    return deployment;
  }

  /** The init container that holds Synapse back until its database accepts a login. */
  static final String DATABASE_WAIT = "wait-for-database";

  /**
   * Synapse exits when its database refuses it at start, so a new community's Synapse crash-looped
   * while PostgreSQL initialised (seen on a real node). This waits with Synapse's own image and
   * libpq settings (PGHOST, PGUSER, ... from the same environment), saying what it waits for.
   */
  private static io.fabric8.kubernetes.api.model.Container databaseWait(WestchatCommunity community, String image) {
    String script = String.join("\n",
        "import os, time, psycopg2",
        "while True:",
        "    try:",
        "        psycopg2.connect('', connect_timeout=3).close()",
        "        break",
        "    except psycopg2.OperationalError as e:",
        "        print('waiting for PostgreSQL at %s:%s: %s' % (os.environ.get('PGHOST'), os.environ.get('PGPORT'),"
            + " str(e).strip()), flush=True)",
        "        time.sleep(2)");
    return new ContainerBuilder()
        .withName(DATABASE_WAIT)
        .withImage(image)
        .withCommand("python", "-c", script)
        .withEnv(DatabaseConnection.environment(community))
        .withResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("10m")).addToRequests("memory", new Quantity("32Mi"))
            .addToLimits("memory", new Quantity("64Mi")).build())
        .withSecurityContext(PodSecurity.container())
        .build();
  }

  /** Each active bridge's registration file, from its Secret, where homeserver.yaml lists it. */
  private static void mountRegistrations(WestchatCommunity community, Deployment deployment) {
    var pod = deployment.getSpec().getTemplate().getSpec();
    for (MountedRegistration registration : registrations(community)) {
      String volume = "registration-" + registration.component();
      pod.getVolumes().add(new VolumeBuilder().withName(volume)
          .withNewSecret().withSecretName(registration.secretName())
            .addNewItem().withKey(registration.file()).withPath(registration.file()).endItem()
          .endSecret().build());
      pod.getContainers().get(0).getVolumeMounts().add(new VolumeMountBuilder()
          .withName(volume).withMountPath(APPSERVICES_DIR + "/" + registration.component()).withReadOnly(true).build());
    }
  }
}
