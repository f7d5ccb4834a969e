package net.freedommessenger.westchat.model.prosody;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.WestchatCommunitySpec;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.bridges.ActiveBridges;
import net.freedommessenger.westchat.model.bridges.BiboumiConfig;
import net.freedommessenger.westchat.model.bridges.BiboumiSite;
import net.freedommessenger.westchat.model.ergo.ErgoObjects;
import net.freedommessenger.westchat.model.workload.ComponentObjects;
import net.freedommessenger.westchat.model.workload.ConfigHash;
import net.freedommessenger.westchat.model.workload.ContainerResources;
import net.freedommessenger.westchat.model.workload.PodSecurity;

/**
 * The Kubernetes objects of a community's Prosody: its config, one StatefulSet with the data
 * volume, a Service for clients and other servers, and one for the file-sharing HTTP port.
 */
public final class ProsodyObjects {

  public static final String COMPONENT = "prosody";
  static final String CONFIG_DIR = "/config";
  static final String DATA_DIR = "/var/lib/prosody";
  static final String TLS_DIR = "/tls";
  static final String ACCOUNTS_DIR = "/accounts";
  /**
   * The uid Prosody runs as. The image's own prosody user differs between image builds (its
   * entrypoint changes it as root, which the restricted standard forbids); Prosody needs no user
   * entry, as everything it writes is on the data volume, owned by the pod's group.
   */
  static final long UID = 1000;
  static final ContainerResources DEFAULT_RESOURCES = new ContainerResources("50m", "128Mi", null, "512Mi");
  static final ContainerResources BIBOUMI_RESOURCES = new ContainerResources("20m", "32Mi", null, "128Mi");
  /** Where the Biboumi image (the default, or one made as docs/biboumi-image.md says) looks for its config. */
  static final String BIBOUMI_CONFIG_DIR = "/etc/biboumi";
  /** Prosody's data volume, where Biboumi's SQLite file sits beside Prosody's own data. */
  static final String BIBOUMI_DATA_DIR = "/var/lib/biboumi";
  static final ContainerResources ACCOUNTS_RESOURCES = new ContainerResources("10m", "32Mi", null, "128Mi");

  private ProsodyObjects() {}

  public static String name(WestchatCommunity community) {
    return community.getMetadata().getName() + "-prosody";
  }

  /** The Service clients (5222) and other servers (5269) connect to. */
  public static String xmppServiceName(WestchatCommunity community) {
    return community.getMetadata().getName() + "-xmpp";
  }

  /** Everything in the ConfigMap: prosody.cfg.lua, the accounts script, and the allow-list module when needed. */
  public static Map<String, String> configFiles(WestchatCommunity community) {
    String uploadBaseUrl = "https://" + new CommunityHosts(community.getSpec().domain).uploadHost() + "/";
    return configFiles(community, ProsodySite.inCluster(uploadBaseUrl));
  }

  /** The same files for another site, such as a Prosody on loopback in the interop tests. */
  public static Map<String, String> configFiles(WestchatCommunity community, ProsodySite site) {
    Map<String, String> files = new TreeMap<>();
    files.put(ProsodyConfig.FILE, ProsodyConfig.render(community.getSpec(), site));
    files.put(ProsodyAccounts.SCRIPT, ProsodyAccounts.script());
    if (ProsodyConfig.federationAllowList(community.getSpec())) {
      files.put(FederationAllowList.FILE, FederationAllowList.source());
    }
    if (ActiveBridges.biboumi(community.getSpec())) {
      files.put(BiboumiConfig.FILE, BiboumiConfig.render(community.getSpec(), biboumiSite(community)));
    }
    return files;
  }

  public static ConfigMap configMap(WestchatCommunity community, Map<String, String> files) {
    return new ConfigMapBuilder()
        .withNewMetadata()
          .withName(name(community))
          .withNamespace(community.getMetadata().getNamespace())
          .withLabels(CommunityLabels.of(community, COMPONENT))
        .endMetadata()
        .withData(files)
        .build();
  }

