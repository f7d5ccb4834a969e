package net.freedommessenger.westchat.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Defaults and validates a value against a structural schema in the order the API server does:
 * defaults first, then the schema's own keywords, then (only if those all hold) the CEL rules.
 */
final class SchemaWalk {

  private final List<FieldError> errors = new ArrayList<>();

  List<FieldError> errors() {
    return errors;
  }

  JsonNode applyDefaults(SchemaNode schema, JsonNode node) {
    if (schema == null || node == null) {
      return node;
    }
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      for (Map.Entry<String, SchemaNode> property : schema.properties().entrySet()) {
        JsonNode defaultValue = property.getValue().defaultValue();
        if (defaultValue != null && (!object.has(property.getKey()) || object.get(property.getKey()).isNull())) {
          object.set(property.getKey(), defaultValue.deepCopy());
        }
      }
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        applyDefaults(schema.property(field.getKey()), field.getValue());
      }
    } else if (node.isArray()) {
      node.forEach(item -> applyDefaults(schema.items(), item));
    }
    return node;
  }

  void validate(SchemaNode schema, JsonNode node, JsonNode old, String path) {
    int before = errors.size();
    checkKeywords(schema, node, path);
    if (errors.size() == before) {
      checkRules(schema, node, old, path);
    }
  }

  private void checkKeywords(SchemaNode schema, JsonNode node, String path) {
    if (!checkType(schema, node, path)) {
      return;
    }
    List<String> allowed = schema.enumValues();
    if (!allowed.isEmpty() && !allowed.contains(node.asText())) {
      errors.add(new FieldError(path, "Unsupported value: " + quote(node.asText()) + ": supported values: "
          + allowed.stream().map(SchemaWalk::quote).collect(Collectors.joining(", "))));
    }
    if (node.isTextual()) {
      checkLength(schema, node.asText(), path);
    } else if (node.isNumber()) {
      checkRange(schema, node, path);
    } else if (node.isArray()) {
      checkItems(schema, (ArrayNode) node, path);
    } else if (node.isObject()) {
      checkProperties(schema, (ObjectNode) node, path);
    }
  }

  private boolean checkType(SchemaNode schema, JsonNode node, String path) {
    String actual = typeName(node);
    boolean matches = switch (schema.type()) {
      case "string" -> node.isTextual() || (schema.intOrString() && node.isIntegralNumber());
      case "integer" -> node.isIntegralNumber();
      case "number" -> node.isNumber();
      case "boolean" -> node.isBoolean();
      case "array" -> node.isArray();
      case "object" -> node.isObject();
      default -> true;
    };
    if (!matches) {
      errors.add(new FieldError(path, "Invalid value: " + quote(actual) + ": " + path + " in body must be of type "
          + schema.type() + ": " + quote(actual)));
    }
    return matches;
  }

  private void checkLength(SchemaNode schema, String value, String path) {
    JsonNode max = schema.limit("maxLength");
    JsonNode min = schema.limit("minLength");
    if (max != null && value.getBytes(StandardCharsets.UTF_8).length > max.asLong()) {
      errors.add(new FieldError(path, "Too long: may not be more than " + max.asLong() + " bytes"));
    }
    if (min != null && value.codePointCount(0, value.length()) < min.asLong()) {
      errors.add(new FieldError(path, "Invalid value: " + quote(value) + ": " + path + " in body should be at least "
          + min.asLong() + " chars long"));
    }
  }

  private void checkRange(SchemaNode schema, JsonNode value, String path) {
    JsonNode max = schema.limit("maximum");
    JsonNode min = schema.limit("minimum");
    if (max != null && value.asDouble() > max.asDouble()) {
      errors.add(new FieldError(path, "Invalid value: " + value.asText() + ": " + path
          + " in body should be less than or equal to " + number(max)));
    }
    if (min != null && value.asDouble() < min.asDouble()) {
      errors.add(new FieldError(path, "Invalid value: " + value.asText() + ": " + path
          + " in body should be greater than or equal to " + number(min)));
    }
  }

  private void checkItems(SchemaNode schema, ArrayNode array, String path) {
    JsonNode max = schema.limit("maxItems");
    JsonNode min = schema.limit("minItems");
    if (max != null && array.size() > max.asLong()) {
      errors.add(new FieldError(path, "Too many: " + array.size() + ": must have at most " + max.asLong() + " items"));
    }
    if (min != null && array.size() < min.asLong()) {
      errors.add(new FieldError(path, "Invalid value: " + array.size() + ": " + path + " in body should have at least "
          + min.asLong() + " items"));
    }
    if (schema.items() != null) {
      for (int i = 0; i < array.size(); i++) {
        checkKeywords(schema.items(), array.get(i), path + "[" + i + "]");
      }
    }
  }

  private void checkProperties(SchemaNode schema, ObjectNode object, String path) {
    for (String name : schema.required()) {
      if (!object.hasNonNull(name)) {
        errors.add(new FieldError(path + "." + name, "Required value"));
      }
    }
    SchemaNode additional = schema.additionalProperties();
    object.fields().forEachRemaining(field -> {
      String childPath = path + "." + field.getKey();
      SchemaNode child = schema.property(field.getKey());
      if (child == null) {
        child = additional;
      }
      if (child != null) {
        if (!field.getValue().isNull()) {
          checkKeywords(child, field.getValue(), childPath);
        }
      } else if (!schema.preservesUnknownFields()) {
        errors.add(new FieldError(childPath, "unknown field"));
      }
    });
  }

  /** CEL rules of the children first, then the node's own, each with the stored value beside it. */
  private void checkRules(SchemaNode schema, JsonNode node, JsonNode old, String path) {
    if (schema == null || node == null || node.isNull()) {
      return;
    }
    if (node.isObject()) {
      node.fields().forEachRemaining(field -> checkRules(schema.properties().getOrDefault(field.getKey(),
          schema.additionalProperties()), field.getValue(), old == null ? null : old.get(field.getKey()),
          path + "." + field.getKey()));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkRules(schema.items(), node.get(i), null, path + "[" + i + "]");
      }
    }
    Object self = CelValues.of(node);
    Object oldSelf = old == null || old.isNull() ? null : CelValues.of(old);
    for (CelRule rule : schema.rules()) {
      if (rule.appliesTo(oldSelf) && !rule.holds(self, oldSelf)) {
        errors.add(new FieldError(path + rule.fieldPath(), "Invalid value: " + quote(typeName(node)) + ": " + rule.message()));
      }
    }
  }

  /** As the API server prints a bound: 10240, not 10240.0. */
  private static String number(JsonNode bound) {
    double value = bound.asDouble();
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  private static String typeName(JsonNode node) {
    if (node.isTextual()) {
      return "string";
    } else if (node.isIntegralNumber()) {
      return "integer";
    } else if (node.isNumber()) {
      return "number";
    } else if (node.isBoolean()) {
      return "boolean";
    } else if (node.isArray()) {
      return "array";
    } else if (node.isObject()) {
      return "object";
    }
    return "null";
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }

}
