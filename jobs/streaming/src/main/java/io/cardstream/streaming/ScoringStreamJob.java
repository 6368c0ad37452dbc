package io.cardstream.streaming;

import io.cardstream.common.cli.DynamoDbOptions;
import io.cardstream.common.cli.JobMain;
import io.cardstream.common.cli.KeyOptions;
import io.cardstream.common.delta.DeltaLogOptions;
import io.cardstream.common.delta.DeltaMultiWriter;
import io.cardstream.common.kafka.KafkaOptions;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.streaming.lag.LagListener;
import io.cardstream.streaming.lag.LagMetricOptions;
import io.cardstream.streaming.lag.LagPublisher;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * spark-submit entry point of the scoring stream: options → {@link StreamConfig} → {@link
 * ScoringStream} on the real source and sinks; runs until the query stops (or fails).
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description =
        "Score card transactions from Kafka or Kinesis into Delta, DynamoDB and decision topics, exactly once.")
public final class ScoringStreamJob implements Callable<Integer> {

  @Mixin StreamOptions options;

  @Mixin DeltaLogOptions deltaLog;

  @Mixin KeyOptions keys;

  @Mixin LagMetricOptions lagMetric;

  @Mixin KafkaOptions kafka;

  @Option(names = "--lake", required = true, description = "Delta lake root (file:, s3a:, s3:).")
  String lake;

  @Option(names = "--checkpoint", required = true, description = "Checkpoint location.")
  String checkpoint;

  @Option(names = "--registry", required = true, description = "Model registry root.")
  String registry;

  @Mixin DynamoDbOptions dynamodb;

  @Option(
      names = "--status-file",
      description = "Where to keep the JSON snapshot of the latest batch.")
  String statusFile;

  public StreamConfig config() {
    return options
        .applyTo(StreamConfig.builder())
        .kafkaBootstrap(kafka.bootstrap())
        .kafkaAuth(kafka.auth())
        .lakeRoot(lake)
        .checkpoint(checkpoint)
        .registry(registry)
        .dynamodb(dynamodb.target())
        .statusFile(statusFile)
        .deltaLog(deltaLog.multiWriter())
        .build();
  }

  @Override
  public Integer call() throws Exception {
    StreamConfig c = config();
    // Before Spark starts: no key, no stream. The executors get the key's secret id, not the key.
    PanTokenizer tokenizer = keys.config().tokenizer(System.getenv());
    LagPublisher lag = lagMetric.publisher();
    Map<String, String> conf =
        new HashMap<>(
            DeltaMultiWriter.sessionConf(
                c.sinks().lake().root(), c.sinks().deltaLog(), System.err));
    // The two queries' jobs share the executors (see SchedulerPools).
    conf.put("spark.scheduler.mode", "FAIR");
    SparkSession spark = JobMain.session("cardstream-scoring", conf);
    // No lambda here: picocli reads this class's methods, and the infra tests have no Spark.
    if (lag != null) {
      LagListener.addTo(spark, lag);
    }
    ScoringStream.onServices(c, tokenizer).run(spark);
    return 0;
  }

  public static void main(String[] args) {
    JobMain.run(new ScoringStreamJob(), args);
  }
}
