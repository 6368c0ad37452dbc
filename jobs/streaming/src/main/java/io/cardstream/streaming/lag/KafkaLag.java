package io.cardstream.streaming.lag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a Kafka-reading query is behind its topics, from one progress report of the query: per
 * partition, the latest offset the source saw minus the offset the last batch processed up to.
 * Spark's Kafka source commits no consumer-group offsets, so the brokers cannot tell this; the
 * query has to.
 *
 * @param records topic -> records not yet processed, summed over its partitions
 */
public record KafkaLag(Map<String, Long> records) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public KafkaLag {
    records = Map.copyOf(records);
  }

  /**
   * The lag from a source's {@code endOffset} and {@code latestOffset} (Spark's Kafka offsets JSON,
   * {@code {"topic":{"0":12,"1":40}}}). A partition the batch has not reached yet counts from 0; a
   * partition without a latest offset counts nothing.
   */
  public static KafkaLag of(String endOffsetJson, String latestOffsetJson) {
    Map<String, Long> out = new TreeMap<>();
    try {
      JsonNode end = endOffsetJson == null ? JSON.createObjectNode() : JSON.readTree(endOffsetJson);
      JsonNode latest = latestOffsetJson == null ? null : JSON.readTree(latestOffsetJson);
      if (latest == null || !latest.isObject()) {
        return new KafkaLag(out);
      }
      for (Iterator<Map.Entry<String, JsonNode>> t = latest.fields(); t.hasNext(); ) {
        Map.Entry<String, JsonNode> topic = t.next();
        long behind = 0;
        for (Iterator<Map.Entry<String, JsonNode>> p = topic.getValue().fields(); p.hasNext(); ) {
          Map.Entry<String, JsonNode> partition = p.next();
          long done = end.path(topic.getKey()).path(partition.getKey()).asLong(0);
          behind += Math.max(0, partition.getValue().asLong() - done);
        }
        out.put(topic.getKey(), behind);
      }
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not Kafka offsets: " + e.getMessage(), e);
    }
    return new KafkaLag(out);
  }
}
