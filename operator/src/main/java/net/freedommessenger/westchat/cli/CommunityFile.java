package net.freedommessenger.westchat.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.validation.CommunitySchema;
import net.freedommessenger.westchat.api.validation.FieldError;

/**
 * Reads a WestchatCommunity from YAML the way the API server would take it: defaults from the
 * CRD filled in, and refused with field errors when the CRD's rules do not hold.
 */
public final class CommunityFile {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String API_VERSION = WestchatCommunity.GROUP + "/" + WestchatCommunity.VERSION;

  private CommunityFile() {}

  public static WestchatCommunity parse(String yaml) throws IOException, InvalidCommunityException {
    JsonNode tree = YAML.readTree(yaml);
    if (tree == null || !tree.isObject()) {
      throw new InvalidCommunityException("", List.of(new FieldError("(root)", "Invalid value: not a YAML object")));
    }
    ObjectNode object = (ObjectNode) tree;
    String name = object.at("/metadata/name").asText("");
    List<FieldError> errors = new ArrayList<>();
    if (!API_VERSION.equals(object.path("apiVersion").asText())) {
      errors.add(new FieldError("apiVersion", "Unsupported value: \"" + object.path("apiVersion").asText()
          + "\": supported values: \"" + API_VERSION + "\""));
    }
    if (!"WestchatCommunity".equals(object.path("kind").asText())) {
      errors.add(new FieldError("kind", "Unsupported value: \"" + object.path("kind").asText()
          + "\": supported values: \"WestchatCommunity\""));
    }
    if (name.isEmpty()) {
      errors.add(new FieldError("metadata.name", "Required value: name or generateName is required"));
    }
    errors.addAll(CommunitySchema.bundled().defaultAndValidate(object, null));
    if (errors.isEmpty()) {
      // after the schema, which refuses aliases in unknown fields on its own, so each place named is a field
      errors.addAll(YamlAliases.in(yaml, (YAMLFactory) YAML.getFactory()));
    }
    if (!errors.isEmpty()) {
      throw new InvalidCommunityException(name, errors);
    }
    if (!object.at("/metadata/namespace").isTextual()) {
      ((ObjectNode) object.get("metadata")).put("namespace", "default");
    }
    try {
      return YAML.treeToValue(object, WestchatCommunity.class);
    } catch (JsonMappingException e) {
      // the CRD's schema leaves metadata to the API server, so a shape like "labels: 5" is only caught here
      throw new InvalidCommunityException(name, List.of(new FieldError(fieldPath(e), "Invalid value: " + e.getOriginalMessage())));
    }
  }

  /** The field a mapping failure happened at, as the API server writes it: metadata.labels, spec.rooms[2]. */
  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "(root)" : path.toString();
  }
}
