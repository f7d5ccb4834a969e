package net.freedommessenger.westchat.cli;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.freedommessenger.westchat.api.validation.FieldError;

/**
 * Where a YAML file uses an alias ({@code *name}). The YAML reader here does not expand aliases: it
 * reads {@code rules: *welcome} as the text "welcome", where kubectl takes the anchored value. So a
 * file with aliases is refused, naming each place, rather than rendered with values it does not hold.
 * Aliases in fields the API server drops (an unknown top-level or metadata field) change nothing and
 * are let be, so every place named is a field of the resource.
 */
final class YamlAliases {

  /** The fields of an object's metadata, as the reader maps them; the API server drops any other. */
  private static final Set<String> METADATA_FIELDS = metadataFields(new ObjectMapper());

  private YamlAliases() {}

  private static Set<String> metadataFields(ObjectMapper mapper) {
    return mapper.getSerializationConfig().introspect(mapper.constructType(ObjectMeta.class)).findProperties().stream()
        .map(BeanPropertyDefinition::getName).collect(Collectors.toUnmodifiableSet());
  }

  /** Only the first document, the one {@link CommunityFile} reads. */
  static List<FieldError> in(String yaml, YAMLFactory factory) throws IOException {
    List<FieldError> errors = new ArrayList<>();
    try (YAMLParser parser = (YAMLParser) factory.createParser(yaml)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        List<JsonStreamContext> steps = parser.isCurrentAlias() ? steps(parser.getParsingContext()) : null;
        if (steps != null && inAKeptField(steps)) {
          errors.add(new FieldError(path(steps), "Invalid value: \"*" + parser.getText()
              + "\": YAML aliases are not expanded by westchat render; write the value out instead"));
        }
        if (parser.getParsingContext().inRoot() && token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
          break;
        }
      }
    }
    return errors;
  }

  /** The fields and list items from the document's top down to a context. */
  private static List<JsonStreamContext> steps(JsonStreamContext context) {
    List<JsonStreamContext> steps = new ArrayList<>();
    for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
      steps.add(0, at);
    }
    return steps;
  }

  private static boolean inAKeptField(List<JsonStreamContext> steps) {
    if (steps.isEmpty()) {
      return true;
    }
    return switch (String.valueOf(steps.get(0).getCurrentName())) {
      case "apiVersion", "kind", "spec" -> true;
      case "metadata" -> steps.size() == 1 || METADATA_FIELDS.contains(steps.get(1).getCurrentName());
      default -> false;
    };
  }

  /** As the API server writes a field: spec.rooms[1].topic. */
  private static String path(List<JsonStreamContext> steps) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext at : steps) {
      path.append(at.inArray() ? "[" + at.getCurrentIndex() + "]" : (path.length() == 0 ? "" : ".") + at.getCurrentName());
    }
    return path.length() == 0 ? "(root)" : path.toString();
  }
}
