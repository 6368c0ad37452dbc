package io.cardstream.common.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CommitEntryTest {

  private static final CommitEntry OPEN =
      CommitEntry.incomplete("s3://b/lake/silver", "00000000000000000005.json", ".tmp/x.uuid");

  @Test
  void anIncompleteEntryHasNoExpiryAndRoundTrips() {
    Map<String, AttributeValue> item = OPEN.toItem();
    assertThat(item)
        .containsOnlyKeys("tablePath", "fileName", "tempPath", "complete")
        .containsEntry("complete", AttributeValue.builder().s("false").build());
    assertThat(CommitEntry.fromItem(item)).isEqualTo(OPEN);
  }

  @Test
  void aCompleteEntryCarriesItsTtlAsANumber() {
    CommitEntry done = OPEN.completed(1_700_000_000L);
    Map<String, AttributeValue> item = done.toItem();
    assertThat(item.get("expireTime").n()).isEqualTo("1700000000");
    assertThat(item.get("complete").s()).isEqualTo("true");
    assertThat(CommitEntry.fromItem(item)).isEqualTo(done);
    assertThat(done.key())
        .isEqualTo(
            Map.of(
                "tablePath", AttributeValue.builder().s("s3://b/lake/silver").build(),
                "fileName", AttributeValue.builder().s("00000000000000000005.json").build()));
  }

  @Test
  void completenessAndExpiryGoTogether() {
    assertThatThrownBy(() -> new CommitEntry("t", "f", "p", true, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommitEntry("t", "f", "p", false, 5L))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
