package io.cardstream.common.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.json.JsonFields;
import io.cardstream.common.risk.Calibration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code calibration} block of metrics.json: how the raw score became a probability (fitted on
 * the validation slice, stored as calibration.json) and how well that probability matches the test
 * rows' fraud rate.
 *
 * @param method isotonic or platt: the lower Brier score on the later half of the validation slice
 * @param fitRows validation rows the chosen map was fitted on
 * @param fitFrauds of those, the frauds
 * @param validationBrierIsotonic each method's Brier score on the later half of the slice
 * @param brier the calibrated probability's Brier score on the test rows
 * @param brierRaw the raw score's Brier score on the test rows, for comparison
 * @param ece expected calibration error on the test rows (10 equal-width bins)
 * @param reliability the test rows' reliability table: 10 equal-width bins, empty ones left out
 */
public record CalibrationMetrics(
    String method,
    long fitRows,
    long fitFrauds,
    double validationBrierIsotonic,
    double validationBrierPlatt,
    double brier,
    double brierRaw,
    double ece,
    List<Calibration.Bin> reliability) {

  public CalibrationMetrics {
    reliability = List.copyOf(reliability);
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonFields.object();
    n.put("method", method);
    n.put("fit_rows", fitRows);
    n.put("fit_frauds", fitFrauds);
    n.put("validation_brier_isotonic", validationBrierIsotonic);
    n.put("validation_brier_platt", validationBrierPlatt);
    n.put("brier", brier);
    n.put("brier_raw", brierRaw);
    n.put("ece", ece);
    ArrayNode bins = n.putArray("reliability");
    for (Calibration.Bin b : reliability) {
      ObjectNode o = bins.addObject();
      o.put("lower", b.lower());
      o.put("upper", b.upper());
      o.put("rows", b.count());
      o.put("mean_predicted", b.meanPredicted());
      o.put("observed_rate", b.observedRate());
    }
    return n;
  }

  public static CalibrationMetrics fromJson(JsonNode n) {
    List<Calibration.Bin> bins = new ArrayList<>();
    for (JsonNode o : n.path("reliability")) {
      long rows = o.path("rows").asLong();
      bins.add(
          new Calibration.Bin(
              JsonFields.number(o, "lower"),
              JsonFields.number(o, "upper"),
              rows,
              rows,
              JsonFields.number(o, "mean_predicted"),
              JsonFields.number(o, "observed_rate")));
    }
    return new CalibrationMetrics(
        JsonFields.text(n, "method"),
        n.path("fit_rows").asLong(),
        n.path("fit_frauds").asLong(),
        JsonFields.number(n, "validation_brier_isotonic"),
        JsonFields.number(n, "validation_brier_platt"),
        JsonFields.number(n, "brier"),
        JsonFields.number(n, "brier_raw"),
        JsonFields.number(n, "ece"),
        bins);
  }
}
