package io.cardstream.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing the fields of the JSON documents the jobs hand over (metrics.json, the status
 * file, the decision messages): readers are lenient, as the console always was, so a document
 * written by an older release still reads (a missing field is null, empty, or NaN for a metric).
 */
public final class JsonFields {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFields() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A JSON document as text, or an {@link IllegalArgumentException} saying it is not one. */
  public static JsonNode parse(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      if (n == null || n.isMissingNode()) {
        throw new IllegalArgumentException("not a JSON document: empty");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON document: " + e.getOriginalMessage(), e);
    }
  }

  /** Indented, as the files people read are written. */
  public static byte[] pretty(JsonNode n) {
    try {
      return PRETTY.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The field's text, or null when it is missing or null. */
  public static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  public static Instant instant(JsonNode n, String field) {
    String t = text(n, field);
    return t == null ? null : Instant.parse(t);
  }

  /**
   * A metric: NaN when missing. Jackson writes NaN and the infinities quoted, and they read back as
   * those numbers.
   */
  public static double number(JsonNode n, String field) {
    return n.path(field).asDouble(Double.NaN);
  }

  /** An optional metric: null when missing or null, otherwise as {@link #number}. */
  public static Double optionalNumber(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asDouble(Double.NaN);
  }

  public static Long optionalLong(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || !v.isNumber() ? null : v.asLong();
  }

  public static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  public static Map<String, Long> longs(JsonNode object) {
    Map<String, Long> out = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  public static Map<String, Double> doubles(JsonNode object) {
    Map<String, Double> out = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
    return out;
  }

  public static Map<String, Boolean> booleans(JsonNode object) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asBoolean()));
    return out;
  }

  public static ArrayNode putStrings(ObjectNode n, String field, List<String> values) {
    ArrayNode a = n.putArray(field);
    values.forEach(a::add);
    return a;
  }

  public static void putLongs(ObjectNode n, String field, Map<String, Long> values) {
    ObjectNode o = n.putObject(field);
    values.forEach(o::put);
  }

  public static void putDoubles(ObjectNode n, String field, Map<String, Double> values) {
    ObjectNode o = n.putObject(field);
    values.forEach(o::put);
  }

  public static void putBooleans(ObjectNode n, String field, Map<String, Boolean> values) {
    ObjectNode o = n.putObject(field);
    values.forEach(o::put);
  }

  /** Puts the value when there is one; a null leaves the field out. */
  public static void putIfPresent(ObjectNode n, String field, Double value) {
    if (value != null) {
      n.put(field, value);
    }
  }

  public static void putIfPresent(ObjectNode n, String field, Long value) {
    if (value != null) {
      n.put(field, value);
    }
  }

  public static void putIfPresent(ObjectNode n, String field, String value) {
    if (value != null) {
      n.put(field, value);
    }
  }
}
