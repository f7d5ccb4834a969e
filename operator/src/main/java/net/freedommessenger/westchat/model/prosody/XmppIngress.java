package net.freedommessenger.westchat.model.prosody;

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
 * Makes XMPP file sharing reachable: all of upload.&lt;domain&gt; goes to Prosody's HTTP port, where
 * clients put the files they share and others fetch them. TLS as for Matrix: with a cert-manager
 * issuer, cert-manager fills the tls Secret; without one, the Ingress serves plain HTTP.
 */
public final class XmppIngress {

  /** nginx ingress refuses request bodies above 1 MiB unless told otherwise. */
  static final String NGINX_BODY_SIZE = "nginx.ingress.kubernetes.io/proxy-body-size";

  private XmppIngress() {}

  public static String name(WestchatCommunity community) {
    return community.getMetadata().getName() + "-upload";
  }

  public static String tlsSecretName(WestchatCommunity community) {
    return community.getMetadata().getName() + "-upload-tls";
  }

  public static Ingress ingress(WestchatCommunity community) {
    String host = new CommunityHosts(community.getSpec().domain).uploadHost();
    Expose expose = community.getSpec().expose;
    IssuerRef issuer = expose.tls == null ? null : expose.tls.issuerRef;
    IngressBuilder ingress = new IngressBuilder()
        .withNewMetadata()
          .withName(name(community))
          .withNamespace(community.getMetadata().getNamespace())
          .withLabels(CommunityLabels.of(community, ProsodyObjects.COMPONENT))
          .withAnnotations(annotations(community, issuer))
        .endMetadata()
        .withNewSpec()
          .withIngressClassName(expose.ingressClassName)
          .addNewRule()
            .withHost(host)
            .withNewHttp()
              .addNewPath()
                .withPath("/")
                .withPathType("Prefix")
                .withNewBackend().withNewService().withName(ProsodyObjects.name(community))
                  .withNewPort().withNumber(ProsodySite.HTTP_PORT).endPort().endService().endBackend()
              .endPath()
            .endHttp()
          .endRule()
        .endSpec();
    if (issuer != null) {
      ingress.editSpec().addNewTl().withHosts(host).withSecretName(tlsSecretName(community)).endTl().endSpec();
    }
    return ingress.build();
  }

  private static Map<String, String> annotations(WestchatCommunity community, IssuerRef issuer) {
    Map<String, String> annotations = new TreeMap<>();
    if (issuer != null) {
      annotations.put("ClusterIssuer".equals(issuer.kind) ? "cert-manager.io/cluster-issuer" : "cert-manager.io/issuer",
          issuer.name);
    }
    // a little above the largest file, for the request's own headers
    annotations.put(NGINX_BODY_SIZE, (community.getSpec().xmpp.uploads.maxFileSizeMiB + 1) + "m");
    return annotations;
  }
}
