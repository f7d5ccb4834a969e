package net.freedommessenger.westchat.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Map.of for rendered config: keys keep the order they are given in. Map.of iterates in an order
 * that changes from one JVM to the next, which would change the rendered bytes, and with them the
 * config hash, every time the operator restarts.
 */
public final class OrderedMap {

  private OrderedMap() {}

  public static Map<String, Object> of(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
