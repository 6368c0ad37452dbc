package io.cardstream.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.aws.ShardPosition;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.connector.read.streaming.Offset;

/**
 * The source's offset: every shard being read and its {@link ShardPosition}. Spark writes it to the
 * checkpoint's offset log before a micro-batch runs, so a restarted query reads the batch's exact
 * range again.
 */
public final class KinesisOffset extends Offset {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, ShardPosition> shards;

  public KinesisOffset(Map<String, ShardPosition> shards) {
    this.shards = Collections.unmodifiableMap(new TreeMap<>(shards));
  }

  public Map<String, ShardPosition> shards() {
    return shards;
  }

  @Override
  public String json() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode s = root.putObject("shards");
    shards.forEach(
        (id, p) -> {
          ObjectNode n = s.putObject(id);
          n.put("position", p.kind().name());
          if (p.value() != null) {
            n.put("value", p.value());
          }
          if (p.ended()) {
            n.put("ended", true);
          }
        });
    return root.toString();
  }

  public static KinesisOffset fromJson(String json) {
    try {
      JsonNode s = JSON.readTree(json).path("shards");
      if (!s.isObject()) {
        throw new IllegalArgumentException("no shards");
      }
      Map<String, ShardPosition> shards = new TreeMap<>();
      s.fields()
          .forEachRemaining(
              e ->
                  shards.put(
                      e.getKey(),
                      new ShardPosition(
                          ShardPosition.Kind.valueOf(e.getValue().path("position").asText()),
                          e.getValue().hasNonNull("value")
                              ? e.getValue().get("value").asText()
                              : null,
                          e.getValue().path("ended").asBoolean(false))));
      return new KinesisOffset(shards);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Kinesis source offset: " + json, e);
    }
  }
}
