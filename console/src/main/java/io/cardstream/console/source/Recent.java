package io.cardstream.console.source;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The messages of the last {@code span} of some topics: up to now when there are any that recent,
 * else the span up to the newest message (a stream that stopped an hour ago still shows its last
 * hour, said as such).
 *
 * @param live the window ends now; false: it ends at the newest message, {@code to}
 */
public record Recent(
    List<TopicReader.Message> messages,
    Instant from,
    Instant to,
    boolean live,
    boolean truncated,
    boolean partial) {

  public static Recent read(
      TopicReader reader, List<String> topics, Instant now, Duration span, int max) {
    TopicReader.Window w = reader.since(topics, now.minus(span), max);
    if (!w.messages().isEmpty()) {
      return new Recent(w.messages(), now.minus(span), now, true, w.truncated(), w.partial());
    }
    Instant newest = reader.newest(topics);
    if (newest.equals(Instant.EPOCH)) {
      return new Recent(List.of(), now.minus(span), now, true, false, w.partial());
    }
    Instant from = newest.minus(span).plusMillis(1);
    TopicReader.Window old = reader.since(topics, from, max);
    return new Recent(old.messages(), from, newest, false, old.truncated(), old.partial());
  }
}
