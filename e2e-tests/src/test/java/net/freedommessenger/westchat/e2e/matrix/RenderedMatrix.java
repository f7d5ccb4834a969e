package net.freedommessenger.westchat.e2e.matrix;

import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.PostgresServer;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.e2e.servers.SynapseServer;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.postgres.DatabaseConnection;
import net.freedommessenger.westchat.model.postgres.ManagedPostgres;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.RandomSecretGenerator;
import net.freedommessenger.westchat.model.synapse.HomeserverConfig;
import net.freedommessenger.westchat.model.synapse.HomeserverSite;
import net.freedommessenger.westchat.model.synapse.SynapseSecrets;

/**
 * A community's Matrix part on loopback: PostgreSQL, and Synapse started from the homeserver.yaml
 * and the Secrets the operator renders, with only the listener and the paths of a local site.
 */
public record RenderedMatrix(PostgresServer database, SynapseServer synapse, Map<String, String> synapseSecrets) {

  /** With secrets generated here, as a new community gets them. */
  public static RenderedMatrix start(RunningServers servers, WestchatCommunity community, List<String> appserviceFiles) {
    RandomSecretGenerator generator = new RandomSecretGenerator();
    return start(servers, community, appserviceFiles,
        plain(ManagedPostgres.secret(community, ExistingSecrets.NONE, generator)).get(ManagedPostgres.PASSWORD),
        plain(SynapseSecrets.secret(community, ExistingSecrets.NONE, generator)));
  }

  /** With the values of the Secrets the operator keeps in a cluster. */
  public static RenderedMatrix start(RunningServers servers, WestchatCommunity community, List<String> appserviceFiles,
      String databasePassword, Map<String, String> secrets) {
    PostgresServer database = servers.add(PostgresServer.start(servers.directory("postgresql-" + community.getMetadata().getName())));
    database.createRole(DatabaseConnection.SYNAPSE_USER, databasePassword);
    database.createDatabase(DatabaseConnection.SYNAPSE_DATABASE, DatabaseConnection.SYNAPSE_USER);

    Path dir = servers.directory("synapse-" + community.getMetadata().getName());
    int port = LoopbackPorts.take();
    // the public address stays the cluster's, so the delegation files say what they say in production
    String publicBaseUrl = new CommunityHosts(community.getSpec().domain).matrixBaseUrl() + "/";
    HomeserverSite site = new HomeserverSite(LoopbackPorts.HOST, port, publicBaseUrl, dir.toString(),
        dir.resolve("secrets").toString(), dir.resolve("media").toString(), appserviceFiles);
    try {
      Files.createDirectories(dir.resolve("secrets"));
      Files.createDirectories(dir.resolve("media"));
      for (Map.Entry<String, String> secret : secrets.entrySet()) {
        Files.writeString(dir.resolve("secrets").resolve(secret.getKey()), secret.getValue());
      }
      Files.writeString(dir.resolve(HomeserverConfig.FILE), HomeserverConfig.render(community.getSpec(), site));
      Files.writeString(dir.resolve(HomeserverConfig.LOG_CONFIG_FILE), HomeserverConfig.logConfig());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> environment = Map.of(
        "PGHOST", database.host(), "PGPORT", String.valueOf(database.port()),
        "PGDATABASE", DatabaseConnection.SYNAPSE_DATABASE, "PGUSER", DatabaseConnection.SYNAPSE_USER,
        "PGPASSWORD", databasePassword);
    SynapseServer synapse = servers.add(SynapseServer.start(dir, port, database, environment));
    return new RenderedMatrix(database, synapse, secrets);
  }

  public String registrationSharedSecret() {
    return synapseSecrets.get(SynapseSecrets.REGISTRATION_SHARED_SECRET);
  }

  /** A Secret's values as the pod sees them in its mounted files. */
  public static Map<String, String> plain(Secret secret) {
    Map<String, String> values = new java.util.TreeMap<>();
    secret.getData().forEach((key, value) -> values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    return values;
  }
}