  /** Plain HTTP for shared files, reached through the upload Ingress; also the StatefulSet's governing Service. */
  public static Service httpService(WestchatCommunity community) {
    return new ServiceBuilder()
        .withNewMetadata()
          .withName(name(community))
          .withNamespace(community.getMetadata().getNamespace())
          .withLabels(CommunityLabels.of(community, COMPONENT))
        .endMetadata()
        .withNewSpec()
          .withSelector(CommunityLabels.of(community, COMPONENT))
          .addToPorts(port("http", ProsodySite.HTTP_PORT))
        .endSpec()
        .build();
  }

  /** Clients and, with federation, other servers: one Service, so both reach the same address. */
  public static Service xmppService(WestchatCommunity community) {
    List<ServicePort> ports = new ArrayList<>(List.of(port("xmpp-client", ProsodySite.CLIENT_PORT)));
    if (community.getSpec().federation.enabled) {
      ports.add(port("xmpp-server", ProsodySite.SERVER_PORT));
    }
    return new ServiceBuilder()
        .withNewMetadata()
          .withName(xmppServiceName(community))
          .withNamespace(community.getMetadata().getNamespace())
          .withLabels(CommunityLabels.of(community, COMPONENT))
        .endMetadata()
        .withNewSpec()
          .withType(community.getSpec().xmpp.serviceType.name())
          .withSelector(CommunityLabels.of(community, COMPONENT))
          .withPorts(ports)
        .endSpec()
        .build();
  }

  /**
   * One replica: the accounts are created by an init container, then Prosody runs in the
   * foreground. The data volume comes from the claim template and outlives the StatefulSet
   * unless dataRetention is Delete. A config change rolls the pod through the config hash; so does
   * a renewed certificate, when the operator sees its Secret (certificateData): the self-signed
   * one it makes; cert-manager's Secret for Prosody and a Secret of the user's are not watched.
   *
   * @param certificateData the data of the certificate Secret, when the operator can see it
   */
  public static StatefulSet statefulSet(WestchatCommunity community, Map<String, String> configFiles,
      Optional<Map<String, String>> certificateData) {
    WestchatCommunitySpec spec = community.getSpec();
    PodSpec pod = new PodSpecBuilder()
        .withSecurityContext(PodSecurity.pod(UID))
        .addToInitContainers(accountsContainer(community))
        .addToContainers(prosodyContainer(community))
        .addAllToContainers(ActiveBridges.biboumi(spec) ? List.of(biboumiContainer(community)) : List.of())
        .addNewVolume().withName("config").withNewConfigMap().withName(name(community)).endConfigMap().endVolume()
        .addNewVolume().withName("tls").withNewSecret().withSecretName(XmppCertificate.secretName(community))
          .withDefaultMode(ProsodyAccounts.FILE_MODE).endSecret().endVolume()
        .addToVolumes(ProsodyAccounts.passwordFiles(community, "accounts"))
        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
        .build();
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(ConfigHash.ANNOTATION, ConfigHash.of(configFiles));
    certificateData.ifPresent(data -> annotations.put(ConfigHash.CERTIFICATE_ANNOTATION, ConfigHash.of(data)));
    return ComponentObjects.statefulSet(community, COMPONENT, name(community), annotations, pod, spec.xmpp.uploads.storage,
        spec.xmpp.uploads.storageClassName);
  }

  private static Container accountsContainer(WestchatCommunity community) {
    return new ContainerBuilder()
        .withName("accounts")
        .withImage(image(community))
        .withCommand("sh", CONFIG_DIR + "/" + ProsodyAccounts.SCRIPT, CONFIG_DIR + "/" + ProsodyConfig.FILE, ACCOUNTS_DIR,
            community.getSpec().domain)
        .withResources(ACCOUNTS_RESOURCES.with(null))
        .withSecurityContext(PodSecurity.container())
        .addNewVolumeMount().withName("config").withMountPath(CONFIG_DIR).withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName("accounts").withMountPath(ACCOUNTS_DIR).withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName("data").withMountPath(DATA_DIR).endVolumeMount()
        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
        .build();
  }

