package net.freedommessenger.westchat.model.workload;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;

/** The objects every component has in the same shape: metadata, a config map, a Service, a Deployment. */
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
}
