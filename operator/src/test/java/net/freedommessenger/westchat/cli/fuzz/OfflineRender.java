package net.freedommessenger.westchat.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.validation.FieldError;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.cli.InvalidCommunityException;
import net.freedommessenger.westchat.cli.RenderedObjects;
import net.freedommessenger.westchat.cli.fuzz.FuzzTally.Outcome;
import net.freedommessenger.westchat.model.CommunityObjects;
import net.freedommessenger.westchat.model.secrets.ExistingSecrets;
import net.freedommessenger.westchat.model.secrets.PlaceholderSecretGenerator;

/**
 * What {@code westchat render --with-secrets} does with one file, with the checks the fuzz
 * properties make on the way: a refusal names fields, an accepted file renders, twice to the
 * same bytes, and no generated secret value lands in a ConfigMap.
 */
public final class OfflineRender {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final SchemaFieldPaths FIELDS = SchemaFieldPaths.ofBundledCrd();

  private OfflineRender() {}

  /** @return how the file fared; an exception other than the two the CLI reports is a failure of the property */
  public static Outcome check(String text, FuzzTally tally) {
    WestchatCommunity community;
    try {
      community = CommunityFile.parse(text);
    } catch (InvalidCommunityException e) {
      assertFalse(e.errors().isEmpty(), "a refusal without a reason: " + e.getMessage());
      for (FieldError error : e.errors()) {
        assertTrue(FIELDS.names(error), "refused without naming a field of the schema: " + error);
      }
      tally.refusedAt(e.errors().stream().map(FieldError::path).toList());
      return Outcome.REFUSED;
    } catch (IOException e) {
      assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "an unreadable file without a reason");
      assertFalse(readsAsYaml(text), "valid by the CRD, yet not readable as a WestchatCommunity: " + e.getMessage());
      return Outcome.UNREADABLE;
    }
    String rendered = render(community);
    assertEquals(rendered, render(parseAgain(text)), "the same file must render to the same bytes");
    assertNoSecretInConfigMaps(parseAgain(text));
    return Outcome.ACCEPTED;
  }

  /** A file that reads as YAML got past the reading; an IOException after that comes from mapping a valid spec. */
  private static boolean readsAsYaml(String text) {
    try {
      YAML.readTree(text);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String render(WestchatCommunity community) {
    List<HasMetadata> objects = CommunityObjects.desired(community, ExistingSecrets.NONE, new PlaceholderSecretGenerator());
    return RenderedObjects.toYaml(objects);
  }

  private static void assertNoSecretInConfigMaps(WestchatCommunity community) {
    MarkedSecretGenerator generator = new MarkedSecretGenerator();
    List<HasMetadata> objects = CommunityObjects.desired(community, ExistingSecrets.NONE, generator);
    for (HasMetadata object : objects) {
      if (object instanceof ConfigMap configMap) {
        List<String> values = new ArrayList<>();
        if (configMap.getData() != null) {
          values.addAll(configMap.getData().values());
        }
        if (configMap.getBinaryData() != null) {
          configMap.getBinaryData().values().forEach(value ->
              values.add(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        for (String secret : generator.values()) {
          assertTrue(values.stream().noneMatch(value -> value.contains(secret)),
              "ConfigMap " + configMap.getMetadata().getName() + " holds a generated secret value");
        }
      }
    }
  }

  private static WestchatCommunity parseAgain(String text) {
    try {
      return CommunityFile.parse(text);
    } catch (IOException | InvalidCommunityException e) {
      throw new AssertionError("parsed once, refused the second time", e);
    }
  }
}
