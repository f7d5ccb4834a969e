package net.freedommessenger.westchat.model.synapse;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.Map;
import java.util.TreeMap;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Expose;
import net.freedommessenger.westchat.api.spec.IssuerRef;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.CommunityLabels;

/**
 * Makes Matrix reachable: all of matrix.&lt;domain&gt; goes to Synapse, and the delegation files
 * under &lt;domain&gt;/.well-known/matrix, which tell clients and servers that the Matrix server of
 * &lt;domain&gt; lives at matrix.&lt;domain&gt;:443, go to {@link MatrixDelegation}.
 */
public final class MatrixIngress {

  static final String WELL_KNOWN_PATH = "/.well-known/matrix";

  private MatrixIngress() {}

  public static String name(WestchatCommunity community) {
    return community.getMetadata().getName() + "-matrix";
  }

  public static String tlsSecretName(WestchatCommunity community) {
    return community.getMetadata().getName() + "-matrix-tls";
  }

  public static Ingress ingress(WestchatCommunity community) {
    CommunityHosts hosts = new CommunityHosts(community.getSpec().domain);
    Expose expose = community.getSpec().expose;
    IssuerRef issuer = expose.tls == null ? null : expose.tls.issuerRef;
    IngressBuilder ingress = new IngressBuilder()
        .withNewMetadata()
          .withName(name(community))
          .withNamespace(community.getMetadata().getNamespace())
          .withLabels(CommunityLabels.of(community, SynapseObjects.COMPONENT))
          .withAnnotations(issuerAnnotations(issuer))
        .endMetadata()
        .withNewSpec()
          .withIngressClassName(expose.ingressClassName)
          .addNewRule()
            .withHost(hosts.matrixHost())
            .withNewHttp().withPaths(toService(SynapseObjects.name(community), HomeserverSite.PORT, "/")).endHttp()
          .endRule()
          .addNewRule()
            .withHost(community.getSpec().domain)
            .withNewHttp().withPaths(toService(MatrixDelegation.name(community), MatrixDelegation.PORT, WELL_KNOWN_PATH),
                // the community's front page, from the same nginx
                toService(MatrixDelegation.name(community), MatrixDelegation.PORT, "/")).endHttp()
          .endRule()
        .endSpec();
    if (issuer != null) {
      ingress.editSpec()
          .addNewTl().withHosts(hosts.matrixHost(), community.getSpec().domain).withSecretName(tlsSecretName(community)).endTl()
          .endSpec();
    }
    return ingress.build();
  }

  private static HTTPIngressPath toService(String service, int port, String path) {
    return new HTTPIngressPathBuilder()
        .withPath(path)
        .withPathType("Prefix")
        .withNewBackend().withNewService().withName(service).withNewPort().withNumber(port).endPort().endService().endBackend()
        .build();
  }

  /** cert-manager watches these annotations and issues the certificate into the tls Secret. */
  private static Map<String, String> issuerAnnotations(IssuerRef issuer) {
    Map<String, String> annotations = new TreeMap<>();
    if (issuer != null) {
      annotations.put("ClusterIssuer".equals(issuer.kind) ? "cert-manager.io/cluster-issuer" : "cert-manager.io/issuer",
          issuer.name);
    }
    return annotations;
  }
}
