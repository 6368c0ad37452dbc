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
    String kafkaBootstrap) {

  String registry() {
    return new Lake(lakeRoot).modelRegistry();
  }

  /**
   * The job's options as {@code --name=value}: CloudFormation's schema for a step's Args demands
   * unique items, and the region is the value of two options.
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
            "--registry=" + registry()));
    return List.copyOf(a);
  }

  /** command-runner.jar's arguments, as jobs.py spark_submit builds them. */
  List<String> commandRunnerArgs() {
    List<String> a = new ArrayList<>();
    a.addAll(
        List.of(
            "spark-submit",
            "--deploy-mode",
            "cluster",
            "--class",
            Layout.STREAM_MAIN_CLASS,
            jarsUri + "/" + Layout.STREAM_JAR));
    a.addAll(jobArgs());
    return List.copyOf(a);
  }
}
