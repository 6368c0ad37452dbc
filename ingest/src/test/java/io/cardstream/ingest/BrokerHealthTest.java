package io.cardstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BrokerHealthTest {

  @Test
  void theBrokerIsProbedAtMostOncePerInterval() {
    AtomicLong now = new AtomicLong();
    AtomicInteger probes = new AtomicInteger();
    boolean[] up = {true};
    BrokerHealth h =
        new BrokerHealth(
            () -> {
              probes.incrementAndGet();
              return up[0];
            },
            now::get);

    assertThat(h.reachable()).isTrue();
    up[0] = false;
    now.addAndGet(BrokerHealth.INTERVAL_NANOS - 1);
    assertThat(h.reachable()).isTrue();
    assertThat(probes.get()).isEqualTo(1);
    now.addAndGet(1);
    assertThat(h.reachable()).isFalse();
    assertThat(probes.get()).isEqualTo(2);
  }
}
