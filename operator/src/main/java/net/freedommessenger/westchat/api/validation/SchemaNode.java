package net.freedommessenger.westchat.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One node of a structural OpenAPI v3 schema, with its CEL rules compiled once. */
final class SchemaNode {

  private final JsonNode schema;
  private final Map<String, SchemaNode> properties = new LinkedHashMap<>();
  private final SchemaNode items;
  private final List<CelRule> rules = new ArrayList<>();

  private SchemaNode(JsonNode schema) {
    this.schema = schema;
    schema.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), new SchemaNode(e.getValue())));
    this.items = schema.has("items") ? new SchemaNode(schema.get("items")) : null;
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      rules.add(new CelRule(rule.path("rule").asText(), text(rule, "message"), text(rule, "fieldPath")));
    }
  }

  static SchemaNode of(JsonNode schema) {
    return new SchemaNode(schema);
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  String type() {
    return schema.path("type").asText("");
  }

  boolean intOrString() {
    return schema.path("x-kubernetes-int-or-string").asBoolean(false);
  }

  boolean preservesUnknownFields() {
    return schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
  }

  Map<String, SchemaNode> properties() {
    return properties;
  }

  SchemaNode property(String name) {
    return properties.get(name);
  }

  SchemaNode additionalProperties() {
    JsonNode additional = schema.get("additionalProperties");
    return additional != null && additional.isObject() ? new SchemaNode(additional) : null;
  }

  SchemaNode items() {
    return items;
  }

  List<String> required() {
    List<String> names = new ArrayList<>();
    schema.path("required").forEach(n -> names.add(n.asText()));
    return names;
  }

  List<String> enumValues() {
    List<String> values = new ArrayList<>();
    schema.path("enum").forEach(n -> values.add(n.asText()));
    return values;
  }

  JsonNode defaultValue() {
    return schema.get("default");
  }

  JsonNode limit(String keyword) {
    return schema.get(keyword);
  }

  List<CelRule> rules() {
    return rules;
  }
}
