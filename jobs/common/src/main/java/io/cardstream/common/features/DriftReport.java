package io.cardstream.common.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.json.JsonFields;
import java.util.List;
import java.util.Map;

/**
 * The {@code drift} block of metrics.json and of the stream's status file: a {@link
 * FeatureProfile.Drift} with the limits it was judged by, as written then (a reader shows the
 * limits that applied, not today's).
 *
 * @param notGated features whose PSI is reported but blocks nothing ({@link
 *     FeatureProfile#HISTORY_LENGTH})
 * @param blocking why these rows would keep a model out; empty when nothing does
 */
public record DriftReport(
    long rows,
    double psiLimit,
    double unseenLimit,
    double unseenCategoryShare,
    Map<String, Double> psi,
    List<String> notGated,
    List<String> blocking) {

  public DriftReport {
    psi = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(psi));
    notGated = List.copyOf(notGated);
    blocking = List.copyOf(blocking);
  }

  /** The drift with the limits in force. */
  public static DriftReport of(FeatureProfile.Drift d) {
    return new DriftReport(
        d.rows(),
        FeatureProfile.PSI_LIMIT,
        FeatureProfile.UNSEEN_LIMIT,
        d.unseenShare(),
        d.psi(),
        FeatureProfile.HISTORY_LENGTH.stream().sorted().toList(),
        d.blocking());
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonFields.object();
    n.put("rows", rows);
    n.put("psi_limit", psiLimit);
    n.put("unseen_limit", unseenLimit);
    n.put("unseen_category_share", unseenCategoryShare);
    JsonFields.putDoubles(n, "psi", psi);
    JsonFields.putStrings(n, "not_gated", notGated);
    JsonFields.putStrings(n, "blocking", blocking);
    return n;
  }

  public static DriftReport fromJson(JsonNode n) {
    return new DriftReport(
        n.path("rows").asLong(),
        JsonFields.number(n, "psi_limit"),
        JsonFields.number(n, "unseen_limit"),
        JsonFields.number(n, "unseen_category_share"),
        JsonFields.doubles(n.path("psi")),
        JsonFields.strings(n.path("not_gated")),
        JsonFields.strings(n.path("blocking")));
  }
}
