package io.cardstream.common.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.json.JsonFields;

/**
 * The challenger against the champion on the stream's labelled events, before a training run: the
 * {@code shadow} block of metrics.json.
 *
 * @param eventsTable the silver table the events came from
 * @param challenger the CHALLENGER then (null: none in the shadow)
 * @param champion the CHAMPION then (null: none)
 * @param labelledEvents events both scored that carry a label (null: no comparison was made)
 * @param fraudEvents of those, the frauds
 * @param championPrAuc null unless enough frauds to tell
 * @param challengerPrAuc null unless enough frauds to tell
 * @param verdict what became of the challenger, in words
 * @param prAucGain the paired bootstrap interval of the challenger's PR-AUC minus the champion's on
 *     those events (null unless enough frauds to tell): it is promoted when the lower bound is
 *     above 0
 */
public record ShadowVerdict(
    String eventsTable,
    String challenger,
    String champion,
    Long labelledEvents,
    Long fraudEvents,
    Double championPrAuc,
    Double challengerPrAuc,
    String verdict,
    IntervalMetrics.Interval prAucGain) {

  public ObjectNode toJson() {
    ObjectNode n = JsonFields.object();
    n.put("events_table", eventsTable);
    n.put("challenger", challenger);
    n.put("champion", champion);
    JsonFields.putIfPresent(n, "labelled_events", labelledEvents);
    JsonFields.putIfPresent(n, "fraud_events", fraudEvents);
    JsonFields.putIfPresent(n, "champion_pr_auc", championPrAuc);
    JsonFields.putIfPresent(n, "challenger_pr_auc", challengerPrAuc);
    n.put("verdict", verdict);
    if (prAucGain != null) {
      n.set("pr_auc_gain", prAucGain.toJson());
    }
    return n;
  }

  public static ShadowVerdict fromJson(JsonNode n) {
    return new ShadowVerdict(
        JsonFields.text(n, "events_table"),
        JsonFields.text(n, "challenger"),
        JsonFields.text(n, "champion"),
        JsonFields.optionalLong(n, "labelled_events"),
        JsonFields.optionalLong(n, "fraud_events"),
        JsonFields.optionalNumber(n, "champion_pr_auc"),
        JsonFields.optionalNumber(n, "challenger_pr_auc"),
        JsonFields.text(n, "verdict"),
        IntervalMetrics.Interval.fromJson(n.path("pr_auc_gain")));
  }
}
