package net.freedommessenger.westchat.cli.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The offline validation and render with generated community files, plausible and hostile:
 * no crash, every refusal names a field of the schema, every accepted file renders the same
 * bytes twice and keeps generated secrets out of ConfigMaps. Each run prints how many files it
 * tried; {@code -Djqwik.tries.default=100000} tries more (docs/fuzz.md).
 */
class CommunityFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final FuzzTally SPECS = new FuzzTally("community specs");
  private static final FuzzTally TEXTS = new FuzzTally("YAML texts");

  @AfterContainer
  static void printCounts() {
    System.out.println(SPECS.summary());
    System.out.println(TEXTS.summary());
  }

  @Property
  void validationAndRenderHoldForGeneratedCommunities(@ForAll("communityDocuments") JsonNode document,
      @ForAll boolean writtenAsJson) throws Exception {
    // JSON is YAML too, and the way a document with control characters survives being written
    String file = writtenAsJson ? JSON.writeValueAsString(document) : YAML.writeValueAsString(document);
    SPECS.count(OfflineRender.check(file, SPECS));
  }

  @Property
  void readingYamlTextRefusesWithReasonsAndNeverCrashes(@ForAll("yamlTexts") String file) {
    TEXTS.count(OfflineRender.check(file, TEXTS));
  }

  @Provide
  Arbitrary<String> yamlTexts() {
    return YamlTexts.files();
  }

  @Provide
  Arbitrary<JsonNode> communityDocuments() {
    Arbitrary<JsonNode> plausible = CommunityDocuments.document();
    return Arbitraries.oneOf(plausible, HostileEdits.of(plausible));
  }
}
