package io.cardstream.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.aws.ShardPosition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KinesisOffsetTest {

  @Test
  void anOffsetSurvivesItsJsonWithEveryKindOfPosition() {
    KinesisOffset o =
        new KinesisOffset(
            Map.of(
                "shardId-000000000001",
                    ShardPosition.after("49659000000000000000000000000000000000000000000000000018")
                        .ended(true),
                "shardId-000000000000", ShardPosition.trimHorizon(),
                "shardId-000000000002", ShardPosition.atTimestamp(1_700_000_000_000L)));

    KinesisOffset back = KinesisOffset.fromJson(o.json());

    assertThat(back.shards()).isEqualTo(o.shards());
    assertThat(back.json()).isEqualTo(o.json());
    // Shards in a fixed order, so equal offsets have equal JSON (Spark compares the JSON).
    assertThat(o.json())
        .startsWith("{\"shards\":{\"shardId-000000000000\":{\"position\":\"TRIM_HORIZON\"}");
  }

  @Test
  void aForeignOffsetIsAClearError() {
    assertThatThrownBy(() -> KinesisOffset.fromJson("{\"topic\":{\"0\":12}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a Kinesis source offset");
  }

  @Test
  void optionsAreValidatedWithTheOptionsName() {
    assertThatThrownBy(() -> KinesisOptions.from(Map.of("region", "us-east-1")))
        .hasMessage("the Kinesis source needs option streamName");
    assertThatThrownBy(
            () ->
                KinesisOptions.from(
                    Map.of("streamName", "s", "region", "r", "startingPosition", "EARLIEST")))
        .hasMessageContaining("startingPosition must be TRIM_HORIZON, LATEST or an ISO-8601");
    assertThatThrownBy(
            () ->
                KinesisOptions.from(
                    Map.of("streamName", "s", "region", "r", "maxRecordsPerTrigger", "lots")))
        .hasMessage("maxrecordspertrigger must be a whole number, got 'lots'");
    assertThat(
            KinesisOptions.from(
                    Map.of("STREAMNAME", "s", "Region", "r", "maxRecordsPerTrigger", "7"))
                .maxRecordsPerTrigger())
        .isEqualTo(7);
  }
}
