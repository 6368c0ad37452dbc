package io.cardstream.console.source;

import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.privacy.PayloadMasker;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules whose descriptions the pages show for a reason code: the latest document on the rules
 * topic, re-read every minute in the background (a page never waits for Kafka), the seed rules
 * until one was read or when the topic has none.
 */
public final class RulesInForce implements Supplier<RuleSet>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RulesInForce.class);

  private volatile RuleSet rules = RuleSet.defaults();
  private final ScheduledExecutorService timer;

  /**
   * @param control the control topics, or null (no Kafka: the seed rules)
   */
  public RulesInForce(ControlTopics control) {
    if (control == null) {
      timer = null;
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "console-rules");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(() -> read(control), 0, 60, TimeUnit.SECONDS);
  }

  private void read(ControlTopics control) {
    try {
      String doc = control.rulesDocument();
      if (doc != null) {
        rules = RuleSet.parse(doc, "the rules topic");
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "could not read the rules topic (the reasons keep the last rules read): {}",
          PayloadMasker.maskDigitRuns(String.valueOf(e.getMessage())));
    }
  }

  @Override
  public RuleSet get() {
    return rules;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
