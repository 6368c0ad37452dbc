package io.cardstream.local.cli;

import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.StackConfig;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import io.cardstream.streaming.StreamOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The scoring stream on the local stack: the job's own options ({@link StreamOptions}), with the
 * stack's Kafka, DynamoDB Local, lake, checkpoint and registry.
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description =
        "Run the scoring stream against the local stack (Kafka in; Delta, DynamoDB Local, topics out).")
final class StreamCommand implements Callable<Integer> {

  @Mixin StackOptions stack;

  @Mixin StreamOptions options;

  @Override
  public Integer call() throws Exception {
    StackConfig sc = stack.config(false);
    StreamConfig c = options.applyTo(config(sc, new LocalStack(sc).endpoints())).build();
    SparkSession spark = SparkSession.builder().appName("cardstream-stream").getOrCreate();
    System.out.println(
        "Scoring stream running; checkpoint "
            + c.run().checkpoint()
            + ", status "
            + c.run().statusFile());
    ScoringStream.onServices(c, PanTokenizer.fromEnvironment()).run(spark);
    return 0;
  }

  static Path lake(StackConfig sc) {
    return sc.stateDir().resolve("lake");
  }

  /**
   * The stream on the stack: its Kafka, Kinesis (when it runs one), DynamoDB Local and region, and
   * the stack's lake, checkpoint, registry and status file; the rest at the job's defaults.
   */
  static StreamConfig.Builder config(StackConfig sc, Endpoints e) {
    Path lake = lake(sc);
    StreamConfig.Builder b = StreamConfig.builder();
    if (e.kinesisEndpoint() != null) {
      // Used with --source kinesis only.
      b.kinesisStream(Topics.KINESIS_TRANSACTIONS)
          .kinesisEndpoint(e.kinesisEndpoint())
          .kinesisRegion(Endpoints.REGION);
    }
    return b.kafkaBootstrap(e.kafkaBootstrap())
        .dynamodbEndpoint(e.dynamodbEndpoint())
        .dynamodbRegion(Endpoints.REGION)
        .lakeRoot(lake.toUri().toString())
        .checkpoint(sc.stateDir().resolve("checkpoints/scoring").toUri().toString())
        .registry(lake.resolve("models/fraud").toString())
        .statusFile(sc.stateDir().resolve("stream-status.json").toString());
  }
}
