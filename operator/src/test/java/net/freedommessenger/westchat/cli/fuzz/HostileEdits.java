package net.freedommessenger.westchat.cli.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Turns a plausible community document into a hostile one: one to three edits, each at a place
 * picked anywhere in the tree, that put in nulls, empty or very long strings, unicode, numbers
 * out of range or of the wrong type, unknown fields, removed required fields, or lists grown
 * past their limits.
 */
public final class HostileEdits {

  enum Kind { REPLACE, REMOVE, ADD_UNKNOWN_FIELD, DUPLICATE_ITEM, GROW_LIST }

  /** One edit; {@code place} picks a node among all of the tree's, modulo their number. */
  record Edit(Kind kind, int place, JsonNode value, String key) {}

  private HostileEdits() {}

  public static Arbitrary<JsonNode> of(Arbitrary<JsonNode> documents) {
    Arbitrary<List<Edit>> edits = edit().list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(documents, edits).as((document, list) -> {
      JsonNode copy = document.deepCopy();
      list.forEach(edit -> apply(copy, edit));
      return copy;
    });
  }

  private static Arbitrary<Edit> edit() {
    return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 100_000).withoutEdgeCases(), value(),
        Arbitraries.of("extra", "Domain", "spec", "admins ", "", "\u00e9", "a.b", "x[0]", "labels", "annotations", "finalizers")).as(Edit::new);
  }

  static Arbitrary<JsonNode> value() {
    return Arbitraries.oneOf(
        Arbitraries.just(NullNode.getInstance()),
        Arbitraries.of("", " ", "true", "yes", "null", "~", "0", "-1", "1e3", "10GB", "-5m", "1.5.5", "Chat.Example.org",
            "-a.org", "a..org", "a.org.", "localhost", "1.2.3.4", "xn--bcher-kva.example", "Alice", "9lives", "#general",
            "general:example.org", "welcome", "admin", "ClusterIP ", "Heisenbridge", "OPEN").map(TextNode::valueOf),
        Arbitraries.strings().ofMinLength(254).ofMaxLength(3000).withCharRange('a', 'z').withChars('.', '-')
            .map(TextNode::valueOf),
        Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(40).map(TextNode::valueOf),
        Arbitraries.of("\ud83d\ude00", "\u202egro.elpmaxe", "\u0430lice", "\u00df", "\u0130", "\uff41", "e\u0301", "\u200b")
            .list().ofMinSize(1).ofMaxSize(5).map(parts -> TextNode.valueOf(String.join("", parts))),
        Arbitraries.of(-1L, 0L, 1L, 100L, 101L, 10240L, 10241L, 2147483648L, Long.MAX_VALUE, Long.MIN_VALUE)
            .map(LongNode::valueOf),
        Arbitraries.just(BigIntegerNode.valueOf(BigInteger.TWO.pow(80))),
        Arbitraries.of(0.5, -0.0, 3.0, 1e308).map(DoubleNode::valueOf),
        Arbitraries.of(true, false).map(BooleanNode::valueOf),
        Arbitraries.just(JsonNodeFactory.instance.objectNode()),
        Arbitraries.just(JsonNodeFactory.instance.arrayNode()),
        Arbitraries.just(JsonNodeFactory.instance.arrayNode().addNull().add("x")),
        Arbitraries.integers().between(1, 40).map(HostileEdits::nested));
  }

  private static JsonNode nested(int depth) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode at = root;
    for (int i = 0; i < depth; i++) {
      at = at.putObject("n");
    }
    return root;
  }

  static void apply(JsonNode document, Edit edit) {
    List<TreePlace> places = TreePlace.allIn(document);
    if (places.isEmpty()) {
      return;
    }
    TreePlace place = places.get(edit.place() % places.size());
    switch (edit.kind()) {
      case REPLACE -> place.set(edit.value().deepCopy());
      case REMOVE -> place.remove();
      case ADD_UNKNOWN_FIELD -> {
        if (place.node() instanceof ObjectNode object) {
          object.set(edit.key(), edit.value().deepCopy());
        } else {
          place.parentObject().ifPresent(parent -> parent.set(edit.key(), edit.value().deepCopy()));
        }
      }
      case DUPLICATE_ITEM -> place.parentArray().ifPresent(array -> array.add(place.node().deepCopy()));
      case GROW_LIST -> place.parentArray().ifPresent(array -> {
        JsonNode item = place.node().deepCopy();
        while (array.size() < 101) {
          array.add(item.deepCopy());
        }
      });
    }
  }
}
