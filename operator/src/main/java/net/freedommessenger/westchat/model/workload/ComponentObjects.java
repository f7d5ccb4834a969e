package net.freedommessenger.westchat.model.workload;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityLabels;

/** The plain objects every component has in the same shape: metadata, a config map, a Service. */
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
}
