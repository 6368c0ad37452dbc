package io.cardstream.local.cli;

import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.StackConfig;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The scoring stream on the local stack: the same pipeline as ScoringStreamJob, local defaults. */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description =
        "Run the scoring stream against the local stack (Kafka in; Delta, DynamoDB Local, topics out).")
final class StreamCommand implements Callable<Integer> {

  @Mixin StackOptions stack;

  @Option(
      names = "--trigger-seconds",
      defaultValue = "5",
      description = "Micro-batch interval (default ${DEFAULT-VALUE}).")
  int triggerSeconds;

  @Option(
      names = "--max-events-per-trigger",
      defaultValue = "20000",
      description = "Events per micro-batch at most (default ${DEFAULT-VALUE}).")
  long maxEventsPerTrigger;

  @Option(names = "--available-now", description = "Score what is on the topic now, then stop.")
  boolean availableNow;

  @Option(names = "--rules", description = "Rules JSON file; default: the built-in seed rules.")
  String rules;

  @Option(names = "--fail-after-sinks-on-batch", defaultValue = "-1", hidden = true)
  long failAfterSinksOnBatch;

  @Override
  public Integer call() throws Exception {
    StackConfig sc = stack.config(false);
    Endpoints e = new LocalStack(sc).endpoints();
    StreamConfig c =
        config(sc, e)
            .triggerSeconds(triggerSeconds)
            .maxEventsPerTrigger(maxEventsPerTrigger)
            .availableNow(availableNow)
            .rulesFile(rules)
            .failAfterSinksOnBatch(failAfterSinksOnBatch)
            .build();
    SparkSession spark = SparkSession.builder().appName("cardstream-stream").getOrCreate();
    StreamingQuery q = ScoringStream.start(spark, c, PanTokenizer.fromEnvironment());
    System.out.println(
        "Scoring stream running; checkpoint " + c.checkpoint() + ", status " + c.statusFile());
    if (c.availableNow()) {
      ScoringStream.runUntilCaughtUp(q, c);
    } else {
      q.awaitTermination();
    }
    return 0;
  }

  static Path lake(StackConfig sc) {
    return sc.stateDir().resolve("lake");
  }

  /** The stream on the stack, with the stack's lake, checkpoint, registry and status file. */
  static StreamConfig.Builder config(StackConfig sc, Endpoints e) {
    Path lake = lake(sc);
    return e.streamConfig()
        .lakeRoot(lake.toUri().toString())
        .checkpoint(sc.stateDir().resolve("checkpoints/scoring").toUri().toString())
        .registry(lake.resolve("models/fraud").toString())
        .statusFile(sc.stateDir().resolve("stream-status.json").toString());
  }
}
