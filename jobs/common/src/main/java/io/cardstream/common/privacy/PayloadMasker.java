package io.cardstream.common.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cardstream.common.input.Csv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks raw payloads before they are stored (quarantine table, DLQ topic, logs): card numbers keep
 * only their last four digits, and card, security-code and personal fields (names, street, birth
 * date, account numbers) are blanked. A payload that parses as JSON is masked by its decoded keys
 * ({@code "\\u0063c_num"} is {@code cc_num}); one that does not is masked by patterns, after its
 * {@code \\u} escapes of letters and digits are decoded.
 */
public final class PayloadMasker {

  /** JSON keys whose values are never stored, lower case without separators. */
  private static final Set<String> SENSITIVE_KEYS =
      Set.of(
          "ccnum",
          "cardnumber",
          "cardno",
          "pan",
          "primaryaccountnumber",
          "cvv",
          "cvv2",
          "cvc",
          "cvc2",
          "cid",
          "csc",
          "cvn",
          "securitycode",
          "cardsecuritycode",
          "cardverificationvalue",
          "pin",
          "track1",
          "track2",
          "trackdata",
          "first",
          "last",
          "firstname",
          "lastname",
          "name",
          "cardholder",
          "cardholdername",
          "street",
          "address",
          "dob",
          "dateofbirth",
          "birthdate",
          "iban",
          "senderiban",
          "receiveriban");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A JSON key and its value, also in text that is not valid JSON. */
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "\"((?:[^\"\\\\]|\\\\.){1,64})\"(\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"?|[^,}\\]\\s]*)");

  /** {@code \\u} escapes of letters, digits and the separators a card number may have. */
  private static final Pattern PLAIN_ESCAPE =
      Pattern.compile("\\\\u00(3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|2[0DEde]|5[Ff])");

  /**
   * Runs of at least 8 digits, allowing the single spaces, dashes or dots people put between groups
   * of 3+ digits ({@code 4111 1111 1111 1111}) but not date parts such as {@code 2019-01-01}.
   */
  private static final Pattern DIGIT_RUN =
      Pattern.compile("(?<!\\d)\\d{3,}(?:[ .\\-]\\d{3,})*(?!\\d)");

  /**
   * IBAN-like runs: two letters, two check digits, then 11 to 30 letters or digits, possibly in
   * groups of four separated by single spaces.
   */
  private static final Pattern IBAN =
      Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])");

  private PayloadMasker() {}

  /**
   * Masks every card number (any Luhn-valid 13–19 digits, {@link CardNumbers}), every other run of
   * 8+ digits that could be one, and every IBAN, keeping the last four digits of a card number and
   * nothing of an IBAN but its country.
   */
  public static String maskDigitRuns(String text) {
    if (text == null) {
      return null;
    }
    Matcher iban = IBAN.matcher(text);
    if (iban.find()) {
      StringBuilder b = new StringBuilder(text.length());
      do {
        iban.appendReplacement(b, Matcher.quoteReplacement(iban.group().substring(0, 2) + "**"));
      } while (iban.find());
      iban.appendTail(b);
      text = b.toString();
    }
    text = CardNumbers.mask(text);
    Matcher m = DIGIT_RUN.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String run = m.group();
      int digits = countDigits(run);
      if (digits < 8) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, last, m.start());
      int keep = 4;
      int seen = 0;
      for (int i = 0; i < run.length(); i++) {
        char c = run.charAt(i);
        if (Character.isDigit(c)) {
          seen++;
          out.append(seen > digits - keep ? c : '*');
        } else {
          out.append(c);
        }
      }
      last = m.end();
    }
    if (out == null) {
      return text;
    }
    return out.append(text, last, text.length()).toString();
  }

  /** Masks a JSON (or JSON-like, possibly malformed) payload. */
  public static String maskJson(String payload) {
    if (payload == null) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(payload);
      if (root != null && root.isContainerNode()) {
        return JSON.writeValueAsString(mask(root));
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // not JSON: masked by patterns below
    }
    return maskJsonText(decodePlainEscapes(payload));
  }

  /** Blanks sensitive keys' values and masks every other value's digit runs, in place. */
  private static JsonNode mask(JsonNode node) {
    if (node instanceof ObjectNode o) {
      var it = o.fields();
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      it.forEachRemaining(entries::add);
      for (Map.Entry<String, JsonNode> e : entries) {
        JsonNode v = e.getValue();
        if (isSensitive(e.getKey()) && !v.isNull()) {
          o.put(e.getKey(), "***");
        } else {
          o.set(e.getKey(), mask(v));
        }
      }
      return o;
    }
    if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, mask(a.get(i)));
      }
      return a;
    }
    if (node.isTextual() || (node.isNumber() && !node.isFloatingPointNumber())) {
      String masked = maskDigitRuns(node.asText());
      return masked.equals(node.asText()) ? node : TextNode.valueOf(masked);
    }
    if (node.isNumber()) {
      // 4111111111111111.0 is a card number too; a float's digits are masked as text.
      String text = node.asText();
      String masked = maskDigitRuns(text);
      return masked.equals(text) ? node : TextNode.valueOf(masked);
    }
    return node;
  }

  private static boolean isSensitive(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (char c : key.toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        b.append(Character.toLowerCase(c));
      }
    }
    return SENSITIVE_KEYS.contains(b.toString());
  }

  private static String maskJsonText(String payload) {
    Matcher m = KEY_VALUE.matcher(payload);
    StringBuilder out = new StringBuilder(payload.length());
    while (m.find()) {
      String replacement =
          isSensitive(m.group(1)) ? "\"" + m.group(1) + "\"" + m.group(2) + "\"***\"" : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return maskDigitRuns(out.toString());
  }

  private static String decodePlainEscapes(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    Matcher m = PLAIN_ESCAPE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Masks a delimited line: blanks the given column positions when the line has the expected number
   * of fields, and otherwise (positions cannot be trusted) every field containing a letter; then
   * masks any remaining digit runs.
   */
  public static String maskCsv(String line, int expectedFields, int... sensitiveColumns) {
    if (line == null) {
      return null;
    }
    String[] fields;
    boolean trusted;
    try {
      fields = Csv.split(line);
      trusted = fields.length == expectedFields;
    } catch (IllegalArgumentException e) {
      fields = line.split(",", -1);
      trusted = false;
    }
    if (trusted) {
      for (int col : sensitiveColumns) {
        if (col >= 0 && col < fields.length && !fields[col].isEmpty()) {
          fields[col] = "***";
        }
      }
    } else {
      for (int i = 0; i < fields.length; i++) {
        if (fields[i].chars().anyMatch(Character::isLetter)) {
          fields[i] = "***";
        }
      }
    }
    return maskDigitRuns(Csv.join(fields));
  }

  private static int countDigits(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }
}
