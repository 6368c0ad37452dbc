package io.cardstream.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.service.ApiProblem;
import io.cardstream.service.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /collector/transactions}: {@code {"records": [ ... ]}}. Parsed as a
 * stream so that each record keeps the exact text the client sent: the validator judges those
 * bytes, not a re-serialization of them.
 */
final class BatchBody {

  /**
   * One element of {@code records}.
   *
   * @param node the parsed object, or null when the element is not an object
   * @param raw the element's JSON text as sent (objects only)
   * @param type what the element is (OBJECT, STRING, ARRAY, ...)
   */
  record Element(int index, JsonNode node, String raw, String type) {
    boolean isObject() {
      return node != null;
    }
  }

  static final String SHAPE_FIX =
      "send {\"records\": [ {...}, ... ]} with 1 to the maximum number of record objects";

  private BatchBody() {}

  /**
   * @throws ApiProblem 400 when the body is not JSON or not the batch shape
   */
  static List<Element> parse(byte[] body, int maxRecords) {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw malformed("the body is empty");
      }
      if (first != JsonToken.START_OBJECT) {
        throw shape("the body must be a JSON object with a \"records\" array");
      }
      List<Element> elements = null;
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String field = p.currentName();
        p.nextToken();
        if (!"records".equals(field)) {
          throw shape(
              "unknown field '" + abbreviate(field) + "': the body has only a \"records\" array");
        }
        if (elements != null) {
          throw shape("\"records\" appears twice");
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
          throw shape("\"records\" must be an array, got " + describe(p.currentToken()));
        }
        elements = elements(p, body, maxRecords);
      }
      if (p.nextToken() != null) {
        throw malformed("there is more after the end of the JSON object");
      }
      if (elements == null) {
        throw shape("the body has no \"records\" array");
      }
      if (elements.isEmpty()) {
        throw ApiProblem.of(400, "empty_batch", "\"records\" is empty", "send at least one record");
      }
      return elements;
    } catch (JsonProcessingException e) {
      throw malformed(where(e) + withoutQuotes(e.getOriginalMessage()));
    } catch (IOException e) {
      throw malformed("the body could not be read as JSON");
    }
  }

  private static List<Element> elements(JsonParser p, byte[] body, int maxRecords)
      throws IOException {
    List<Element> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == null) {
        throw malformed("unexpected end of the body inside \"records\"");
      }
      int index = out.size();
      if (index == maxRecords) {
        throw ApiProblem.of(
            400,
            "too_many_records",
            "\"records\" has more than " + maxRecords + " records",
            "split the batch into requests of at most " + maxRecords + " records");
      }
      if (t == JsonToken.START_OBJECT) {
        int start = (int) p.currentTokenLocation().getByteOffset();
        JsonNode node = p.readValueAsTree();
        int end = (int) p.currentLocation().getByteOffset();
        out.add(
            new Element(
                index, node, new String(body, start, end - start, StandardCharsets.UTF_8), null));
      } else {
        String type = describe(t);
        p.skipChildren();
        out.add(new Element(index, null, null, type));
      }
    }
    return out;
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.name();
    };
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : "line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ": ";
  }

  /** Jackson quotes the offending token; it is the client's data, so it is left out. */
  private static String withoutQuotes(String message) {
    return message == null
        ? ""
        : message
            .replaceAll("Unrecognized token '[^']*'", "Unrecognized token")
            .replaceAll("\\[Source: .*?; ", "[");
  }

  private static ApiProblem shape(String message) {
    return ApiProblem.of(
        400,
        "invalid_body",
        io.cardstream.common.privacy.PayloadMasker.maskDigitRuns(message),
        SHAPE_FIX);
  }

  private static ApiProblem malformed(String message) {
    return ApiProblem.of(
        400,
        "malformed_json",
        "the body is not valid JSON: "
            + io.cardstream.common.privacy.PayloadMasker.maskDigitRuns(
                abbreviate(message == null ? "" : message.replaceAll("\\s+", " "))),
        "send one JSON object, UTF-8 encoded: " + SHAPE_FIX);
  }

  static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "...";
  }
}
