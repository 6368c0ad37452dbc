package io.cardstream.common.risk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;

/**
 * Maps a raw model score to a calibrated probability of fraud, fitted on a validation slice and
 * stored as {@value #FILE} beside the model. Both methods are monotone non-decreasing in the score
 * and return values in [0, 1].
 *
 * <p>Isotonic predictions interpolate linearly between the PAVA blocks' centres (their weighted
 * mean scores) and are clamped to the end values outside them. Interpolation rather than the step
 * function: a step gives every row of a block the same probability, which ties away the model's
 * ranking inside blocks (PR-AUC of the calibrated score drops) and makes cost thresholds jump
 * between few values; interpolation keeps the order of all rows between the outer centres.
 */
public final class Calibrator implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  public static final String FILE = "calibration.json";

  /** Bumped when the JSON layout changes incompatibly. */
  static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  public enum Method {
    ISOTONIC,
    PLATT
  }

  /** Both fits and their held-out Brier scores, with the raw score's for reference. */
  public record Choice(
      Calibrator chosen,
      Calibrator isotonic,
      Calibrator platt,
      double brierIsotonic,
      double brierPlatt,
      double brierRaw,
      int holdoutRows) {}

  private final Method method;
  private final double[] centres;
  private final double[] values;
  private final double a;
  private final double b;
  private final long fitRows;
  private final long fitPositives;
  private final double fitWeight;

  private Calibrator(
      Method method,
      double[] centres,
      double[] values,
      double a,
      double b,
      long fitRows,
      long fitPositives,
      double fitWeight) {
    this.method = method;
    this.centres = centres;
    this.values = values;
    this.a = a;
    this.b = b;
    this.fitRows = fitRows;
    this.fitPositives = fitPositives;
    this.fitWeight = fitWeight;
  }

  /** Isotonic regression by PAVA; {@code weights} may be null (all 1). */
  public static Calibrator isotonic(double[] scores, int[] labels, double[] weights) {
    Pava.Blocks f = Pava.fit(scores, labels, weights);
    return new Calibrator(
        Method.ISOTONIC, f.centres(), f.values(), 0, 0, f.rows(), f.positives(), f.weight());
  }

  /** Platt scaling on the logit of the score; {@code weights} may be null (all 1). */
  public static Calibrator platt(double[] scores, int[] labels, double[] weights) {
    Platt.Fit f = Platt.fit(scores, labels, weights);
    return new Calibrator(
        Method.PLATT, null, null, f.a(), f.b(), f.rows(), f.positives(), f.weight());
  }

  /**
   * Fits both methods on the fit slice and keeps the one with the lower Brier score on the held-out
   * rows; on a tie Platt, the simpler map. Weights may be null.
   */
  public static Choice choose(
      double[] fitScores,
      int[] fitLabels,
      double[] fitWeights,
      double[] holdScores,
      int[] holdLabels,
      double[] holdWeights) {
    Calibrator iso = isotonic(fitScores, fitLabels, fitWeights);
    Calibrator platt = platt(fitScores, fitLabels, fitWeights);
    double bi = Calibration.brier(iso.predict(holdScores), holdLabels, holdWeights);
    double bp = Calibration.brier(platt.predict(holdScores), holdLabels, holdWeights);
    double[] raw = Arrays.stream(holdScores).map(s -> Math.min(1, Math.max(0, s))).toArray();
    double br = Calibration.brier(raw, holdLabels, holdWeights);
    return new Choice(bi < bp ? iso : platt, iso, platt, bi, bp, br, holdScores.length);
  }

  public double predict(double score) {
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("score is NaN");
    }
    if (method == Method.PLATT) {
      return Platt.sigmoid(a * Platt.logit(score) + b);
    }
    int last = centres.length - 1;
    if (score <= centres[0]) {
      return values[0];
    }
    if (score >= centres[last]) {
      return values[last];
    }
    int k = Arrays.binarySearch(centres, score);
    if (k >= 0) {
      return values[k];
    }
    k = -k - 2; // centres[k] < score < centres[k + 1]
    double f = (score - centres[k]) / (centres[k + 1] - centres[k]);
    double p = values[k] + f * (values[k + 1] - values[k]);
    // Rounding must not step past the next block's value, or monotonicity breaks by an ulp.
    return Math.min(values[k + 1], Math.max(values[k], p));
  }

  public double[] predict(double[] scores) {
    double[] p = new double[scores.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = predict(scores[i]);
    }
    return p;
  }

  public Method method() {
    return method;
  }

  /** Rows with a positive weight in the fit slice. */
  public long fitRows() {
    return fitRows;
  }

  public long fitPositives() {
    return fitPositives;
  }

  public double fitWeight() {
    return fitWeight;
  }

  /** Platt's slope and intercept (0 for isotonic). */
  public double a() {
    return a;
  }

  public double b() {
    return b;
  }

  /** Isotonic block centres and values (empty for Platt); copies. */
  public double[] centres() {
    return centres == null ? new double[0] : centres.clone();
  }

  public double[] values() {
    return values == null ? new double[0] : values.clone();
  }

  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode n = json.createObjectNode();
    n.put("format", FORMAT);
    n.put("method", method.name().toLowerCase(Locale.ROOT));
    ObjectNode fit = n.putObject("fit");
    fit.put("rows", fitRows);
    fit.put("positives", fitPositives);
    fit.put("weight", fitWeight);
    if (method == Method.ISOTONIC) {
      ObjectNode iso = n.putObject("isotonic");
      iso.put("predict", "linear between centres, clamped outside");
      iso.set("centres", json.valueToTree(centres));
      iso.set("values", json.valueToTree(values));
    } else {
      ObjectNode platt = n.putObject("platt");
      platt.put("predict", "sigmoid(a * logit(clip(score)) + b)");
      platt.put("a", a);
      platt.put("b", b);
      platt.put("clip", Platt.CLIP);
    }
    return n;
  }

  public String toJsonString() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(JSON));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Calibrator parse(String text) {
    try {
      return fromJson(JSON.readTree(text));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("calibration is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads {@link #toJson}'s document back, checking what predict relies on. */
  public static Calibrator fromJson(JsonNode n) {
    if (n.path("format").asInt(-1) != FORMAT) {
      throw new IllegalArgumentException(
          "calibration format is not " + FORMAT + ": " + n.get("format"));
    }
    Method m;
    try {
      m = Method.valueOf(n.path("method").asText("").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown calibration method: " + n.get("method"), e);
    }
    JsonNode fit = n.path("fit");
    long rows = fit.path("rows").asLong();
    long positives = fit.path("positives").asLong();
    double weight = fit.path("weight").asDouble();
    if (m == Method.PLATT) {
      JsonNode p = n.path("platt");
      double a = number(p, "a");
      double b = number(p, "b");
      if (a < 0 || p.path("clip").asDouble(Platt.CLIP) != Platt.CLIP) {
        throw new IllegalArgumentException("platt needs a >= 0 and clip " + Platt.CLIP + ": " + p);
      }
      return new Calibrator(m, null, null, a, b, rows, positives, weight);
    }
    double[] c = array(n.path("isotonic"), "centres");
    double[] v = array(n.path("isotonic"), "values");
    if (c.length == 0 || c.length != v.length) {
      throw new IllegalArgumentException("isotonic centres and values must be non-empty, equal");
    }
    for (int i = 0; i < c.length; i++) {
      if (v[i] < 0 || v[i] > 1 || i > 0 && (c[i] <= c[i - 1] || v[i] < v[i - 1])) {
        throw new IllegalArgumentException(
            "isotonic centres must increase and values be non-decreasing in [0, 1], at " + i);
      }
    }
    return new Calibrator(m, c, v, 0, 0, rows, positives, weight);
  }

  private static double number(JsonNode parent, String field) {
    return finite(parent.get(field), field);
  }

  private static double finite(JsonNode x, String what) {
    if (x == null || !x.isNumber() || !Double.isFinite(x.asDouble())) {
      throw new IllegalArgumentException("calibration field " + what + " is not a finite number");
    }
    return x.asDouble();
  }

  private static double[] array(JsonNode parent, String field) {
    JsonNode x = parent.path(field);
    if (!x.isArray()) {
      throw new IllegalArgumentException("isotonic." + field + " is not an array");
    }
    double[] out = new double[x.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = finite(x.get(i), field + "[" + i + "]");
    }
    return out;
  }
}
