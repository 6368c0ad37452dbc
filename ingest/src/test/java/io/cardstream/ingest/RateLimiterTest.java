package io.cardstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  final AtomicLong now = new AtomicLong(1_000_000_000L);

  void advanceMillis(long ms) {
    now.addAndGet(ms * 1_000_000L);
  }

  @Test
  void aKeyMayUseItsBurstThenWaitsForTheRate() {
    RateLimiter l = new RateLimiter(2, 3, now::get);

    assertThat(l.acquire("a")).isZero();
    assertThat(l.acquire("a")).isZero();
    assertThat(l.acquire("a")).isZero();
    // Empty: the next token comes in 0.5 s, so Retry-After rounds up to 1.
    assertThat(l.acquire("a")).isEqualTo(1);
    advanceMillis(499);
    assertThat(l.acquire("a")).isEqualTo(1);
    advanceMillis(1);
    assertThat(l.acquire("a")).isZero();
    assertThat(l.acquire("a")).isEqualTo(1);
  }

  @Test
  void theBucketRefillsOnlyUpToTheBurst() {
    RateLimiter l = new RateLimiter(10, 2, now::get);
    advanceMillis(60_000);

    assertThat(l.acquire("a")).isZero();
    assertThat(l.acquire("a")).isZero();
    assertThat(l.acquire("a")).isEqualTo(1);
  }

  @Test
  void keysHaveBucketsOfTheirOwn() {
    RateLimiter l = new RateLimiter(1, 1, now::get);

    assertThat(l.acquire("a")).isZero();
    assertThat(l.acquire("a")).isEqualTo(1);
    assertThat(l.acquire("b")).isZero();
  }

  @Test
  void retryAfterIsTheWholeSecondsUntilTheNextToken() {
    RateLimiter l = new RateLimiter(0.1, 1, now::get);

    assertThat(l.acquire("a")).isZero();
    assertThat(l.acquire("a")).isEqualTo(10);
    advanceMillis(2500);
    assertThat(l.acquire("a")).isEqualTo(8);
  }

  @Test
  void aRateOrBurstThatAllowsNothingIsRefused() {
    assertThatThrownBy(() -> new RateLimiter(0, 1, now::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimiter(1, 0, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
