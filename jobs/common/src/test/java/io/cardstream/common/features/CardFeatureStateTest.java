package io.cardstream.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** The state's bytes in the stream's state store. */
class CardFeatureStateTest {

  private static final long T0 = 1_546_336_800L; // 2019-01-01T10:00:00Z

  private static CardFeatureState.Input in(long offset, double amt, String category) {
    return new CardFeatureState.Input(
        T0 + offset, amt, 40.1, -75.2, 40.3, -75.0, 41, 12_000L, category);
  }

  /** A week of history in two categories, one event without category or merchant location. */
  private static CardFeatureState history() {
    CardFeatureState s = new CardFeatureState();
    s.next(in(0, 12.5, "grocery_pos"), "t1");
    s.next(in(3_600, 80, "gas_transport"), "t2");
    s.next(
        new CardFeatureState.Input(T0 + 7_200, 3.2, null, null, null, null, null, null, null),
        "t3");
    s.next(in(86_400 * 3, 250, "grocery_pos"), "t4");
    // A late event (before the latest): its offset from the latest is negative.
    s.next(in(86_400 * 2, 40, "grocery_pos"), "t4b");
    return s;
  }

  @Test
  void aStateReadBackFromItsBytesGivesTheSameFeaturesAsTheOriginal() {
    CardFeatureState original = history();
    CardFeatureState copy = CardFeatureState.fromBytes(original.toBytes());

    CardFeatureState.Values a = original.next(in(86_400 * 3 + 60, 900, "grocery_pos"), "t5");
    CardFeatureState.Values b = copy.next(in(86_400 * 3 + 60, 900, "grocery_pos"), "t5");
    assertThat(b.numeric()).containsExactly(a.numeric());
    assertThat(b.cardMeanAmt()).isEqualTo(a.cardMeanAmt());
    assertThat(copy.seen("t2")).isTrue();
    assertThat(copy.seen("t9")).isFalse();
    assertThat(copy.lastSeconds()).isEqualTo(original.lastSeconds());
    // A fresh state too.
    assertThat(CardFeatureState.fromBytes(new CardFeatureState().toBytes()).lastSeconds())
        .isEqualTo(Long.MIN_VALUE);
  }

  /** What the stream's state store held before {@link CardFeatureState#toBytes}. */
  private static byte[] javaSerialized(CardFeatureState s) throws Exception {
    ByteArrayOutputStream java = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(java)) {
      out.writeObject(s);
    }
    return java.toByteArray();
  }

  @Test
  void theBytesAreFarSmallerThanJavaSerialization() throws Exception {
    CardFeatureState s = history();
    // 5 events (~14 bytes each with its id), 3 categories (~30 each), 24 hour counts of a byte.
    assertThat(s.toBytes().length).isLessThan(250);
    assertThat(javaSerialized(s).length).isGreaterThan(4 * s.toBytes().length);
  }

  @Test
  void stateThatAnOlderStreamJavaSerializedStillLoads() throws Exception {
    CardFeatureState old = CardFeatureState.fromBytes(javaSerialized(history()));
    assertThat(old.seen("t4")).isTrue();
    assertThat(old.next(in(86_400 * 4, 10, "misc_net"), "t6").numeric())
        .containsExactly(history().next(in(86_400 * 4, 10, "misc_net"), "t6").numeric());
  }

  @Test
  void unknownBytesAreAClearError() {
    assertThatThrownBy(() -> CardFeatureState.fromBytes(new byte[] {7, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown card state format 7");
  }
}
