package net.freedommessenger.westchat.e2e.apiserver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.api.validation.CommunitySchema;
import net.freedommessenger.westchat.api.validation.FieldError;
import net.freedommessenger.westchat.cli.fuzz.CommunityDocuments;
import net.freedommessenger.westchat.cli.fuzz.HostileEdits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.engine.SourceOfRandomness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Specs from the fuzz run's generators, plausible and hostile, sent to a real API server with
 * strict field validation, as kubectl sends them: it accepts exactly those the offline validation
 * (westchat render) accepts, and refuses the rest naming the fields the offline validation names. A fixed seed keeps the sample the same on
 * every run; {@code -Dwestchat.fuzz.seed} and {@code -Dwestchat.fuzz.specs} pick another.
 */
@ExtendWith(ApiServerExtension.class)
class GeneratedSpecsSameVerdictTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String NS = "generated-specs";

  @Test
  void theApiServerAndTheOfflineValidationAgreeOnEveryGeneratedSpec(KubernetesClient client) {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).serverSideApply();
    int count = Integer.getInteger("westchat.fuzz.specs", 200);
    long seed = Long.getLong("westchat.fuzz.seed", 16L);
    Arbitrary<JsonNode> specs = Arbitraries.oneOf(CommunityDocuments.spec(), HostileEdits.of(CommunityDocuments.spec()));
    // outside a property jqwik samples from this thread's source of randomness, which only its engine class seeds
    SourceOfRandomness.create(String.valueOf(seed));
    Iterator<JsonNode> generated = specs.sampleStream().iterator();
    List<String> disagreements = new ArrayList<>();
    int accepted = 0;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      ObjectNode object = community("generated-" + i, generated.next());
      List<FieldError> offline = CommunitySchema.bundled().defaultAndValidate(object.deepCopy(), null);
      String server = serverVerdict(client, object);
      if (server == null) {
        accepted++;
      }
      String disagreement = disagreement(offline, server);
      if (disagreement != null) {
        disagreements.add(abbreviated(object.get("spec").toString()) + "\n  " + abbreviated(disagreement));
      }
    }
    System.out.printf("generated specs: %d sent to the API server (seed %d) in %.1f s: %d accepted, %d refused, "
        + "%d disagreements with the offline validation%n", count, seed, (System.nanoTime() - start) / 1e9, accepted,
        count - accepted, disagreements.size());
    assertTrue(disagreements.isEmpty(), String.join("\n", disagreements));
  }

  private static ObjectNode community(String name, JsonNode spec) {
    ObjectNode object = JSON.createObjectNode();
    object.put("apiVersion", WestchatCommunity.GROUP + "/" + WestchatCommunity.VERSION);
    object.put("kind", "WestchatCommunity");
    object.putObject("metadata").put("name", name).put("namespace", NS);
    object.set("spec", spec);
    return object;
  }

  /** @return null when the server stores the object, else its refusal */
  private static String serverVerdict(KubernetesClient client, ObjectNode object) {
    try {
      // Strict, as kubectl sends it: unknown fields refused rather than dropped with a warning
      client.resource(JSON.convertValue(object, GenericKubernetesResource.class)).fieldValidation(Validation.STRICT).create();
      return null;
    } catch (KubernetesClientException e) {
      return e.getCode() + " " + e.getMessage();
    }
  }

  /**
   * Both accept, or both refuse naming the same fields; otherwise what differs. Unknown fields stop the
   * API server before its schema check (400, strict decoding error), so then only those are compared.
   */
  private static String disagreement(List<FieldError> offline, String server) {
    if (offline.isEmpty() != (server == null)) {
      return offline.isEmpty() ? "render accepts, the API server refuses: " + server
          : "render refuses (" + offline + "), the API server accepts";
    }
    if (server == null) {
      return null;
    }
    boolean strictDecoding = server.contains("strict decoding error");
    List<String> unnamed = offline.stream()
        .filter(error -> !strictDecoding || error.detail().equals("unknown field"))
        .map(FieldError::path)
        .filter(path -> !server.contains(strictDecoding ? "unknown field \"" + path + "\"" : path + ":"))
        .toList();
    return unnamed.isEmpty() ? null
        : "render names " + unnamed + " which the API server does not: " + server + "\n  render: " + offline;
  }

  private static String abbreviated(String text) {
    return text.length() <= 1500 ? text : text.substring(0, 1500) + "...";
  }
}
