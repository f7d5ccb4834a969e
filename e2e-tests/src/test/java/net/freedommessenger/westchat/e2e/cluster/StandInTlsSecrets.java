package net.freedommessenger.westchat.e2e.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.servers.TestCertificate;

/**
 * Where pods really run, a community's pods wait for the TLS Secrets that cert-manager (not
 * installed in the test clusters) or the admin would provide: this stands in for them with a
 * self-signed certificate for the domain and its subdomains, made once per Secret.
 */
final class StandInTlsSecrets {

  private StandInTlsSecrets() {}

  /** Every Secret a pod of the objects mounts that is not among them gets a certificate, once. */
  static void supply(KubernetesClient client, Path workDirectory, String namespace, List<HasMetadata> expected) {
    Set<String> made = new LinkedHashSet<>();
    expected.stream().filter(o -> o instanceof Secret).forEach(o -> made.add(o.getMetadata().getName()));
    Set<String> mounted = new LinkedHashSet<>();
    for (HasMetadata object : expected) {
      PodSpec pod = object instanceof Deployment d ? d.getSpec().getTemplate().getSpec()
          : object instanceof StatefulSet s ? s.getSpec().getTemplate().getSpec() : null;
      if (pod != null && pod.getVolumes() != null) {
        pod.getVolumes().forEach(v -> mounted.addAll(secretsOf(v)));
      }
    }
    mounted.removeAll(made);
    if (mounted.isEmpty()) {
      return;
    }
    WestchatCommunity community = client.resources(WestchatCommunity.class).inNamespace(namespace).list().getItems().get(0);
    String domain = community.getSpec().domain;
    for (String name : mounted) {
      if (client.secrets().inNamespace(namespace).withName(name).get() == null) {
        client.resource(tlsSecret(workDirectory, namespace, name, domain)).create();
      }
    }
  }

  /** The Secrets a volume needs, leaving out those marked optional. */
  private static List<String> secretsOf(Volume volume) {
    if (volume.getSecret() != null && !Boolean.TRUE.equals(volume.getSecret().getOptional())) {
      return List.of(volume.getSecret().getSecretName());
    }
    if (volume.getProjected() != null) {
      return volume.getProjected().getSources().stream()
          .filter(s -> s.getSecret() != null && !Boolean.TRUE.equals(s.getSecret().getOptional()))
          .map(s -> s.getSecret().getName()).toList();
    }
    return List.of();
  }

  private static Secret tlsSecret(Path workDirectory, String namespace, String name, String domain) {
    Path pem = workDirectory.resolve("tls").resolve(namespace + "-" + name);
    try {
      Files.createDirectories(pem);
      TestCertificate.selfSigned(pem, domain, "*." + domain).writePem(pem.resolve("tls.crt"), pem.resolve("tls.key"));
      return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
          .withType("kubernetes.io/tls")
          .withStringData(Map.of("tls.crt", Files.readString(pem.resolve("tls.crt")),
              "tls.key", Files.readString(pem.resolve("tls.key"))))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
