package io.cardstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.delta.DeltaMultiWriter;
import io.cardstream.common.kafka.TopicSpec;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Topics;
import io.cardstream.streaming.ScoringStreamJob;
import io.cardstream.streaming.StreamConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The three sides agree: what the DAGs read (airflow-dags: README settings table, the setting(...)
 * calls, the watchdog's stream step), what the jobs accept (the stream's own option parser and
 * config validation) and what the stacks set and output.
 */
class ContractTest {

  private static final DagSources DAGS = new DagSources(Synthesized.REPO);

  /** Variable -> the stack output an operator reads for the same value. */
  private static final Map<String, String> OUTPUT_OF =
      Map.ofEntries(
          Map.entry("cluster_id", "CardstreamEmr.ClusterId"),
          Map.entry("jars_uri", "CardstreamBase.JarsUri"),
          Map.entry("lake", "CardstreamBase.LakeRoot"),
          Map.entry("registry", "CardstreamBase.ModelRegistry"),
          Map.entry("redshift_jdbc_url", "CardstreamWarehouse.RedshiftJdbcUrl"),
          Map.entry("redshift_user", "CardstreamWarehouse.RedshiftUser"),
          Map.entry("redshift_iam_role", "CardstreamWarehouse.CopyRoleArn"),
          Map.entry("redshift_secret_id", "CardstreamWarehouse.RedshiftSecret"),
          Map.entry("stream_checkpoint", "CardstreamBase.StreamCheckpoint"),
          Map.entry("kinesis_stream", "CardstreamBase.KinesisStream"),
          Map.entry("kafka_bootstrap", "CardstreamBase.KafkaBootstrap"),
          Map.entry("delta_log_table", "CardstreamBase.DeltaLogTable"),
          Map.entry("sns_topic_arn", "CardstreamBase.AlertsTopic"));

  /** Variable (cardstream_...) -> its resolved value, as MWAA will read it. */
  private static Map<String, String> variables(Synthesized s) {
    Cfn cfn = new Cfn(s.json);
    AirflowStack af = s.stacks.airflow();
    Map<String, String> v = new LinkedHashMap<>();
    s.json(af)
        .path("Resources")
        .forEach(
            r -> {
              String name = r.at("/Properties/Name").asText();
              if (r.path("Type").asText().equals("AWS::SSM::Parameter")
                  && name.startsWith(Layout.AIRFLOW_VARIABLES + "/")) {
                v.put(
                    name.substring(Layout.AIRFLOW_VARIABLES.length() + 1),
                    cfn.resolve(af.getStackName(), r.at("/Properties/Value")));
              }
            });
    return v;
  }

