package net.freedommessenger.westchat.model.ergo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * cert-manager's Certificate, known by its name only: the fields stay untyped as in any generic
 * resource. The name annotations let clients and informers reach the kind without asking the API
 * server's discovery, which fails for a kind the cluster does not serve.
 */
@Group("cert-manager.io")
@Version("v1")
@Kind("Certificate")
@Plural("certificates")
public class CertManagerCertificate extends GenericKubernetesResource implements Namespaced {

  public CertManagerCertificate() {
    setApiVersion(IrcCertificate.API_VERSION);
    setKind(IrcCertificate.KIND);
  }
}
