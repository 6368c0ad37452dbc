package io.cardstream.infra;

import io.cardstream.common.lake.Lake;
import java.util.ArrayList;
import java.util.List;

/**
 * The scoring stream as an EMR step: the arguments of {@code ScoringStreamJob}, in the order and
 * with the values the watchdog DAG restarts it with (dags/cardstream/jobs.py stream_step), so the
 * stream the cluster starts and the one the watchdog re-adds are the same query on the same
 * checkpoint.
 */
record StreamStep(
    InfraConfig.Input input,
    String jarsUri,
    String lakeRoot,
    String checkpoint,
    String kinesisStream,
    String region,
    String kafkaBootstrap,
    String deltaLogTable) {

  /** The job's {@code --source}: the deployment's input. */
  String source() {
    return input.name().toLowerCase(java.util.Locale.ROOT);
  }

  String registry() {
    return new Lake(lakeRoot).modelRegistry();
  }

  /**
   * The job's options as {@code --name=value}: CloudFormation's schema for a step's Args demands
   * unique items, and the region is the value of several options.
   */
  List<String> jobArgs() {
    List<String> a = new ArrayList<>();
    if (input == InfraConfig.Input.KINESIS) {
      a.addAll(
          List.of(
              "--source=kinesis",
              "--kinesis-stream=" + kinesisStream,
              "--kinesis-region=" + region));
    } else {
      a.add("--source=kafka");
    }
    a.addAll(
        List.of(
            "--kafka-bootstrap=" + kafkaBootstrap,
            // MSK Serverless takes IAM-authenticated clients only.
            "--kafka-auth=msk-iam",
            "--dynamodb-region=" + region,
            "--lake=" + lakeRoot,
            "--checkpoint=" + checkpoint,
            "--registry=" + registry(),
            // Commits through the ledger: the nightly maintenance writes the same tables.
            "--delta-log-table=" + deltaLogTable,
            "--delta-log-region=" + region,
            // The executors read the key by this id themselves (docs/keys.md): never in the step.
            "--token-key-secret-id=" + Secrets.PAN_KEY_NAME,
            "--keys-region=" + region,
            // The Kafka input's lag, which MSK cannot report (StreamAlarms); a no-op on Kinesis.
            "--lag-metric=cloudwatch",
            "--cloudwatch-region=" + region));
    return List.copyOf(a);
  }

  /** command-runner.jar's arguments, as jobs.py spark_submit builds them. */
  List<String> commandRunnerArgs() {
    return sparkSubmit(Layout.STREAM_MAIN_CLASS, jarsUri + "/" + Layout.STREAM_JAR, jobArgs());
  }

  /** command-runner.jar's arguments that run {@code mainClass} of {@code jar} on the cluster. */
  static List<String> sparkSubmit(String mainClass, String jar, List<String> jobArgs) {
    List<String> a = new ArrayList<>();
    a.addAll(List.of("spark-submit", "--deploy-mode", "cluster", "--class", mainClass, jar));
    a.addAll(jobArgs);
    return List.copyOf(a);
  }
}
