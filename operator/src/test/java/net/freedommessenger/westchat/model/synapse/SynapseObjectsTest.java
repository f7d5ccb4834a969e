package net.freedommessenger.westchat.model.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.model.CommunityObjects;
import net.freedommessenger.westchat.model.TestCommunities;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.PlaceholderSecretGenerator;
import net.freedommessenger.westchat.model.workload.ConfigHash;
import org.junit.jupiter.api.Test;

/** The Matrix part's objects, read like a table. */
class SynapseObjectsTest {

  static List<HasMetadata> objects(WestchatCommunity community) {
    return CommunityObjects.desired(community, ExistingSecrets.NONE, new PlaceholderSecretGenerator());
  }

  static List<String> kindsAndNames(List<HasMetadata> objects) {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  static Deployment deployment(WestchatCommunity community) {
    return SynapseObjects.deployment(community, SynapseObjects.configFiles(community));
  }

  static Map<String, EnvVar> env(Container container) {
    return container.getEnv().stream().collect(java.util.stream.Collectors.toMap(EnvVar::getName, e -> e));
  }

  @Test
  void minimalCommunityHasSynapseAndAManagedDatabase() {
    List<String> names = kindsAndNames(objects(TestCommunities.minimalWith("")));
    for (String expected : List.of("ConfigMap/westchat-synapse", "Deployment/westchat-synapse", "Ingress/westchat-matrix",
        "PersistentVolumeClaim/westchat-synapse-media", "Secret/westchat-synapse", "Secret/westchat-postgres",
        "Service/westchat-synapse", "Service/westchat-postgres", "StatefulSet/westchat-postgres")) {
      assertTrue(names.contains(expected), expected + " in " + names);
    }
  }

  @Test
  void externalDatabaseDeploysNoPostgresAndReadsTheUsersSecret() {
    WestchatCommunity community = TestCommunities.minimalWith("matrix: {database: {external: {secretRef: {name: my-pg}}}}");
    List<String> names = kindsAndNames(objects(community));
    assertFalse(names.stream().anyMatch(n -> n.contains("postgres")), names.toString());
    Map<String, EnvVar> env = env(deployment(community).getSpec().getTemplate().getSpec().getContainers().get(0));
    for (String variable : List.of("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD")) {
      assertEquals("my-pg", env.get(variable).getValueFrom().getSecretKeyRef().getName(), variable);
    }
  }

  @Test
  void managedDatabaseIsReachedThroughItsServiceAndSecret() {
    Map<String, EnvVar> env = env(deployment(TestCommunities.minimalWith("")).getSpec().getTemplate().getSpec().getContainers().get(0));
    assertEquals("westchat-postgres", env.get("PGHOST").getValue());
    assertEquals("5432", env.get("PGPORT").getValue());
    assertEquals("westchat-postgres", env.get("PGPASSWORD").getValueFrom().getSecretKeyRef().getName());
    assertNull(env.get("PGPASSWORD").getValue(), "never inlined");
  }

  @Test
  void synapseWaitsForItsDatabaseWithItsOwnImageAndSettingsInsteadOfCrashLooping() {
    var pod = deployment(TestCommunities.minimalWith("")).getSpec().getTemplate().getSpec();
    Container wait = pod.getInitContainers().get(0);
    assertEquals(SynapseObjects.DATABASE_WAIT, wait.getName());
    assertEquals(pod.getContainers().get(0).getImage(), wait.getImage());
    assertEquals(env(pod.getContainers().get(0)).keySet(), env(wait).keySet(), "the same libpq settings");
    assertTrue(wait.getCommand().get(2).contains("psycopg2.connect"), wait.getCommand().toString());
    assertFalse(wait.getSecurityContext().getAllowPrivilegeEscalation());
    assertTrue(wait.getResources().getLimits().containsKey("memory"));
  }

  @Test
  void synapseSecretHoldsTheKeysGeneratedOnce() {
    Secret secret = SynapseSecrets.secret(TestCommunities.minimalWith(""), ExistingSecrets.NONE, new PlaceholderSecretGenerator());
    assertEquals(List.of("form_secret", "macaroon_secret_key", "registration_shared_secret", "signing.key"),
        List.copyOf(secret.getData().keySet()));
  }

  @Test
  void podMeetsTheRestrictedStandardAndProbesHealth() {
    var pod = deployment(TestCommunities.minimalWith("")).getSpec().getTemplate().getSpec();
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    Container synapse = pod.getContainers().get(0);
    assertFalse(synapse.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), synapse.getSecurityContext().getCapabilities().getDrop());
    assertEquals("/health", synapse.getReadinessProbe().getHttpGet().getPath());
    assertEquals("/health", synapse.getLivenessProbe().getHttpGet().getPath());
    assertEquals("2Gi", synapse.getResources().getLimits().get("memory").toString());
  }

