package io.cardstream.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeaggregatorTest {

  private static List<String> texts(List<Deaggregator.UserRecord> rs) {
    return rs.stream()
        .map(r -> r.partitionKey() + "=" + new String(r.data(), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void anAggregatedRecordYieldsItsUserRecordsWithTheirOwnKeysInOrder() {
    byte[] agg =
        Kpl.aggregate(
            List.of("card-a", "card-b"),
            List.of(new Kpl.User(0, "one"), new Kpl.User(1, "two"), new Kpl.User(0, "three")));

    assertThat(texts(Deaggregator.split("outer-key", agg)))
        .containsExactly("card-a=one", "card-b=two", "card-a=three");
  }

  @Test
  void aPlainRecordIsOneRecordWithTheRecordsKey() {
    byte[] plain = "{\"trans_num\": \"t1\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(texts(Deaggregator.split("k", plain))).containsExactly("k={\"trans_num\": \"t1\"}");
  }

  @Test
  void aRecordWithTheMagicButAWrongDigestStaysOneRecord() {
    byte[] agg = Kpl.aggregate(List.of("a"), List.of(new Kpl.User(0, "x")));
    agg[agg.length - 1] ^= 1;

    List<Deaggregator.UserRecord> out = Deaggregator.split("k", agg);

    assertThat(out).hasSize(1);
    assertThat(out.get(0).partitionKey()).isEqualTo("k");
    assertThat(out.get(0).data()).isEqualTo(agg);
  }

  @Test
  void aDigestThatMatchesAMalformedMessageStaysOneRecord() {
    // Magic, a message whose key index points past the key table, and that message's real MD5.
    byte[] message = {0x1A, 0x02, 0x08, 0x05};
    byte[] data = new byte[4 + message.length + 16];
    System.arraycopy(Deaggregator.MAGIC, 0, data, 0, 4);
    System.arraycopy(message, 0, data, 4, message.length);
    System.arraycopy(Deaggregator.md5(message), 0, data, 4 + message.length, 16);

    assertThat(Deaggregator.split("k", data)).hasSize(1);
  }
}
