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
  private static final Set<String> METADATA_FIELDS = new ObjectMapper().getSerializationConfig()
      .introspect(new ObjectMapper().constructType(ObjectMeta.class)).findProperties().stream()
      .map(BeanPropertyDefinition::getName).collect(Collectors.toUnmodifiableSet());

  private YamlAliases() {}

  /** Only the first document, the one {@link CommunityFile} reads. */
  static List<FieldError> in(String yaml, YAMLFactory factory) throws IOException {
    List<FieldError> errors = new ArrayList<>();
    try (YAMLParser parser = (YAMLParser) factory.createParser(yaml)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (parser.isCurrentAlias() && inAKeptField(parser.getParsingContext())) {
          errors.add(new FieldError(path(parser.getParsingContext()), "Invalid value: \"*" + parser.getText()
              + "\": YAML aliases are not expanded by westchat render; write the value out instead"));
        }
        if (parser.getParsingContext().inRoot() && token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
          break;
        }
      }
    }
    return errors;
  }

  private static boolean inAKeptField(JsonStreamContext context) {
    List<String> names = new ArrayList<>();
    for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
      names.add(0, at.inArray() ? "" : String.valueOf(at.getCurrentName()));
    }
    if (names.isEmpty()) {
      return true;
    }
    return switch (names.get(0)) {
      case "apiVersion", "kind", "spec" -> true;
      case "metadata" -> names.size() == 1 || METADATA_FIELDS.contains(names.get(1));
      default -> false;
    };
  }

  /** As the API server writes a field: spec.rooms[1].topic. */
  private static String path(JsonStreamContext context) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
      String step = at.inArray() ? "[" + at.getCurrentIndex() + "]" : "." + at.getCurrentName();
      path.insert(0, step);
    }
    return path.length() == 0 ? "(root)" : path.substring(path.charAt(0) == '.' ? 1 : 0);
  }
}
