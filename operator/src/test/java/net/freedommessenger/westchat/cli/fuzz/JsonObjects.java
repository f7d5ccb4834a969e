package net.freedommessenger.westchat.cli.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Builds an arbitrary JSON object field by field; a field left out tests the CRD's defaults. */
final class JsonObjects {

  private final List<String> names = new ArrayList<>();
  private final List<Arbitrary<Optional<JsonNode>>> values = new ArrayList<>();

  static JsonObjects object() {
    return new JsonObjects();
  }

  JsonObjects always(String name, Arbitrary<? extends JsonNode> value) {
    return field(name, value.map(v -> Optional.<JsonNode>of(v)));
  }

  JsonObjects sometimes(String name, Arbitrary<? extends JsonNode> value) {
    return field(name, value.map(v -> (JsonNode) v).optional(0.5));
  }

  private JsonObjects field(String name, Arbitrary<Optional<JsonNode>> value) {
    names.add(name);
    values.add(value);
    return this;
  }

  Arbitrary<JsonNode> build() {
    if (values.isEmpty()) {
      return Arbitraries.just(JsonNodeFactory.instance.objectNode()).map(JsonNode::deepCopy);
    }
    return Combinators.combine(values).as(present -> {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      for (int i = 0; i < names.size(); i++) {
        int index = i;
        present.get(i).ifPresent(value -> object.set(names.get(index), value.deepCopy()));
      }
      return object;
    });
  }
}
