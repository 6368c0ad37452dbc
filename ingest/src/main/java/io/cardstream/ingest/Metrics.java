package io.cardstream.ingest;

import io.cardstream.common.contract.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The collector's counters in Prometheus' text format. Labels come from closed sets (route names,
 * status codes, reason codes, key ids of the keys file), never from the request, so a client cannot
 * grow the series without bound. The key ids name the clients and are shown only to a scrape that
 * carries a key ({@link #render(boolean)}).
 */
final class Metrics {

  static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byKey = new ConcurrentHashMap<>();
  private final LongAdder accepted = new LongAdder();
  private final Map<ReasonCode, LongAdder> rejected = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private volatile Boolean brokerReachable;

  /** What a GET of a feedback link showed. */
  static final List<String> LINK_VIEWS =
      List.of(
          "shown",
          "malformed",
          "tampered",
          "expired",
          "wrong_card",
          "not_found",
          "already_resolved",
          "unavailable");

  /** The answers' outcomes shown even before they happen (a rate of 0 is worth seeing). */
  static final List<String> ANSWER_OUTCOMES = List.of("resolved", "already_resolved", "not_found");

  private final Map<String, LongAdder> linkViews = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> casesCalls = new ConcurrentHashMap<>();

  Metrics() {
    LINK_VIEWS.forEach(v -> linkViews.put("result=\"" + v + "\"", new LongAdder()));
    for (String source : List.of("customer", "analyst")) {
      ANSWER_OUTCOMES.forEach(o -> answers.put(answerLabels(source, o), new LongAdder()));
    }
  }

  private static final class Histogram {
    final LongAdder[] counts = new LongAdder[BUCKETS.length];
    final LongAdder count = new LongAdder();
    final DoubleAdder sum = new DoubleAdder();

    Histogram() {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void observe(double seconds) {
      for (int i = 0; i < BUCKETS.length; i++) {
        if (seconds <= BUCKETS[i]) {
          counts[i].increment();
        }
      }
      count.increment();
      sum.add(seconds);
    }
  }

  void request(String route, String method, int status, double seconds, String keyId) {
    requests
        .computeIfAbsent(
            "route=\"" + route + "\",method=\"" + method + "\",status=\"" + status + "\"",
            k -> new LongAdder())
        .increment();
    latency.computeIfAbsent(route, k -> new Histogram()).observe(seconds);
    if (keyId != null) {
      byKey.computeIfAbsent(keyId, k -> new LongAdder()).increment();
    }
  }

  void records(List<RecordOutcome> outcomes) {
    for (RecordOutcome o : outcomes) {
      if (o instanceof RecordOutcome.Rejected r) {
        rejected.computeIfAbsent(r.reason(), k -> new LongAdder()).increment();
      } else {
        accepted.increment();
      }
    }
  }

  /** A GET of a feedback link: {@code result} is one of {@link #LINK_VIEWS}. */
  void linkView(String result) {
    linkViews.computeIfAbsent("result=\"" + result + "\"", k -> new LongAdder()).increment();
  }

  /**
   * An answer about a case: {@code source} customer or analyst, {@code outcome} resolved,
   * already_resolved, not_found, or why it was refused (malformed, tampered, expired, wrong_card,
   * invalid_answer, unavailable). A closed set, written by the code, never by the request.
   */
  void feedback(String source, String outcome) {
    answers.computeIfAbsent(answerLabels(source, outcome), k -> new LongAdder()).increment();
  }

  /** A call of the review-queue API ({@code call}: list, show, resolve) and its status. */
  void casesCall(String call, int status) {
    casesCalls
        .computeIfAbsent("call=\"" + call + "\",status=\"" + status + "\"", k -> new LongAdder())
        .increment();
  }

  private static String answerLabels(String source, String outcome) {
    return "source=\"" + source + "\",outcome=\"" + outcome + "\"";
  }

  void broker(boolean reachable) {
    brokerReachable = reachable;
  }

  /**
   * The text format.
   *
   * @param keyIds whether to list the per-key series: an anonymous scrape gets only their sum, so
   *     the open endpoint does not tell who the clients are (the key ids)
   */
  String render(boolean keyIds) {
    StringBuilder b = new StringBuilder(4096);
    header(b, "collector_requests_total", "counter", "HTTP requests by route, method and status.");
    sorted(requests).forEach((labels, n) -> line(b, "collector_requests_total", labels, n.sum()));
    header(
        b,
        "collector_requests_authenticated_total",
        "counter",
        "Requests with a valid API key, all keys together.");
    line(
        b,
        "collector_requests_authenticated_total",
        null,
        byKey.values().stream().mapToLong(LongAdder::sum).sum());
    if (keyIds) {
      header(
          b,
          "collector_requests_by_key_total",
          "counter",
          "Authenticated requests by API key id (shown to scrapes with a key only).");
      sorted(byKey)
          .forEach(
              (id, n) ->
                  line(b, "collector_requests_by_key_total", "key_id=\"" + id + "\"", n.sum()));
    }
    header(b, "collector_records_accepted_total", "counter", "Records written to the topic.");
    line(b, "collector_records_accepted_total", null, accepted.sum());
    header(b, "collector_records_rejected_total", "counter", "Records rejected, by reason code.");
    for (ReasonCode r : ReasonCode.values()) {
      LongAdder n = rejected.get(r);
      line(b, "collector_records_rejected_total", "reason=\"" + r + "\"", n == null ? 0 : n.sum());
    }
    header(
        b,
        "collector_request_duration_seconds",
        "histogram",
        "Request latency in seconds, by route.");
    sorted(latency)
        .forEach(
            (route, h) -> {
              String l = "route=\"" + route + "\"";
              for (int i = 0; i < BUCKETS.length; i++) {
                line(
                    b,
                    "collector_request_duration_seconds_bucket",
                    l + ",le=\"" + BUCKETS[i] + "\"",
                    h.counts[i].sum());
              }
              line(
                  b,
                  "collector_request_duration_seconds_bucket",
                  l + ",le=\"+Inf\"",
                  h.count.sum());
              b.append("collector_request_duration_seconds_sum{")
                  .append(l)
                  .append("} ")
                  .append(h.sum.sum())
                  .append('\n');
              line(b, "collector_request_duration_seconds_count", l, h.count.sum());
            });
    header(
        b,
        "collector_feedback_link_views_total",
        "counter",
        "GETs of customers' feedback links, by what they showed (a GET never records).");
    sorted(linkViews).forEach((l, n) -> line(b, "collector_feedback_link_views_total", l, n.sum()));
    header(
        b,
        "collector_feedback_answers_total",
        "counter",
        "Answers about cases (customer links, analyst API), by source and outcome.");
    sorted(answers).forEach((l, n) -> line(b, "collector_feedback_answers_total", l, n.sum()));
    header(
        b,
        "collector_cases_api_calls_total",
        "counter",
        "Calls of the review-queue API, by call (list, show, resolve) and status.");
    sorted(casesCalls).forEach((l, n) -> line(b, "collector_cases_api_calls_total", l, n.sum()));
    Boolean reachable = brokerReachable;
    if (reachable != null) {
      header(
          b,
          "collector_broker_reachable",
          "gauge",
          "1 when the last broker check succeeded (checked by /health).");
      line(b, "collector_broker_reachable", null, reachable ? 1 : 0);
    }
    return b.toString();
  }

  private static <V> Map<String, V> sorted(Map<String, V> m) {
    return new TreeMap<>(m);
  }

  private static void header(StringBuilder b, String name, String type, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void line(StringBuilder b, String name, String labels, long value) {
    b.append(name);
    if (labels != null) {
      b.append('{').append(labels).append('}');
    }
    b.append(' ').append(value).append('\n');
  }
}
