package net.freedommessenger.westchat.dependent;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.freedommessenger.westchat.model.prosody.IssuedCertificate;

/**
 * Whether the API server serves cert-manager's Certificates. Asked through discovery only when a
 * community names an issuer and the answer is not known to be yes; once yes, it stays yes for that
 * API server (a cluster does not lose cert-manager while communities rely on it).
 */
public final class CertManagerPresence {

  private static final Set<String> FOUND = ConcurrentHashMap.newKeySet();

  private CertManagerPresence() {}

  /** What is known without asking: true once Certificates were found on this API server. */
  public static boolean known(KubernetesClient client) {
    return FOUND.contains(client.getMasterUrl().toString());
  }

  /** Asks the API server, unless Certificates were found there before. */
  public static boolean check(KubernetesClient client) {
    if (known(client)) {
      return true;
    }
    boolean served = client.supports(IssuedCertificate.class);
    if (served) {
      FOUND.add(client.getMasterUrl().toString());
    }
    return served;
  }
}