  @Test
  void resourcesCanBeOverridden() {
    Container synapse = deployment(TestCommunities.minimalWith("matrix: {resources: {limits: {memory: 4Gi}, requests: {cpu: '1'}}}"))
        .getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("4Gi", synapse.getResources().getLimits().get("memory").toString());
    assertEquals("1", synapse.getResources().getRequests().get("cpu").toString());
    assertEquals("512Mi", synapse.getResources().getRequests().get("memory").toString(), "default kept");
  }

  @Test
  void aConfigChangeChangesThePodTemplateHash() {
    String invite = hash(TestCommunities.minimalWith(""));
    assertEquals(invite, hash(TestCommunities.minimalWith("")));
    assertNotEquals(invite, hash(TestCommunities.minimalWith("registration: open")));
  }

  static String hash(WestchatCommunity community) {
    return deployment(community).getSpec().getTemplate().getMetadata().getAnnotations().get(ConfigHash.ANNOTATION);
  }

  @Test
  void ingressServesMatrixAndTheDelegationFiles() {
    Ingress ingress = MatrixIngress.ingress(TestCommunities.sample("full.yaml"));
    assertEquals("nginx", ingress.getSpec().getIngressClassName());
    assertEquals("matrix.westchat.example.org", ingress.getSpec().getRules().get(0).getHost());
    assertEquals("westchat.example.org", ingress.getSpec().getRules().get(1).getHost());
    assertEquals("/.well-known/matrix", ingress.getSpec().getRules().get(1).getHttp().getPaths().get(0).getPath());
    assertEquals("letsencrypt", ingress.getMetadata().getAnnotations().get("cert-manager.io/cluster-issuer"));
    assertEquals(List.of("matrix.westchat.example.org", "westchat.example.org"), ingress.getSpec().getTls().get(0).getHosts());
  }

  @Test
  void withoutAnIssuerTheIngressHasNoTls() {
    Ingress ingress = MatrixIngress.ingress(TestCommunities.minimalWith(""));
    assertTrue(ingress.getSpec().getTls().isEmpty());
    assertTrue(ingress.getMetadata().getAnnotations().isEmpty());
  }

  @Test
  void matrixDisabledMeansNoMatrixObjects() {
    List<String> names = kindsAndNames(objects(TestCommunities.minimalWith(
        "matrix: {enabled: false}\nbridges: {matrixIrc: {enabled: false}}")));
    assertFalse(names.stream().anyMatch(n -> n.contains("synapse") || n.contains("postgres")), names.toString());
  }

  @Test
  void mediaGivenWithoutASizeGetsTheDefaultSize() {
    // found by CommunityFuzzTest: the CRD defaults the size only when matrix.media is left out
    PersistentVolumeClaim media = SynapseObjects.mediaClaim(TestCommunities.minimalWith("matrix: {media: {}}"));
    assertEquals(new Quantity("20Gi"), media.getSpec().getResources().getRequests().get("storage"));
  }
}
