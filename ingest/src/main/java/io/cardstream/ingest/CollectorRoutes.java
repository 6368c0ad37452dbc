package io.cardstream.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.service.Json;
import io.cardstream.service.Reply;
import io.cardstream.service.Role;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The clients' route (role collector): {@code POST /collector/transactions}, a batch of records
 * answered per record. A 200 means the sink acknowledged every accepted record; when it does not
 * within the broker timeout (plus a second), the whole request is a 503 and the client retries it.
 *
 * @param maxRecords more records in one request are refused with 400
 * @param brokerTimeout how long the sink may take to acknowledge a batch
 */
record CollectorRoutes(
    EventSink sink,
    RecordProcessor processor,
    Metrics metrics,
    int maxRecords,
    Duration brokerTimeout) {

  static final String PATH = "/collector/transactions";

  void register(Endpoints api) {
    api.add(HandlerType.POST, PATH, Role.COLLECTOR, (ctx, key) -> ingest(ctx, api.body(ctx)));
  }

  private Reply ingest(Context ctx, byte[] body) {
    long deadline = Endpoints.entered(ctx) + brokerTimeout.toNanos() + 1_000_000_000L;
    List<RecordOutcome> outcomes = processor.process(BatchBody.parse(body, maxRecords));
    List<EventSink.Event> events =
        outcomes.stream()
            .filter(RecordOutcome.Accepted.class::isInstance)
            .map(o -> ((RecordOutcome.Accepted) o).event())
            .toList();
    write(events, deadline);
    metrics.records(outcomes);
    return Reply.json(200, results(outcomes));
  }

  /** Returns only when the sink acknowledged every event; else the whole request is a 503. */
  private void write(List<EventSink.Event> events, long deadline) {
    if (events.isEmpty()) {
      return;
    }
    try {
      sink.write(events).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Endpoints.brokerUnavailable("writing the records", e);
    } catch (ExecutionException e) {
      throw Endpoints.brokerUnavailable("writing the records", e.getCause());
    } catch (TimeoutException | RuntimeException e) {
      throw Endpoints.brokerUnavailable("writing the records", e);
    }
  }

  private static ObjectNode results(List<RecordOutcome> outcomes) {
    ObjectNode out = Json.object();
    long accepted = outcomes.stream().filter(RecordOutcome.Accepted.class::isInstance).count();
    out.put("accepted", accepted);
    out.put("rejected", outcomes.size() - accepted);
    ArrayNode arr = out.putArray("results");
    for (RecordOutcome o : outcomes) {
      ObjectNode r = arr.addObject().put("index", o.index());
      if (o instanceof RecordOutcome.Accepted a) {
        r.put("status", "accepted").put("id", a.id());
      } else {
        RecordOutcome.Rejected j = (RecordOutcome.Rejected) o;
        r.put("status", "rejected").put("reason", j.reason().name()).put("detail", j.detail());
      }
    }
    return out;
  }
}
