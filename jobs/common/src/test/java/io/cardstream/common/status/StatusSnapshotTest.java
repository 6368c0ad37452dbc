package io.cardstream.common.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.json.JsonFields;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The stream's status file through its record: files the stream wrote read and write back to the
 * byte (a batch with a model set aside; an outage before any batch; a batch with its drift and an
 * outage after it), and an older file without the fields added since reads.
 */
class StatusSnapshotTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = StatusSnapshotTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void filesTheStreamWroteRoundTripToTheByte() throws IOException {
    for (String name :
        new String[] {
          "status-set-aside.json", "status-outage-only.json", "status-drift-outage.json"
        }) {
      String text = resource(name);
      StatusSnapshot s = StatusSnapshot.fromJson(JsonFields.parse(text));
      assertThat(new String(s.toBytes(), StandardCharsets.UTF_8)).as(name).isEqualTo(text);
    }
  }

  @Test
  void readsTheBatchTheModelsSetAsideAndTheOutage() throws IOException {
    StatusSnapshot s = StatusSnapshot.fromJson(JsonFields.parse(resource("status-set-aside.json")));
    StatusSnapshot.Batch b = s.lastBatch();
    assertThat(b.timestamp()).isEqualTo(Instant.parse("2026-12-06T16:19:29Z"));
    assertThat(b.decisions()).containsEntry("REVIEW", 1L);
    assertThat(b.topicsWritten()).isFalse();
    assertThat(b.modelsSetAside())
        .extracting(StatusSnapshot.SetAside::describe)
        .containsExactly(
            "champion v1 since 2026-12-06T16:19:30.422434373Z: scoring failed: RuntimeException:"
                + " broken model");
    assertThat(s.outage()).isNull();

    StatusSnapshot outage =
        StatusSnapshot.fromJson(JsonFields.parse(resource("status-outage-only.json")));
    assertThat(outage.lastBatch()).isNull();
    assertThat(outage.outage().describe())
        .startsWith("batch 0 has retried its sinks 1 time(s) over 0 s: writing the sinks failed");

    StatusSnapshot both =
        StatusSnapshot.fromJson(JsonFields.parse(resource("status-drift-outage.json")));
    assertThat(both.lastBatch().drift().windowMinutes()).isEqualTo(60);
    assertThat(both.lastBatch().drift().report().psi()).hasSize(23);
    assertThat(both.lastBatch().totals().inputRows()).isEqualTo(31);
    assertThat(both.outage().attempts()).isEqualTo(1);
  }

  @Test
  void anOlderFileReadsAndANonObjectIsRefused() {
    StatusSnapshot s =
        StatusSnapshot.fromJson(
            JsonFields.parse(
                "{\"query_id\": \"q\", \"batch_id\": 3, \"timestamp\": \"2026-12-02T07:03:06.056Z\","
                    + " \"input_rows\": 2188, \"decisions\": {\"APPROVE\": 2117},"
                    + " \"totals_since_start\": {\"input_rows\": 2188}}"));
    assertThat(s.lastBatch().failedRows()).isZero();
    assertThat(s.lastBatch().modelsSetAside()).isEmpty();
    assertThat(s.lastBatch().drift()).isNull();
    assertThat(s.lastBatch().totals().decisions()).isEmpty();
    assertThatThrownBy(() -> StatusSnapshot.fromJson(JsonFields.parse("[1]")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLakeQuerysSectionAndItsOutageRoundTrip() {
    StatusSnapshot.Outage away =
        new StatusSnapshot.Outage(
            7, 2, 31, "writing the lake failed: dynamodb", Instant.parse("2026-12-06T19:00:01Z"));
    StatusSnapshot.Lake lake =
        new StatusSnapshot.Lake(
            "q-lake",
            6,
            Instant.parse("2026-12-06T19:00:00.125Z"),
            31_000,
            4_200,
            30_990,
            10,
            java.util.Map.of("silver", true),
            java.util.Map.of("silver", 1_800L),
            33_000,
            120_000,
            null);
    StatusSnapshot s = new StatusSnapshot(null, null).withLake(lake.withOutage(away));

    StatusSnapshot back = StatusSnapshot.fromJson(JsonFields.parse(new String(s.toBytes())));
    assertThat(back).isEqualTo(s);
    assertThat(back.lastBatch()).isNull();
    assertThat(back.lake().outage().describe()).startsWith("batch 7 has retried its sinks 2");
    // A file without the section (one the decisions query wrote alone) has none.
    assertThat(
            StatusSnapshot.fromJson(JsonFields.parse("{\"query_id\": \"q\", \"batch_id\": 3}"))
                .lake())
        .isNull();
  }
}
