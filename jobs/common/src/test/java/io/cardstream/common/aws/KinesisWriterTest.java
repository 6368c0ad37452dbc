package io.cardstream.common.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The writer's batching and retries on a PutRecords that fails the way Kinesis does (throttled
 * entries in an otherwise successful call, a call that fails as a whole). The emulator never fails
 * an entry, so these cases are played here; KinesisSourceIT and the stack tests write through the
 * real emulator.
 */
class KinesisWriterTest {

  /** PutRecords that refuses every entry whose data is in {@code refuseOnce} the first time. */
  static final class Flaky implements KinesisClient {
    final Set<String> refuseOnce = new HashSet<>();
    int failWholeCalls;
    final List<String> accepted = new ArrayList<>();
    final List<List<String>> calls = new ArrayList<>();

    @Override
    public PutRecordsResponse putRecords(PutRecordsRequest request) {
      List<String> call = new ArrayList<>();
      for (PutRecordsRequestEntry e : request.records()) {
        call.add(e.partitionKey());
      }
      calls.add(call);
      if (failWholeCalls > 0) {
        failWholeCalls--;
        throw SdkClientException.create("connection reset");
      }
      List<PutRecordsResultEntry> out = new ArrayList<>();
      int failed = 0;
      for (PutRecordsRequestEntry e : request.records()) {
        String d = e.data().asString(StandardCharsets.UTF_8);
        if (refuseOnce.remove(d)) {
          failed++;
          out.add(
              PutRecordsResultEntry.builder()
                  .errorCode("ProvisionedThroughputExceededException")
                  .errorMessage("Rate exceeded for shard shardId-000000000000")
                  .build());
        } else {
          accepted.add(d);
          out.add(
              PutRecordsResultEntry.builder()
                  .sequenceNumber(Integer.toString(accepted.size()))
                  .shardId("shardId-000000000000")
                  .build());
        }
      }
      return PutRecordsResponse.builder().failedRecordCount(failed).records(out).build();
    }

    @Override
    public String serviceName() {
      return "kinesis";
    }

    @Override
    public void close() {}
  }

  static List<KinesisWriter.Entry> entries(int keys, int perKey) {
    List<KinesisWriter.Entry> l = new ArrayList<>();
    for (int i = 0; i < perKey; i++) {
      for (int k = 0; k < keys; k++) {
        l.add(KinesisWriter.Entry.of("card-" + k, "card-" + k + ":" + i));
      }
    }
    return l;
  }

  static Map<String, List<String>> byKey(List<String> data) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    data.forEach(d -> m.computeIfAbsent(d.split(":")[0], k -> new ArrayList<>()).add(d));
    return m;
  }

  @Test
  void throttledEntriesAreSentAgainAndEachKeyKeepsItsOrder() {
    Flaky k = new Flaky();
    List<KinesisWriter.Entry> in = entries(700, 3); // 2,100 records
    for (int i = 0; i < in.size(); i += 7) {
      k.refuseOnce.add(new String(in.get(i).data(), StandardCharsets.UTF_8));
    }
    List<Long> sleeps = new ArrayList<>();

    KinesisWriter.Result r = new KinesisWriter(k, "s", 5, sleeps::add).put(in);

    assertThat(r.records()).isEqualTo(2100);
    assertThat(r.retried()).isEqualTo(300);
    assertThat(k.accepted).hasSize(2100).doesNotHaveDuplicates();
    Map<String, List<String>> got = byKey(k.accepted);
    Map<String, List<String>> want =
        byKey(in.stream().map(e -> new String(e.data(), StandardCharsets.UTF_8)).toList());
    assertThat(got).isEqualTo(want);
    assertThat(k.calls)
        .allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(500).doesNotHaveDuplicates());
    assertThat(sleeps).isNotEmpty().allMatch(ms -> ms >= 50 && ms <= 5000);
  }

  @Test
  void aCallThatFailsAsAWholeIsSentAgain() {
    Flaky k = new Flaky();
    k.failWholeCalls = 2;

    KinesisWriter.Result r = new KinesisWriter(k, "s", 5, ms -> {}).put(entries(3, 2));

    assertThat(r.records()).isEqualTo(6);
    assertThat(k.accepted)
        .containsExactly("card-0:0", "card-1:0", "card-2:0", "card-0:1", "card-1:1", "card-2:1");
    assertThat(r.calls()).isEqualTo(4);
  }

  @Test
  void aRecordRefusedEveryTimeFailsTheWriteWithTheLastError() {
    Flaky k = new Flaky();
    k.failWholeCalls = 100;

    assertThatThrownBy(
            () -> new KinesisWriter(k, "cardstream-transactions", 3, ms -> {}).put(entries(1, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Kinesis stream 'cardstream-transactions' did not take a record after 3 attempts (last"
                + " error: connection reset)");
  }

  @Test
  void recordsOverTheServiceLimitAreRefusedBeforeSending() {
    assertThatThrownBy(() -> new KinesisWriter.Entry("k", new byte[1024 * 1024]))
        .hasMessageStartingWith("a Kinesis record is at most 1 MiB (data and key)");
    assertThatThrownBy(() -> KinesisWriter.Entry.of("", "x"))
        .hasMessage("a Kinesis partition key has 1 to 256 characters");
  }
}
