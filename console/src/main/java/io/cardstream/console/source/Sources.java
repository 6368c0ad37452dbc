package io.cardstream.console.source;

import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.feedback.Cases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What the pages read, each behind its interface; a null one is not configured. The server wires
 * the real ones ({@code ConsoleServer.onServices}); unit tests pass in-memory ones.
 *
 * @param kafka the broker's name for people ("Kafka at 127.0.0.1:19092")
 * @param lake the lake root on a local disk (Delta commit logs)
 * @param shards the Kinesis stream the scoring stream reads, or null (Kafka only)
 * @param kinesis its name for people ("Kinesis stream cardstream-transactions at ...")
 * @param rules the rules in force, for the words of the reasons' codes
 */
public record Sources(
    StreamFiles stream,
    TopicReader topics,
    String kafka,
    ShardBacklog shards,
    String kinesis,
    Cases cases,
    String dynamodb,
    Warehouse warehouse,
    String warehouseName,
    ModelFiles models,
    Path lake,
    Probe probe,
    Clock clock,
    Supplier<RuleSet> rules) {

  /** The broker's answer to {@code call}, or why there is none. */
  public <T> Probe.Call<T> kafka(java.util.function.Function<TopicReader, T> call) {
    return topics == null
        ? new Probe.Call<>(Sourced.off("Kafka", "no --kafka-bootstrap was given"))
        : probe.start(kafka, () -> call.apply(topics));
  }

  public <T> Probe.Call<T> kinesis(java.util.function.Function<ShardBacklog, T> call) {
    return shards == null
        ? new Probe.Call<>(Sourced.off("Kinesis", "no --kinesis-stream was given"))
        : probe.start(kinesis, () -> call.apply(shards));
  }

  public <T> Probe.Call<T> cases(java.util.function.Function<Cases, T> call) {
    return cases == null
        ? new Probe.Call<>(Sourced.off("DynamoDB", "no --dynamodb-endpoint was given"))
        : probe.start(dynamodb, () -> call.apply(cases));
  }

  public <T> Probe.Call<T> warehouse(java.util.function.Function<Warehouse, T> call) {
    return warehouse == null
        ? new Probe.Call<>(Sourced.off("The warehouse", "no --jdbc-url was given"))
        : probe.start(warehouseName, () -> call.apply(warehouse));
  }

  public <T> Probe.Call<T> files(String what, java.util.concurrent.Callable<T> call) {
    return probe.start(what, call);
  }
}
