package io.cardstream.common.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.privacy.CardNumbers;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A versioned rules file (see {@code default-rules.json}): model score thresholds and which policy
 * sets them, rules with actions, and flagged card tokens. Validated on load; every error names the
 * file and the entry.
 *
 * @param policy where the REVIEW and DECLINE thresholds on the model's calibrated probability come
 *     from ({@code model.policy}, default {@code thresholds})
 */
public record RuleSet(
    String version,
    double reviewThreshold,
    double declineThreshold,
    List<Rule> rules,
    Set<String> flaggedCards,
    ThresholdPolicy policy)
    implements Serializable {

  /** Where the model's thresholds come from. */
  public enum ThresholdPolicy {
    /** This file's {@code review_threshold} and {@code decline_threshold}. */
    THRESHOLDS,
    /**
     * The champion's cost-optimal thresholds (its metrics.json {@code costs}), chosen in training
     * with the amounts at stake; a model without them falls back to this file's thresholds.
     */
    COST;

    static ThresholdPolicy fromName(String name, String source) {
      for (ThresholdPolicy p : values()) {
        if (p.name().equalsIgnoreCase(name.trim())) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          source + ": model.policy must be 'thresholds' or 'cost', got '" + name + "'");
    }
  }

  /** One rule. Parameters unused by a type are ignored. */
  public record Rule(
      String id, String type, String action, double amount, double ratio, int minHistory, int count)
      implements Serializable {

    /** What the rule says, for reports: e.g. {@code amount > 1000}. */
    public String describe() {
      return switch (type) {
        case "flagged_card" -> "card is flagged";
        case "amount_over" -> "amount > " + number(amount);
        case "above_card_average" -> "amount > " + number(100 * ratio) + "% of card average";
        case "count_1h_over" -> "more than " + count + " transactions in 1 h";
        default -> type;
      };
    }

    /** Whether it judges the transaction itself (a flag list says nothing about the data). */
    public boolean judgesTheTransaction() {
      return !type.equals("flagged_card");
    }

    /** A parameter as written in a rules file: whole numbers without a fraction. */
    static String number(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
  }

  static final List<String> TYPES =
      List.of("flagged_card", "amount_over", "above_card_average", "count_1h_over");
  static final List<String> ACTIONS = List.of(Decision.DECLINE, Decision.REVIEW, "TAG");
  private static final ObjectMapper JSON = new ObjectMapper();

  public RuleSet {
    rules = List.copyOf(rules);
    flaggedCards = Set.copyOf(flaggedCards);
    policy = policy == null ? ThresholdPolicy.THRESHOLDS : policy;
  }

  /** The same rules deciding with other model thresholds (the policy's, for one model). */
  public RuleSet withThresholds(double review, double decline) {
    return new RuleSet(version, review, decline, rules, flaggedCards, policy);
  }

  /** The project's seed rules. */
  public static RuleSet defaults() {
    return parse(defaultDocument(), "default-rules.json");
  }

  /** The seed rules document, as text (what {@code rules publish} would publish). */
  public static String defaultDocument() {
    try (InputStream in = RuleSet.class.getResourceAsStream("default-rules.json")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RuleSet load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("rules file " + file + " does not exist");
    }
    try {
      return parse(JSON.readTree(file.toFile()), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "rules file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /**
   * A rules document given as text (a file's content, a topic value, an HTTP body).
   *
   * @throws IllegalArgumentException with what is wrong, naming {@code source}
   */
  public static RuleSet parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          source + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + " must be a JSON object (a rules document)");
    }
    return parse(root, source);
  }

  static RuleSet parse(JsonNode root, String source) {
    refuseCardNumbers(root, "", source);
    String version = text(root, "version", source);
    JsonNode model = root.path("model");
    double review = model.path("review_threshold").asDouble(Double.NaN);
    double decline = model.path("decline_threshold").asDouble(Double.NaN);
    ThresholdPolicy policy =
        ThresholdPolicy.fromName(model.path("policy").asText("thresholds"), source);
    if (!(review >= 0 && review <= decline && decline <= 1)) {
      throw new IllegalArgumentException(
          source
              + ": model thresholds must satisfy 0 <= review_threshold <= decline_threshold <= 1,"
              + " got "
              + review
              + " and "
              + decline);
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode r : root.path("rules")) {
      String id = text(r, "id", source);
      if (!ids.add(id)) {
        throw new IllegalArgumentException(source + ": rule id '" + id + "' appears twice");
      }
      String type = text(r, "type", source + " rule " + id);
      if (!TYPES.contains(type)) {
        throw new IllegalArgumentException(
            source + ": rule " + id + " has unknown type '" + type + "'; known types: " + TYPES);
      }
      String action = text(r, "action", source + " rule " + id).toUpperCase(Locale.ROOT);
      if (!ACTIONS.contains(action)) {
        throw new IllegalArgumentException(
            source
                + ": rule "
                + id
                + " has unknown action '"
                + action
                + "'; use one of "
                + ACTIONS);
      }
      rules.add(
          new Rule(
              id,
              type,
              action,
              r.path("amount").asDouble(0),
              r.path("ratio").asDouble(0),
              r.path("min_history").asInt(1),
              r.path("count").asInt(0)));
    }
    Set<String> flagged = new HashSet<>();
    root.path("flagged_cards").forEach(n -> flagged.add(n.asText()));
    return new RuleSet(version, review, decline, rules, flagged, policy);
  }

  /**
   * Refuses a document with a card number anywhere in it (values, field names, numbers): it is
   * published on a topic, kept by the stream and shown by the CLI and the API. Cards are named by
   * their token in {@code flagged_cards}; a hex token may hold a digit run that reads as a card
   * number, so those entries are checked as ids. The error names where, never the value.
   */
  private static void refuseCardNumbers(JsonNode n, String path, String source) {
    if (n.isObject()) {
      var fields = n.fields();
      while (fields.hasNext()) {
        var f = fields.next();
        String at = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
        if (CardNumbers.inText(f.getKey())) {
          throw cardNumber(source, "a field name" + (path.isEmpty() ? "" : " in " + path));
        }
        refuseCardNumbers(f.getValue(), at, source);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        refuseCardNumbers(n.get(i), path + "[" + i + "]", source);
      }
    } else if (n.isValueNode() && !n.isNull()) {
      String v = n.asText();
      boolean token = path.startsWith("flagged_cards[");
      if (token ? CardNumbers.inId(v) : CardNumbers.inText(v)) {
        throw cardNumber(source, path);
      }
    }
  }

  private static IllegalArgumentException cardNumber(String source, String where) {
    return new IllegalArgumentException(
        source
            + ": "
            + where
            + " holds what looks like a card number; a rules document never carries one (name a"
            + " card by its token in flagged_cards)");
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": '" + field + "' is required");
    }
    return v.asText();
  }
}
