package io.cardstream.common.kafka;

import io.cardstream.common.lake.Topics;
import java.util.List;
import java.util.Map;

/**
 * A topic as a deployment wants it: its partitions and the configs it is created with.
 *
 * @param configs {@code cleanup.policy} always; {@code retention.ms} for the deleting topics
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

  public static final String CLEANUP_POLICY = "cleanup.policy";
  public static final String RETENTION_MS = "retention.ms";

  private static final String WEEK = "604800000";
  private static final String TWO_WEEKS = "1209600000";

  /**
   * Every topic of {@link Topics#ALL}, in its order, as deployed (docs/deploy.md "Topics"): the
   * data topics deleted after a week, the dead letters and answers after two, the control plane and
   * the commit markers compacted (a long outage cannot age out the last marker or flag).
   */
  public static final List<TopicSpec> DEPLOYED =
      List.of(
          deleting(Topics.TRANSACTIONS, 6, WEEK),
          deleting(Topics.APPROVED, 6, WEEK),
          deleting(Topics.DECLINED, 6, WEEK),
          deleting(Topics.ALERTS, 3, WEEK),
          deleting(Topics.DLQ, 3, TWO_WEEKS),
          compacted(Topics.SINK_COMMITS, 1),
          deleting(Topics.LAKE, 6, WEEK),
          compacted(Topics.FLAGGED_ACCOUNTS, 3),
          compacted(Topics.RULES, 1),
          deleting(Topics.ALERTS_DLQ, 3, TWO_WEEKS),
          deleting(Topics.FEEDBACK, 3, TWO_WEEKS));

  public TopicSpec {
    if (partitions < 1) {
      throw new IllegalArgumentException(name + ": a topic has at least one partition");
    }
    configs = Map.copyOf(configs);
  }

  private static TopicSpec deleting(String name, int partitions, String retentionMs) {
    return new TopicSpec(
        name, partitions, Map.of(CLEANUP_POLICY, "delete", RETENTION_MS, retentionMs));
  }

  private static TopicSpec compacted(String name, int partitions) {
    return new TopicSpec(name, partitions, Map.of(CLEANUP_POLICY, "compact"));
  }
}
