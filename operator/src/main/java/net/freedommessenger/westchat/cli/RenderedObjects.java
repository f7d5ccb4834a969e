package net.freedommessenger.westchat.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prints objects as multi-document YAML, the same bytes for the same objects. */
public final class RenderedObjects {

  /** On top of every rendered Secret: its values are placeholders, and applied they would break the servers. */
  static final String SECRET_WARNING = """
      # PREVIEW ONLY - DO NOT APPLY. This Secret's values are placeholders; the operator generates the real
      # ones in the cluster. Applied with kubectl, it would start the servers with these placeholders, and
      # they would fail.
      """;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
      .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private RenderedObjects() {}

  public static String toYaml(List<HasMetadata> objects) {
    StringBuilder out = new StringBuilder();
    for (HasMetadata object : objects) {
      out.append("---\n").append(object instanceof Secret ? SECRET_WARNING : "").append(write(object));
    }
    return out.toString();
  }

  private static String write(HasMetadata object) {
    try {
      ObjectNode tree = YAML.valueToTree(object);
      if (object instanceof Secret secret && secret.getData() != null) {
        // Secret values are placeholders here; shown readable rather than base64.
        tree.remove("data");
        tree.set("stringData", YAML.valueToTree(decoded(secret.getData())));
      }
      return YAML.writeValueAsString(YAML.treeToValue(tree, Object.class));
    } catch (Exception e) {
      throw new IllegalStateException("cannot write " + object.getKind() + " " + object.getMetadata().getName(), e);
    }
  }

  private static Map<String, String> decoded(Map<String, String> data) {
    Map<String, String> plain = new TreeMap<>();
    data.forEach((key, value) -> plain.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    return plain;
  }
}
