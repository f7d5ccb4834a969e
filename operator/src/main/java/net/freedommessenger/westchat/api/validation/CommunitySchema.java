package net.freedommessenger.westchat.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;

/**
 * The WestchatCommunity CRD as the API server applies it: defaults, then schema and CEL rules.
 * It reads the committed CRD from the classpath, so {@code westchat render} and the cluster
 * share one source of truth for every rule.
 */
public final class CommunitySchema {

  public static final String CRD_RESOURCE = "/crds/" + WestchatCommunity.CRD_NAME + "-v1.yml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final SchemaNode root;

  private CommunitySchema(JsonNode openApiSchema) {
    this.root = SchemaNode.of(openApiSchema);
  }

  /** The schema of the CRD bundled with the operator, read and its rules compiled once (tens of ms each time). */
  public static CommunitySchema bundled() {
    return Bundled.SCHEMA;
  }

  /** Holds the bundled schema, made on first use; a schema is immutable, so one serves every caller. */
  private static final class Bundled {
    static final CommunitySchema SCHEMA = readBundled();
  }

  private static CommunitySchema readBundled() {
    try (InputStream in = CommunitySchema.class.getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the operator was built without its CRD resource " + CRD_RESOURCE);
      }
      return fromCrd(YAML.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static CommunitySchema fromCrd(JsonNode crd) {
    return new CommunitySchema(crd.at("/spec/versions/0/schema/openAPIV3Schema"));
  }

  /**
   * Fills in schema defaults in place and returns every rule the object breaks. Only
   * {@code spec} is checked, as on a create or an update of the main resource.
   *
   * @param stored the object as stored before this change, or null on create
   */
  public List<FieldError> defaultAndValidate(ObjectNode object, JsonNode stored) {
    if (!object.hasNonNull("spec")) {
      return List.of(new FieldError("spec", "Required value"));
    }
    SchemaNode specSchema = root.property("spec");
    SchemaWalk walk = new SchemaWalk();
    object.set("spec", walk.applyDefaults(specSchema, object.get("spec")));
    walk.validate(specSchema, object.get("spec"), stored == null ? null : stored.get("spec"), "spec");
    return walk.errors();
  }
}
