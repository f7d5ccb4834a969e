package net.freedommessenger.westchat.model.postgres;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.DatabaseSpec;

/**
 * How a program reaches its PostgreSQL database: libpq's PG* environment variables, taken from
 * the managed server's Service and Secret, or all from the user's Secret for an external server.
 * Programs read them at connect time, so no config file holds a password or a host they may not know.
 */
public final class DatabaseConnection {

  public static final String SYNAPSE_DATABASE = "synapse";
  public static final String SYNAPSE_USER = "synapse";

  private DatabaseConnection() {}

  public static List<EnvVar> environment(WestchatCommunity community) {
    DatabaseSpec database = community.getSpec().matrix.database;
    List<EnvVar> env = new ArrayList<>();
    if (database.runsOwnServer()) {
      env.add(plain("PGHOST", ManagedPostgres.serviceName(community)));
      env.add(plain("PGPORT", String.valueOf(ManagedPostgres.PORT)));
      env.add(plain("PGDATABASE", SYNAPSE_DATABASE));
      env.add(plain("PGUSER", SYNAPSE_USER));
      env.add(fromSecret("PGPASSWORD", ManagedPostgres.secretName(community), ManagedPostgres.PASSWORD));
    } else {
      String secret = database.external.secretRef.name;
      env.add(fromSecret("PGHOST", secret, "host"));
      env.add(fromSecret("PGPORT", secret, "port"));
      env.add(fromSecret("PGDATABASE", secret, "database"));
      env.add(fromSecret("PGUSER", secret, "user"));
      env.add(fromSecret("PGPASSWORD", secret, "password"));
    }
    return env;
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar fromSecret(String name, String secret, String key) {
    return new EnvVarBuilder().withName(name)
        .withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key).endSecretKeyRef().endValueFrom()
        .build();
  }
}