  /** The stream step's job options, resolved: option -> value. */
  private static Map<String, String> stepOptions(Synthesized s) {
    Map<String, String> o = new LinkedHashMap<>();
    for (String a : stepJobArgs(s)) {
      o.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    return o;
  }

  private static List<String> stepArgs(Synthesized s) {
    Cfn cfn = new Cfn(s.json);
    EmrStack emr = s.stacks.emr();
    JsonNode args = EmrTest.step(s, Layout.STREAM_STEP_NAME).at("/HadoopJarStep/Args");
    List<String> out = new ArrayList<>();
    args.forEach(a -> out.add(cfn.resolve(emr.getStackName(), a)));
    return out;
  }

  /** What follows the jar: the job's own arguments. */
  private static List<String> stepJobArgs(Synthesized s) {
    List<String> all = stepArgs(s);
    return all.subList(6, all.size());
  }

  @Test
  void theReadmeTableAndTheDagSourcesNameTheSameSettings() {
    List<DagSources.Setting> table = DAGS.settingsTable();
    assertThat(table).hasSizeGreaterThan(10);
    table.forEach(r -> assertThat(r.variable()).isEqualTo("cardstream_" + r.name()));
    Set<String> documented =
        table.stream().map(DagSources.Setting::name).collect(Collectors.toSet());
    assertThat(documented).containsAll(DAGS.settingCalls());
    // A documented setting no template reads is read by the code itself, with a default
    // (notify.py: cardstream_sns_topic_arn).
    Set<String> readDirectly = new TreeSet<>(documented);
    readDirectly.removeAll(DAGS.settingCalls());
    assertThat(readDirectly)
        .allSatisfy(n -> assertThat(DAGS.variablesWithDefaults()).contains("cardstream_" + n));
  }

  @Test
  void theStackSetsExactlyTheVariablesTheDagsReadOnAws() {
    Set<String> onAws =
        DAGS.settingsTable().stream()
            .filter(DagSources.Setting::onAws)
            .map(DagSources.Setting::variable)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(new TreeSet<>(variables(Synthesized.kinesis()).keySet())).isEqualTo(onAws);
    // With Kafka input there is no Kinesis stream to name; the watchdog cannot run (deploy.md).
    onAws.remove("cardstream_kinesis_stream");
    assertThat(new TreeSet<>(variables(Synthesized.kafka()).keySet())).isEqualTo(onAws);
  }

  @Test
  void everyVariableIsTheValueOfAStackOutput() {
    Synthesized s = Synthesized.kinesis();
    Cfn cfn = new Cfn(s.json);
    variables(s)
        .forEach(
            (variable, value) -> {
              String name = variable.substring("cardstream_".length());
              if (name.equals("region")) {
                assertThat(value).isEqualTo("{AWS::Region}");
                return;
              }
              if (name.equals("source")) {
                assertThat(value).isEqualTo(s.config.input().name().toLowerCase());
                return;
              }
              String[] out = OUTPUT_OF.get(name).split("\\.");
              assertThat(value).as(variable).isEqualTo(cfn.output(out[0], out[1]));
            });
  }

  @Test
  void theClusterStartsTheStreamTheWatchdogWouldRestart() {
    Synthesized s = Synthesized.kinesis();
    assertThat(Layout.STREAM_STEP_NAME).isEqualTo(DAGS.streamStepName());
    assertThat(Layout.TOPICS_STEP_NAME).isEqualTo(DAGS.topicsStepName());
    Map<String, String> step = stepOptions(s);
    Map<String, String> variables = variables(s);
    Map<String, String> watchdog = DAGS.watchdogStreamOptions();
    assertThat(step.keySet()).containsExactlyElementsOf(watchdog.keySet());
    watchdog.forEach(
        (option, source) ->
            assertThat(step.get(option))
                .as(option + " <- " + source)
                .isEqualTo(source.startsWith("cardstream_") ? variables.get(source) : source));
    List<String> all = stepArgs(s);
    assertThat(all.subList(0, 5))
        .containsExactly(
            "spark-submit", "--deploy-mode", "cluster", "--class", Layout.STREAM_MAIN_CLASS);
    assertThat(all.get(5))
        .isEqualTo(
            variables.get("cardstream_jars_uri")
                + "/cardstream-streaming-"
                + DAGS.jarVersion()
                + "-emr.jar");
  }

  @Test
  void withKafkaInputTheWatchdogRestartsTheKafkaStreamOnTheClustersCheckpoint() {
    Synthesized s = Synthesized.kafka();
    Map<String, String> variables = variables(s);
    Map<String, String> defaults = DAGS.watchdogDefaults();
    assertThat(variables).doesNotContainKey("cardstream_kinesis_stream");
    List<String> args = new ArrayList<>();
    DAGS.watchdogStreamOptions()
        .forEach(
            (option, source) -> {
              String value =
                  source.startsWith("cardstream_")
                      ? variables.getOrDefault(source, defaults.get(source))
                      : source;
              assertThat(value).as(option + " <- " + source).isNotNull();
              args.add(option + "=" + value);
            });
    ScoringStreamJob restarted = new ScoringStreamJob();
    new CommandLine(restarted).parseArgs(args.toArray(String[]::new));
    ScoringStreamJob started = new ScoringStreamJob();
    new CommandLine(started).parseArgs(stepJobArgs(s).toArray(String[]::new));
    assertThat(restarted.config().source().isKinesis()).isFalse();
    assertThat(restarted.config().source().topic()).isEqualTo(Topics.TRANSACTIONS);
    assertThat(restarted.config().run().checkpoint())
        .isEqualTo(started.config().run().checkpoint());
    assertThat(restarted.config().source().kafkaBootstrap())
        .isEqualTo(started.config().source().kafkaBootstrap());
  }

  @Test
  void theStreamJobAcceptsTheStepAndWritesTheDeployedTables() {
    assertThat(Layout.STREAM_MAIN_CLASS).isEqualTo(ScoringStreamJob.class.getName());
    for (Synthesized s : List.of(Synthesized.kinesis(), Synthesized.kafka())) {
      ScoringStreamJob job = new ScoringStreamJob();
      new CommandLine(job).parseArgs(stepJobArgs(s).toArray(String[]::new));
      StreamConfig c = job.config();
      assertThat(c.source().isKinesis()).isEqualTo(s.config.kinesis());
      Map<String, String> v = variables(s);
      assertThat(c.run().checkpoint()).isEqualTo(v.get("cardstream_stream_checkpoint"));
      assertThat(c.scoring().registry()).isEqualTo(v.get("cardstream_registry"));
      assertThat(c.sinks().lake().root()).isEqualTo(v.get("cardstream_lake"));
      assertThat(c.source().kafkaBootstrap()).isEqualTo(v.get("cardstream_kafka_bootstrap"));
      assertThat(c.sinks().deltaLog())
          .isEqualTo(
              new DeltaMultiWriter(
                  v.get("cardstream_delta_log_table"), v.get("cardstream_region"), null));
      assertThat(s.stacks.base().tables.byName).containsKey(c.sinks().deltaLog().logTable());
      if (s.config.kinesis()) {
        assertThat(c.source().kinesis().stream()).isEqualTo(v.get("cardstream_kinesis_stream"));
      } else {
        assertThat(c.source().topic()).isEqualTo(Topics.TRANSACTIONS);
      }
      for (String table : EmrJobRole.STREAM_TABLES) {
        assertThat(s.stacks.base().tables.byName).containsKey(c.sinks().dynamodb().table(table));
      }
      assertThat(c.sinks().dynamodb().table(DynamoTables.TRANSACTIONS))
          .isEqualTo(DynamoTables.TRANSACTIONS);
    }
  }

  @Test
  void deployMdListsEveryTopicWithItsCleanupPolicy() {
    String doc = DagSources.read(Synthesized.REPO.resolve("docs/deploy.md"));
    for (String topic : Topics.ALL) {
      String row =
          doc.lines()
              .filter(l -> l.startsWith("| `" + topic + "` |"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("docs/deploy.md has no row for " + topic));
      if (Topics.COMPACTED.contains(topic)) {
        assertThat(row).as(topic).contains("compact");
      }
    }
  }

  @Test
  void theTopicsStepCreatesTheTopicsDeployMdDocuments() {
    String doc = DagSources.read(Synthesized.REPO.resolve("docs/deploy.md"));
    assertThat(TopicSpec.DEPLOYED)
        .extracting(TopicSpec::name)
        .containsExactlyElementsOf(Topics.ALL);
    for (TopicSpec t : TopicSpec.DEPLOYED) {
      String[] cells =
          doc.lines()
              .filter(l -> l.startsWith("| `" + t.name() + "` |"))
              .findFirst()
              .orElseThrow()
              .split("\\|");
      assertThat(cells[2].trim()).as(t.name()).isEqualTo(t.configs().get(TopicSpec.CLEANUP_POLICY));
      assertThat(cells[3].trim())
          .as(t.name())
          .startsWith(t.configs().getOrDefault(TopicSpec.RETENTION_MS, "(compacted)"));
      assertThat(cells[4].trim()).as(t.name()).isEqualTo(String.valueOf(t.partitions()));
    }
  }
}
