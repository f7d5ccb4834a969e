package net.freedommessenger.westchat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.util.List;
import net.freedommessenger.westchat.api.RepoFiles;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.spec.BridgeImplementation;
import net.freedommessenger.westchat.api.spec.DataRetention;
import net.freedommessenger.westchat.api.spec.Registration;
import net.freedommessenger.westchat.api.validation.FieldError;
import org.junit.jupiter.api.Test;

/** A community read from YAML, as the API server would store it, and written back unchanged. */
class CommunityFileTest {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void minimalSampleBecomesACompleteCommunity() throws Exception {
    WestchatCommunity community = CommunityFile.parse(Files.readString(RepoFiles.path("samples", "minimal.yaml")));
    assertEquals("westchat.example.org", community.getSpec().domain);
    assertEquals("alice", community.getSpec().admins.get(0).name);
    assertEquals("default", community.getMetadata().getNamespace());
    assertEquals(Registration.INVITE, community.getSpec().registration);
    assertEquals(DataRetention.RETAIN, community.getSpec().dataRetention);
    assertTrue(community.getSpec().matrix.database.runsOwnServer());
    assertEquals(BridgeImplementation.HEISENBRIDGE, community.getSpec().bridges.matrixIrc.implementation);
  }

  @Test
  void fullSampleSurvivesAYamlRoundTrip() throws Exception {
    String yaml = Files.readString(RepoFiles.path("samples", "full.yaml"));
    WestchatCommunity community = CommunityFile.parse(yaml);
    String written = Serialization.asYaml(community);
    WestchatCommunity again = CommunityFile.parse(written);
    JsonNode first = YAML.readTree(written);
    JsonNode second = YAML.readTree(Serialization.asYaml(again));
    assertEquals(first, second);
    assertEquals(YAML.readTree(yaml).get("spec"), first.get("spec"),
        "the full sample sets every field, so nothing is added or lost on the way");
  }

  @Test
  void javaDefaultsAgreeWithTheCrdDefaults() throws Exception {
    WestchatCommunity fromCrd = CommunityFile.parse(Files.readString(RepoFiles.path("samples", "minimal.yaml")));
    WestchatCommunity fromJava = YAML.readValue(Files.readString(RepoFiles.path("samples", "minimal.yaml")),
        WestchatCommunity.class);
    fromJava.getMetadata().setNamespace("default");
    JsonNode crdSpec = YAML.valueToTree(fromCrd.getSpec());
    JsonNode javaSpec = YAML.valueToTree(fromJava.getSpec());
    assertEquals(crdSpec, javaSpec, "a spec read without the API server must mean the same community");
    assertFalse(crdSpec.isEmpty());
  }

  @Test
  void metadataOfTheWrongShapeIsRefusedWithItsFieldNotAsUnreadableYaml() {
    // found by CommunityFuzzTest: the schema checks only spec, and the mapping failure named no field
    InvalidCommunityException refused = assertThrows(InvalidCommunityException.class, () -> CommunityFile.parse("""
        apiVersion: westchat.freedom-messenger.net/v1alpha1
        kind: WestchatCommunity
        metadata: {name: westchat, labels: 5}
        spec: {domain: chat.example.org, admins: [{name: alice}]}
        """));
    assertEquals(1, refused.errors().size(), refused.getMessage());
    assertEquals("metadata.labels", refused.errors().get(0).path());
    assertTrue(refused.errors().get(0).detail().startsWith("Invalid value: "), refused.getMessage());
  }

  @Test
  void yamlAliasesAreRefusedAtTheirPlaceRatherThanReadAsTheirNames() {
    // found by the fuzz run: the YAML reader here reads "rules: *d" as the text "d", where kubectl expands it
    InvalidCommunityException refused = assertThrows(InvalidCommunityException.class, () -> CommunityFile.parse("""
        apiVersion: westchat.freedom-messenger.net/v1alpha1
        kind: WestchatCommunity
        metadata: {name: westchat}
        spec:
          domain: &d chat.example.org
          admins: [{name: alice}]
          rules: *d
          rooms: [{name: general, topic: &t Hello}, {name: dev, topic: *t}]
        """));
    assertEquals(List.of("spec.rules", "spec.rooms[1].topic"), refused.errors().stream().map(FieldError::path).toList());
    assertTrue(refused.getMessage().contains("\"*d\": YAML aliases are not expanded"), refused.getMessage());
  }

  @Test
  void aliasesInFieldsTheApiServerDropsChangeNothing() throws Exception {
    // found by the fuzz run: "<<: *a" inserted after "---" makes an unknown top-level field "---<<"
    WestchatCommunity community = CommunityFile.parse("""
        ---<<: *a
        apiVersion: westchat.freedom-messenger.net/v1alpha1
        kind: WestchatCommunity
        metadata: {name: westchat, notAField: *a}
        spec: {domain: chat.example.org, admins: [{name: alice}]}
        """);
    assertEquals("chat.example.org", community.getSpec().domain);
    InvalidCommunityException refused = assertThrows(InvalidCommunityException.class, () -> CommunityFile.parse("""
        apiVersion: westchat.freedom-messenger.net/v1alpha1
        kind: WestchatCommunity
        metadata: {name: westchat, labels: *a}
        spec: {domain: chat.example.org, admins: [{name: alice}]}
        """));
    assertEquals(List.of("metadata.labels"), refused.errors().stream().map(FieldError::path).toList());
  }
}
