package net.freedommessenger.westchat.model.postgres;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.Images;
import net.freedommessenger.westchat.api.spec.ManagedDatabase;
import net.freedommessenger.westchat.model.CommunityLabels;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.KeptSecret;
import net.freedommessenger.westchat.model.secrets.SecretGenerator;
import net.freedommessenger.westchat.model.secrets.SecretKeys;
import net.freedommessenger.westchat.model.secrets.SecretKind;
import net.freedommessenger.westchat.model.workload.ComponentObjects;
import net.freedommessenger.westchat.model.workload.ContainerResources;
import net.freedommessenger.westchat.model.workload.PodSecurity;

/**
 * The PostgreSQL server the operator runs when no external one is named: one StatefulSet with
 * its volume, a Service, and the password in a Secret. The database is initialised with UTF8
 * and the C collation, as Synapse requires.
 */
public final class ManagedPostgres {

  public static final String COMPONENT = "postgres";
  public static final int PORT = 5432;
  public static final String PASSWORD = "password";
  /** The uid of the postgres user in the official image. */
  static final long UID = 999;
  static final ContainerResources DEFAULT_RESOURCES = new ContainerResources("100m", "256Mi", null, "1Gi");

  private ManagedPostgres() {}

  public static String serviceName(WestchatCommunity community) {
    return community.getMetadata().getName() + "-postgres";
  }

  public static String secretName(WestchatCommunity community) {
    return community.getMetadata().getName() + "-postgres";
  }

  public static Secret secret(WestchatCommunity community, ExistingSecrets existing, SecretGenerator generator) {
    return KeptSecret.build(secretName(community), community.getMetadata().getNamespace(),
        CommunityLabels.of(community, COMPONENT), new SecretKeys().with(PASSWORD, SecretKind.PASSWORD), existing, generator);
  }

  public static Service service(WestchatCommunity community) {
    return ComponentObjects.service(community, COMPONENT, serviceName(community), "postgres", PORT);
  }

  public static StatefulSet statefulSet(WestchatCommunity community) {
    ManagedDatabase settings = community.getSpec().matrix.database.managed != null
        ? community.getSpec().matrix.database.managed : new ManagedDatabase();
    String image = Images.orDefault(community.getSpec().images.postgres, Images.POSTGRES);
    PodSpec pod = new PodSpecBuilder()
        .withSecurityContext(PodSecurity.pod(UID))
        .addToContainers(new ContainerBuilder()
            .withName("postgres")
            .withImage(image)
            .addNewEnv().withName("POSTGRES_USER").withValue(DatabaseConnection.SYNAPSE_USER).endEnv()
            .addNewEnv().withName("POSTGRES_DB").withValue(DatabaseConnection.SYNAPSE_DATABASE).endEnv()
            .addNewEnv().withName("POSTGRES_PASSWORD").withNewValueFrom().withNewSecretKeyRef()
              .withName(secretName(community)).withKey(PASSWORD).endSecretKeyRef().endValueFrom().endEnv()
            // Synapse refuses databases that do not use the C collation
            .addNewEnv().withName("POSTGRES_INITDB_ARGS").withValue("--encoding=UTF8 --lc-collate=C --lc-ctype=C").endEnv()
            .addNewEnv().withName("PGDATA").withValue("/var/lib/postgresql/data/pgdata").endEnv()
            .addNewPort().withName("postgres").withContainerPort(PORT).endPort()
            .withNewReadinessProbe()
              .withNewExec().withCommand("pg_isready", "-h", "127.0.0.1", "-U", DatabaseConnection.SYNAPSE_USER).endExec()
              .withPeriodSeconds(10)
            .endReadinessProbe()
            .withNewLivenessProbe()
              .withNewTcpSocket().withPort(new IntOrString(PORT)).endTcpSocket()
              .withInitialDelaySeconds(30).withPeriodSeconds(20)
            .endLivenessProbe()
            .withResources(DEFAULT_RESOURCES.with(settings.resources))
            .withSecurityContext(PodSecurity.container())
            .addNewVolumeMount().withName("data").withMountPath("/var/lib/postgresql/data").endVolumeMount()
            .addNewVolumeMount().withName("run").withMountPath("/var/run/postgresql").endVolumeMount()
            .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
            .build())
        .addNewVolume().withName("run").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
        .build();
    return ComponentObjects.statefulSet(community, COMPONENT, serviceName(community), Map.of(), pod, settings.storage, settings.storageClassName);
  }
}
