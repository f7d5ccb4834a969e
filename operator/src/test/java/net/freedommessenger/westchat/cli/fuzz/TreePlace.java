package net.freedommessenger.westchat.cli.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A node of a JSON tree with the container it sits in, so an edit can replace or remove it. */
record TreePlace(JsonNode container, String field, int index) {

  static List<TreePlace> allIn(JsonNode root) {
    List<TreePlace> places = new ArrayList<>();
    collect(root, places);
    return places;
  }

  private static void collect(JsonNode container, List<TreePlace> places) {
    if (container instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        places.add(new TreePlace(object, name, -1));
        collect(object.get(name), places);
      }
    } else if (container instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        places.add(new TreePlace(array, null, i));
        collect(array.get(i), places);
      }
    }
  }

  JsonNode node() {
    return field != null ? container.get(field) : container.get(index);
  }

  void set(JsonNode value) {
    if (container instanceof ObjectNode object) {
      object.set(field, value);
    } else {
      ((ArrayNode) container).set(index, value);
    }
  }

  void remove() {
    if (container instanceof ObjectNode object) {
      object.remove(field);
    } else {
      ((ArrayNode) container).remove(index);
    }
  }

  Optional<ObjectNode> parentObject() {
    return container instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
  }

  Optional<ArrayNode> parentArray() {
    return container instanceof ArrayNode array ? Optional.of(array) : Optional.empty();
  }
}
