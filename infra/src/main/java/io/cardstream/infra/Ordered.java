package io.cardstream.infra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps that keep their insertion order, for anything that ends up in a template: {@code Map.of}
 * iterates in an order that changes from one JVM to the next, and so would the template.
 */
final class Ordered {

  private Ordered() {}

  /** {@code map(k1, v1, k2, v2, ...)}. */
  @SuppressWarnings("unchecked")
  static <V> Map<String, V> map(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, V> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }
}
