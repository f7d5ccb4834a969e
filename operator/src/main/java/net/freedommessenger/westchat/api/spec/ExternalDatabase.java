package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A PostgreSQL server run elsewhere; the operator deploys no database. */
public class ExternalDatabase {

  @Required
  @JsonPropertyDescription("Secret with the keys host, port, database, user and password. The database must use "
      + "ENCODING 'UTF8', LC_COLLATE 'C' and LC_CTYPE 'C', as Synapse requires.")
  public SecretReference secretRef;
}
