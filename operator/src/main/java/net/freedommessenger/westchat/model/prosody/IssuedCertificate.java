package net.freedommessenger.westchat.model.prosody;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A cert-manager.io/v1 Certificate, held as a generic resource (the operator does not depend on
 * cert-manager's classes) but typed by these annotations. The type lets the client name the
 * resource without asking the API server which kinds it serves, so a cluster without cert-manager
 * costs the operator nothing as long as no community names an issuer. Certificates live in the
 * namespace of their community.
 */
@Group(XmppCertificate.GROUP)
@Version(XmppCertificate.VERSION)
@Kind(XmppCertificate.KIND)
@Plural("certificates")
public class IssuedCertificate extends GenericKubernetesResource implements Namespaced {
}
