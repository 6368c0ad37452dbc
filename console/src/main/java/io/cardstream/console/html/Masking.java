package io.cardstream.console.html;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cardstream.common.privacy.PayloadMasker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A topic message as the console shows it. The stream's masker ({@link PayloadMasker#maskJson})
 * works on patterns, so it misses a record nested as a JSON string (a dead letter's {@code
 * payload}: {@code "{\"first\": \"...\"}"}). Here a message that parses is walked: sensitive fields
 * are blanked at any depth, also inside string values that are JSON themselves; one that does not
 * parse gets the pattern masker, once as it is and once for escaped quotes. Digit runs that could
 * be card numbers and IBANs are masked last, whatever the path.
 */
public final class Masking {

  /** The stream masker's sensitive keys (common/privacy), compared without case. */
  static final Set<String> SENSITIVE =
      Set.of(
          "cc_num",
          "card_number",
          "pan",
          "cvv",
          "cvc",
          "cvv2",
          "first",
          "last",
          "street",
          "dob",
          "iban",
          "senderiban",
          "receiveriban");

  static final String BLANK = "***";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DEPTH = 8;

  /** The sensitive keys inside a JSON string's escaped quotes: {@code \"first\": \"x\"}. */
  private static final Pattern ESCAPED =
      Pattern.compile(
          "\\\\\"(cc_num|card_number|pan|cvv|cvc|cvv2|first|last|street|dob|iban|senderIban"
              + "|receiverIban)\\\\\"(\\s*:\\s*)(\\\\\"(?:[^\\\\]|\\\\(?!\"))*(?:\\\\\")?|[^,}\\]\\s\\\\]*)",
          Pattern.CASE_INSENSITIVE);

  private Masking() {}

  /** The message with every sensitive field blanked and card numbers and IBANs masked. */
  public static String json(String payload) {
    if (payload == null) {
      return null;
    }
    String out;
    try {
      JsonNode n = JSON.readTree(payload);
      out = n == null ? patterns(payload) : JSON.writeValueAsString(walk(n, 0));
    } catch (JsonProcessingException notJson) {
      out = patterns(payload);
    }
    return PayloadMasker.maskDigitRuns(out);
  }

  private static String patterns(String text) {
    String once = PayloadMasker.maskJson(text);
    Matcher m = ESCAPED.matcher(once);
    StringBuilder b = new StringBuilder(once.length());
    while (m.find()) {
      m.appendReplacement(
          b,
          Matcher.quoteReplacement(
              "\\\"" + m.group(1) + "\\\"" + m.group(2) + "\\\"" + BLANK + "\\\""));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static JsonNode walk(JsonNode n, int depth) {
    if (depth > MAX_DEPTH) {
      return TextNode.valueOf(BLANK);
    }
    if (n.isObject()) {
      ObjectNode o = (ObjectNode) n;
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String k : names) {
        if (SENSITIVE.contains(k.toLowerCase(Locale.ROOT))) {
          o.put(k, BLANK);
        } else {
          o.set(k, walk(o.get(k), depth + 1));
        }
      }
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = (ArrayNode) n;
      for (int i = 0; i < a.size(); i++) {
        a.set(i, walk(a.get(i), depth + 1));
      }
      return a;
    }
    if (n.isTextual()) {
      String s = n.asText().trim();
      if (s.startsWith("{") || s.startsWith("[")) {
        // A record inside a string (a dead letter's payload): masked the same way, kept a string.
        return TextNode.valueOf(json(n.asText()));
      }
    }
    return n;
  }
}
