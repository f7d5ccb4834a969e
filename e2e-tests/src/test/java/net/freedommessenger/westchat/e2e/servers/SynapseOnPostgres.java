package net.freedommessenger.westchat.e2e.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The smoke tests' Synapse: a PostgreSQL cluster with a {@code synapse} role and database, a
 * config from the {@code servers/homeserver.yaml} template with fresh secrets and signing key,
 * and Synapse started on it. Both servers are tracked by the test's {@link RunningServers}.
 */
public record SynapseOnPostgres(PostgresServer database, SynapseServer synapse, String serverName,
    String registrationSharedSecret) {

  public static final String SERVER_NAME = "westchat.test";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Starts both; {@code appServiceRegistrations} go to {@code app_service_config_files}. */
  public static SynapseOnPostgres start(RunningServers servers, List<Path> appServiceRegistrations) {
    PostgresServer database = servers.add(PostgresServer.start(servers.directory("postgresql")));
    String databasePassword = secret();
    database.createRole("synapse", databasePassword);
    database.createDatabase("synapse", "synapse");

    Path dir = servers.directory("synapse");
    int port = LoopbackPorts.take();
    String sharedSecret = secret();
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    try {
      // an ed25519 signing key as Synapse stores it: algorithm, key id, unpadded base64 seed
      Files.writeString(dir.resolve("signing.key"),
          "ed25519 a_test " + Base64.getEncoder().withoutPadding().encodeToString(seed) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> values = new HashMap<>();
    values.put("serverName", SERVER_NAME);
    values.put("port", port);
    values.put("dir", dir);
    values.put("databasePort", database.port());
    values.put("databaseUser", "synapse");
    values.put("databasePassword", databasePassword);
    values.put("databaseName", "synapse");
    values.put("registrationSharedSecret", sharedSecret);
    values.put("macaroonSecretKey", secret());
    values.put("formSecret", secret());
    values.put("appServiceConfigFiles", appServiceRegistrations.stream()
        .map(file -> "\"" + file.toAbsolutePath() + "\"")
        .collect(Collectors.joining(", ", "[", "]")));
    ConfigTemplate.write("homeserver.yaml", dir.resolve(SynapseServer.CONFIG_FILE), values);
    SynapseServer synapse = servers.add(SynapseServer.start(dir, port, database));
    return new SynapseOnPostgres(database, synapse, SERVER_NAME, sharedSecret);
  }

  static String secret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
