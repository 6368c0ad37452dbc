package io.cardstream.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.kafka.TopicSetup;
import io.cardstream.common.kafka.TopicSpec;
import io.cardstream.common.lake.Topics;
import io.cardstream.streaming.TopicsJob;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The deployment's topics step against the real broker (no StackInit: the step creates them): a
 * first run creates what is missing with its partitions and configs, a second changes nothing, a
 * retention that drifted is set back, and a topic with too few partitions or another cleanup policy
 * fails the step without being touched.
 */
class TopicsIT {

  private static final PrintStream OUT = new PrintStream(OutputStream.nullOutputStream(), true);

  private static LocalStack stack;
  private static String bootstrap;

  @BeforeAll
  static void up() throws Exception {
    Path home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    Path stateDir = Files.createTempDirectory("cardstream-topics-it-");
    stack =
        new LocalStack(
            new StackConfig(
                home, stateDir, 62192, 62100, 62432, 62180, 62190, 62125, 62567, false, false,
                false));
    stack.up(OUT);
    bootstrap = stack.endpoints().kafkaBootstrap();
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      stack.down(OUT);
    }
  }

  private static int run() {
    return new CommandLine(new TopicsJob()).execute("--kafka-bootstrap", bootstrap);
  }

  @Test
  void createsWhatIsMissingThenChangesNothingAndRefusesTopicsOfAnotherShape() throws Exception {
    try (Admin admin = KafkaClients.admin(bootstrap, KafkaAuth.NONE, Map.of())) {
      // One topic exists already, with a retention that drifted: it is set back, not recreated.
      admin
          .createTopics(
              List.of(
                  new NewTopic(Topics.ALERTS, Optional.of(3), Optional.empty())
                      .configs(Map.of(TopicSpec.RETENTION_MS, "1000"))))
          .all()
          .get();

      List<TopicSetup.Outcome> first = TopicSetup.ensure(admin, TopicSpec.DEPLOYED);
      assertThat(first).extracting(TopicSetup.Outcome::topic).containsExactlyElementsOf(Topics.ALL);
      assertThat(first)
          .filteredOn(o -> !o.topic().equals(Topics.ALERTS))
          .extracting(TopicSetup.Outcome::status)
          .containsOnly(TopicSetup.Status.CREATED);
      assertThat(first)
          .filteredOn(o -> o.topic().equals(Topics.ALERTS))
          .singleElement()
          .satisfies(o -> assertThat(o.status()).isEqualTo(TopicSetup.Status.UPDATED));

      var described = admin.describeTopics(Topics.ALL).allTopicNames().get();
      for (TopicSpec s : TopicSpec.DEPLOYED) {
        assertThat(described.get(s.name()).partitions()).as(s.name()).hasSize(s.partitions());
        // The broker applies an altered config through its metadata log, a moment after the
        // call returns: read it until it shows (10 s at most).
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
          var config =
              admin
                  .describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, s.name())))
                  .all()
                  .get()
                  .values()
                  .iterator()
                  .next();
          boolean applied =
              s.configs().entrySet().stream()
                  .allMatch(e -> e.getValue().equals(config.get(e.getKey()).value()));
          if (applied || System.nanoTime() > deadline) {
            s.configs()
                .forEach(
                    (k, v) ->
                        assertThat(config.get(k).value()).as(s.name() + " " + k).isEqualTo(v));
            break;
          }
          Thread.sleep(200);
        }
      }

      // Idempotent: the step run again finds everything as it should be.
      assertThat(run()).isZero();
      assertThat(TopicSetup.ensure(admin, TopicSpec.DEPLOYED))
          .extracting(TopicSetup.Outcome::status)
          .containsOnly(TopicSetup.Status.PRESENT);

      // Shapes it must not change by itself: the step fails and leaves them as they are.
      List<TopicSpec> wants =
          List.of(
              new TopicSpec(Topics.RULES, 4, Map.of(TopicSpec.CLEANUP_POLICY, "compact")),
              new TopicSpec(Topics.FEEDBACK, 3, Map.of(TopicSpec.CLEANUP_POLICY, "compact")));
      assertThat(TopicSetup.ensure(admin, wants))
          .extracting(TopicSetup.Outcome::status, TopicSetup.Outcome::detail)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  TopicSetup.Status.MISMATCH, "1 partitions, wants 4"),
              org.assertj.core.groups.Tuple.tuple(
                  TopicSetup.Status.MISMATCH, "cleanup.policy is delete, wants compact"));
      assertThat(admin.describeTopics(List.of(Topics.RULES)).allTopicNames().get())
          .extractingByKey(Topics.RULES)
          .satisfies(d -> assertThat(d.partitions()).hasSize(1));

      // Someone made the rules topic a deleting one: the step fails rather than start on it.
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.TOPIC, Topics.RULES),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry(TopicSpec.CLEANUP_POLICY, "delete"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get();
      assertThat(run()).isEqualTo(1);
    }
  }
}
