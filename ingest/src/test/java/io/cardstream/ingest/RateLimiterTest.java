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
  void fullBucketsAreDroppedOnceThereAreManyAndTheLimitStillHolds() {
    RateLimiter l = new RateLimiter(1, 2, now::get, 3);
    // "busy" empties its bucket; the others take one token each and refill within the second.
    l.acquire("busy");
    l.acquire("busy");
    assertThat(l.acquire("busy")).isEqualTo(1);
    for (String address : new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3"}) {
      l.acquire(address);
    }
    assertThat(l.size()).isEqualTo(4);
    advanceMillis(1000);

    assertThat(l.acquire("new")).isZero(); // 4 buckets > 3: the full ones are dropped first

    assertThat(l.size()).isEqualTo(2);
    // "busy" was not full (one token back after 1 s), so it was kept and is still limited.
    assertThat(l.acquire("busy")).isZero();
    assertThat(l.acquire("busy")).isEqualTo(1);
  }

  @Test
  void aRateOrBurstThatAllowsNothingIsRefused() {
    assertThatThrownBy(() -> new RateLimiter(0, 1, now::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimiter(1, 0, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