  private static Container prosodyContainer(WestchatCommunity community) {
    WestchatCommunitySpec spec = community.getSpec();
    List<ContainerPort> ports = new ArrayList<>();
    ports.add(containerPort("xmpp-client", ProsodySite.CLIENT_PORT));
    if (spec.federation.enabled) {
      ports.add(containerPort("xmpp-server", ProsodySite.SERVER_PORT));
    }
    ports.add(containerPort("http", ProsodySite.HTTP_PORT));
    List<EnvVar> env = new ArrayList<>();
    if (ProsodyConfig.ircGateway(spec)) {
      env.add(new EnvVarBuilder().withName(ProsodyConfig.GATEWAY_SECRET_VARIABLE)
          .withNewValueFrom().withNewSecretKeyRef().withName(ProsodySecrets.name(community))
          .withKey(ProsodySecrets.COMPONENT_SECRET).endSecretKeyRef().endValueFrom()
          .build());
    }
    IntOrString clientPort = new IntOrString(ProsodySite.CLIENT_PORT);
    return new ContainerBuilder()
        .withName("prosody")
        .withImage(image(community))
        .withCommand("prosody", "-F", "--config", CONFIG_DIR + "/" + ProsodyConfig.FILE)
        .withEnv(env)
        .withPorts(ports)
        .withNewStartupProbe()
          .withNewTcpSocket().withPort(clientPort).endTcpSocket()
          .withPeriodSeconds(5).withFailureThreshold(24)
        .endStartupProbe()
        .withNewReadinessProbe()
          .withNewTcpSocket().withPort(clientPort).endTcpSocket()
          .withPeriodSeconds(10)
        .endReadinessProbe()
        .withNewLivenessProbe()
          .withNewTcpSocket().withPort(clientPort).endTcpSocket()
          .withPeriodSeconds(30).withFailureThreshold(4)
        .endLivenessProbe()
        .withResources(DEFAULT_RESOURCES.with(spec.xmpp.resources))
        .withSecurityContext(PodSecurity.container())
        .addNewVolumeMount().withName("config").withMountPath(CONFIG_DIR).withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName("tls").withMountPath(TLS_DIR).withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName("data").withMountPath(DATA_DIR).endVolumeMount()
        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
        .build();
  }

  /**
   * Biboumi in Prosody's pod, where it reaches the component port on loopback. It reads its config
   * from the ConfigMap, the component secret from Prosody's Secret (through its environment, never
   * a file of the ConfigMap) and keeps its users' settings next to Prosody's data.
   */
  private static Container biboumiContainer(WestchatCommunity community) {
    return new ContainerBuilder()
        .withName("biboumi")
        .withImage(biboumiImage(community))
        .withArgs(BIBOUMI_CONFIG_DIR + "/" + BiboumiConfig.FILE)
        .addNewEnv().withName(BiboumiConfig.PASSWORD_VARIABLE)
          .withNewValueFrom().withNewSecretKeyRef().withName(ProsodySecrets.name(community))
          .withKey(ProsodySecrets.COMPONENT_SECRET).endSecretKeyRef().endValueFrom()
        .endEnv()
        .withResources(BIBOUMI_RESOURCES.with(community.getSpec().bridges.xmppIrc.resources))
        .withSecurityContext(PodSecurity.container())
        .addNewVolumeMount().withName("config").withMountPath(BIBOUMI_CONFIG_DIR).withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName("data").withMountPath(BIBOUMI_DATA_DIR).endVolumeMount()
        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
        .build();
  }

  /** Biboumi in the Prosody pod: Prosody's component port, the community's Ergo by its plain Service. */
  public static BiboumiSite biboumiSite(WestchatCommunity community) {
    return new BiboumiSite(ProsodySite.COMPONENT_PORT, ErgoObjects.name(community),
        BIBOUMI_DATA_DIR + "/biboumi.sqlite", BIBOUMI_CONFIG_DIR);
  }

  private static String image(WestchatCommunity community) {
    return Images.orDefault(community.getSpec().images.prosody, Images.PROSODY);
  }

  private static String biboumiImage(WestchatCommunity community) {
    return Images.orDefault(community.getSpec().images.biboumi, Images.BIBOUMI);
  }

  private static ServicePort port(String name, int port) {
    return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(port)).build();
  }

  private static ContainerPort containerPort(String name, int port) {
    return new ContainerPortBuilder().withName(name).withContainerPort(port).build();
  }
}
