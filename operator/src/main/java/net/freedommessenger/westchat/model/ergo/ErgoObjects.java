package net.freedommessenger.westchat.model.ergo;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.api.spec.IrcSpec;
import net.freedommessenger.westchat.api.spec.ServiceExposure;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;
import net.freedommessenger.westchat.model.workload.ComponentObjects;
import net.freedommessenger.westchat.model.workload.ConfigHash;
import net.freedommessenger.westchat.model.workload.ContainerResources;
import net.freedommessenger.westchat.model.workload.PodSecurity;

/**
 * The Kubernetes objects of a community's Ergo: its config (a Secret, as it holds the opers'
 * password hashes), one StatefulSet with the account and channel database on a volume, the
 * plain-IRC Service for the bridges inside the cluster, and the IRC-over-TLS Service for people.
 */
public final class ErgoObjects {

  public static final String COMPONENT = "ergo";
  /** On the pod template: a digest of the certificate, so a renewed one restarts Ergo. */
  public static final String CERTIFICATE_HASH_ANNOTATION = ConfigHash.CERTIFICATE_ANNOTATION;
  static final String CONFIG_DIR = "/config";
  static final String TLS_DIR = "/tls";
  static final String DATA_DIR = "/ircd";
  static final String BINARY = "/ircd-bin/ergo";
  /** A fixed unprivileged uid: Ergo writes nothing but its data volume. */
  static final long UID = 2230;
  static final ContainerResources DEFAULT_RESOURCES = new ContainerResources("50m", "64Mi", null, "256Mi");

  private ErgoObjects() {}

  /** The StatefulSet, its config Secret and the plain-IRC Service. */
  public static String name(WestchatCommunity community) {
    return community.getMetadata().getName() + "-ergo";
  }

  /** The Service for IRC over TLS, the address people connect to. */
  public static String tlsServiceName(WestchatCommunity community) {
    return community.getMetadata().getName() + "-irc";
  }

  /**
   * ircd.yaml and the message of the day, for the cluster.
   *
   * @param existing Secrets as they are: the account Secrets give the opers' passwords, and this
   *     config's own Secret the hashes to keep
   */
  public static Map<String, String> configFiles(WestchatCommunity community, ExistingSecrets existing,
      SecretGenerator generator) {
    String previous = files(existing.dataOf(name(community))).get(IrcdConfig.FILE);
    Map<String, String> files = new TreeMap<>();
    files.put(IrcdConfig.FILE, IrcdConfig.render(community.getSpec(),
        ErgoSite.inCluster(),
        IrcOperators.of(community, existing, IrcdConfig.operHashes(previous), generator)));
    files.put(IrcdConfig.MOTD_FILE, IrcdConfig.motd(community.getSpec()));
    return files;
  }

  public static Secret configSecret(WestchatCommunity community, Map<String, String> files) {
    Map<String, String> data = new TreeMap<>();
    files.forEach((file, text) -> data.put(file, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withMetadata(ComponentObjects.metadata(community, COMPONENT, name(community)))
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** The files of a config Secret's base64 data. */
  public static Map<String, String> files(Map<String, String> secretData) {
    Map<String, String> files = new TreeMap<>();
    if (secretData != null) {
      secretData.forEach((file, value) -> files.put(file, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    }
    return files;
  }

  /** Plain IRC for the bridges; a ClusterIP Service, so it never leaves the cluster. */
  public static Service plainService(WestchatCommunity community) {
    return ComponentObjects.service(community, COMPONENT, name(community), "irc", ErgoSite.PLAIN_PORT);
  }

  /**
   * IRC over TLS, of the type spec.irc.serviceType names. A LoadBalancer keeps the client's address
   * (externalTrafficPolicy Local), so Ergo's per-address limits apply to people, not to a node.
   */
  public static Service tlsService(WestchatCommunity community) {
    ServiceExposure type = community.getSpec().irc.serviceType;
    ServiceBuilder service = new ServiceBuilder(
        ComponentObjects.service(community, COMPONENT, tlsServiceName(community), "ircs", ErgoSite.TLS_PORT))
        .editSpec().withType(type.name()).endSpec();
    if (type == ServiceExposure.LoadBalancer) {
      service.editSpec().withExternalTrafficPolicy("Local").endSpec();
    }
    return service.build();
  }

  /**
   * One replica: Ergo keeps its database in a single file. A config change rolls the pod through
   * the config hash; so does a renewed certificate, when its Secret is known (certificateData):
   * an issued one or the operator's self-signed one, whose Secrets carry the community's labels.
   *
   * @param configFiles the files of the config Secret
   * @param certificateData the data of the certificate Secret, when the operator can see it
   */
  public static StatefulSet statefulSet(WestchatCommunity community, Map<String, String> configFiles,
      Optional<Map<String, String>> certificateData) {
    String image = Images.orDefault(community.getSpec().images.ergo, Images.ERGO);
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(ConfigHash.ANNOTATION, ConfigHash.of(configFiles));
    certificateData.ifPresent(data -> annotations.put(CERTIFICATE_HASH_ANNOTATION, ConfigHash.of(data)));

    ContainerBuilder container = new ContainerBuilder()
        .withName("ergo")
        .withImage(image)
        .withCommand(BINARY, "run", "--conf", CONFIG_DIR + "/" + IrcdConfig.FILE)
        .withWorkingDir(DATA_DIR)
        .addToPorts(new ContainerPortBuilder().withName("irc").withContainerPort(ErgoSite.PLAIN_PORT).build())
        .addToPorts(new ContainerPortBuilder().withName("ircs").withContainerPort(ErgoSite.TLS_PORT).build())
        .withNewReadinessProbe()
          .withNewTcpSocket().withPort(new IntOrString(ErgoSite.PLAIN_PORT)).endTcpSocket()
          .withPeriodSeconds(10)
        .endReadinessProbe()
        .withNewLivenessProbe()
          .withNewTcpSocket().withPort(new IntOrString(ErgoSite.PLAIN_PORT)).endTcpSocket()
          .withInitialDelaySeconds(10).withPeriodSeconds(20).withFailureThreshold(3)
        .endLivenessProbe()
        .withResources(DEFAULT_RESOURCES.with(community.getSpec().irc.resources))
        .withSecurityContext(PodSecurity.container())
        .addNewVolumeMount().withName("config").withMountPath(CONFIG_DIR).withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName("data").withMountPath(DATA_DIR).endVolumeMount()
        .addNewVolumeMount().withName("tls").withMountPath(TLS_DIR).withReadOnly(true).endVolumeMount();
    PodSpecBuilder pod = new PodSpecBuilder()
        .withSecurityContext(PodSecurity.pod(UID))
        .withEnableServiceLinks(false)
        .withAutomountServiceAccountToken(false)
        .addNewVolume().withName("config").withNewSecret().withSecretName(name(community)).endSecret().endVolume()
        .addNewVolume().withName("tls").withNewSecret().withSecretName(IrcCertificate.secretName(community)).endSecret().endVolume()
        .addToContainers(container.build());

    return ComponentObjects.statefulSet(community, COMPONENT, name(community), annotations, pod.build(),
        community.getSpec().irc.storage.storageOr(IrcSpec.STORAGE), community.getSpec().irc.storage.storageClassName);
  }
}
