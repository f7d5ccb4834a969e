package net.freedommessenger.westchat.model.workload;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.DataRetention;
import net.freedommessenger.westchat.model.CommunityLabels;

/** The objects every component has in the same shape: metadata, config map, Service, Deployment, StatefulSet. */
public final class ComponentObjects {

  private ComponentObjects() {}

  public static ObjectMeta metadata(WestchatCommunity community, String component, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(community.getMetadata().getNamespace())
        .withLabels(CommunityLabels.of(community, component))
        .build();
  }

  public static ConfigMap configMap(WestchatCommunity community, String component, String name, Map<String, String> files) {
    return new ConfigMapBuilder().withMetadata(metadata(community, component, name)).withData(files).build();
  }

  /** A ClusterIP Service selecting the component's pods, with one named port. */
  public static Service service(WestchatCommunity community, String component, String name, String portName, int port) {
    return new ServiceBuilder()
        .withMetadata(metadata(community, component, name))
        .withNewSpec()
          .withSelector(CommunityLabels.of(community, component))
          .addNewPort().withName(portName).withPort(port).withTargetPort(new IntOrString(port)).endPort()
        .endSpec()
        .build();
  }
  /**
   * One replica of a component, its pods labelled like the rest of the component and annotated with
   * the hash of its config files, so that a config change rolls them and nothing else does.
   *
   * @param strategy "Recreate" when the pod holds a volume only one pod may mount, else "RollingUpdate"
   */
  public static Deployment deployment(WestchatCommunity community, String component, String name,
      Map<String, String> configFiles, String strategy, PodSpec pod) {
    Map<String, String> labels = CommunityLabels.of(community, component);
    pod.setEnableServiceLinks(false);
    pod.setAutomountServiceAccountToken(false);
    return new DeploymentBuilder()
        .withMetadata(metadata(community, component, name))
        .withNewSpec()
          .withReplicas(1)
          .withNewStrategy().withType(strategy).endStrategy()
          .withNewSelector().withMatchLabels(labels).endSelector()
          .withNewTemplate()
            .withNewMetadata()
              .withLabels(labels)
              .withAnnotations(Map.of(ConfigHash.ANNOTATION, ConfigHash.of(configFiles)))
            .endMetadata()
            .withSpec(pod)
          .endTemplate()
        .endSpec()
        .build();
  }
  /**
   * One replica of a component that keeps data: its volume claim "data" of the given size, kept
   * when the StatefulSet goes unless the community's dataRetention is Delete.
   */
  public static StatefulSet statefulSet(WestchatCommunity community, String component, String name,
      Map<String, String> podAnnotations, PodSpec pod, String storage, String storageClassName) {
    Map<String, String> labels = CommunityLabels.of(community, component);
    pod.setEnableServiceLinks(false);
    pod.setAutomountServiceAccountToken(false);
    boolean deleteData = community.getSpec().dataRetention == DataRetention.DELETE;
    return new StatefulSetBuilder()
        .withMetadata(metadata(community, component, name))
        .withNewSpec()
          .withReplicas(1)
          .withServiceName(name)
          .withNewSelector().withMatchLabels(labels).endSelector()
          .withNewPersistentVolumeClaimRetentionPolicy()
            .withWhenDeleted(deleteData ? "Delete" : "Retain")
            .withWhenScaled("Retain")
          .endPersistentVolumeClaimRetentionPolicy()
          .withNewTemplate()
            .withNewMetadata().withLabels(labels).withAnnotations(podAnnotations).endMetadata()
            .withSpec(pod)
          .endTemplate()
          .addNewVolumeClaimTemplate()
            .withNewMetadata().withName("data").withLabels(labels).endMetadata()
            .withNewSpec()
              .withAccessModes("ReadWriteOnce")
              .withStorageClassName(storageClassName)
              .withNewResources().addToRequests("storage", new Quantity(storage)).endResources()
            .endSpec()
          .endVolumeClaimTemplate()
        .endSpec()
        .build();
  }
}
