package net.freedommessenger.westchat.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where Synapse and the Matrix bridge keep their data: exactly one of managed or external. */
@ValidationRule(value = "!(has(self.managed) && has(self.external))",
    message = "set either managed or external, not both")
public class DatabaseSpec {

  @JsonPropertyDescription("A PostgreSQL server run by the operator, with its own volume. Used when external is not set.")
  public ManagedDatabase managed;

  @JsonPropertyDescription("An existing PostgreSQL server, given by a Secret. Nothing is deployed for the database.")
  public ExternalDatabase external;

  /** The default: a PostgreSQL run by the operator, with the default volume size. */
  public static DatabaseSpec managedByOperator() {
    DatabaseSpec database = new DatabaseSpec();
    database.managed = new ManagedDatabase();
    return database;
  }

  /** True when the operator runs PostgreSQL itself, which is the case unless an external server is named. */
  public boolean runsOwnServer() {
    return external == null;
  }
}
