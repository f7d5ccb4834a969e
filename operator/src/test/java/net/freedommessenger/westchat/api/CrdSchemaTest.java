package net.freedommessenger.westchat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed CRD explains itself (kubectl explain) and carries CEL rules. */
class CrdSchemaTest {

  static JsonNode version;

  @BeforeAll
  static void readCrd() throws IOException {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(RepoFiles.path("crds", CrdInSyncTest.FILE).toFile());
    version = crd.at("/spec/versions/0");
  }

  @Test
  void everyFieldHasADescription() {
    List<String> undescribed = new ArrayList<>();
    collectUndescribed(version.at("/schema/openAPIV3Schema/properties"), "", undescribed);
    undescribed.removeIf(path -> path.equals(".apiVersion") || path.equals(".kind") || path.equals(".metadata"));
    assertEquals(List.of(), undescribed, "fields without a description");
  }

  @Test
  void rulesAreCelValidations() {
    List<String> rules = version.at("/schema/openAPIV3Schema").findValues("x-kubernetes-validations").stream()
        .flatMap(list -> list.findValuesAsText("rule").stream()).toList();
    assertTrue(rules.size() >= 15, "expected the spec's CEL rules, found " + rules);
    assertTrue(rules.contains("self == oldSelf"), "spec.domain must be immutable through a transition rule");
  }

  @Test
  void servesStatusAndPrinterColumns() {
    assertTrue(version.at("/subresources/status").isObject());
    List<String> columns = version.path("additionalPrinterColumns").findValuesAsText("name");
    assertTrue(columns.containsAll(List.of("Domain", "Ready", "Age")), columns.toString());
  }

  private static void collectUndescribed(JsonNode properties, String path, List<String> undescribed) {
    properties.fields().forEachRemaining(field -> {
      String fieldPath = path + "." + field.getKey();
      JsonNode schema = field.getValue();
      if (!schema.hasNonNull("description") || schema.get("description").asText().isBlank()) {
        undescribed.add(fieldPath);
      }
      collectUndescribed(schema.path("properties"), fieldPath, undescribed);
      collectUndescribed(schema.path("items").path("properties"), fieldPath + "[]", undescribed);
    });
  }
}
