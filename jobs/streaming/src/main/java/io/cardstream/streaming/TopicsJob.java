package io.cardstream.streaming;

import io.cardstream.common.cli.JobMain;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.kafka.KafkaOptions;
import io.cardstream.common.kafka.TopicSetup;
import io.cardstream.common.kafka.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The deployment's first step, before the stream: the pipeline's topics as {@link
 * TopicSpec#DEPLOYED} says, created where missing and checked where present ({@link TopicSetup}).
 * Exits 1 when a topic exists in a shape it will not change by itself, so the stream does not start
 * on it.
 */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description =
        "Create the pipeline's missing Kafka topics and check the existing ones (partitions,"
            + " cleanup policy, retention); idempotent.")
public final class TopicsJob implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Override
  public Integer call() throws Exception {
    List<TopicSetup.Outcome> outcomes;
    try (Admin admin = KafkaClients.admin(kafka.bootstrap(), kafka.auth(), Map.of())) {
      outcomes = TopicSetup.ensure(admin, TopicSpec.DEPLOYED);
    }
    outcomes.forEach(o -> System.out.println("topic " + o));
    long wrong = outcomes.stream().filter(o -> o.status() == TopicSetup.Status.MISMATCH).count();
    if (wrong > 0) {
      System.err.println(
          "topics: error: "
              + wrong
              + " topic(s) exist in another shape (above); fix them by hand (docs/deploy.md"
              + " Topics) and run this step again");
      return 1;
    }
    return 0;
  }

  public static void main(String[] args) {
    JobMain.run(new TopicsJob(), args);
  }
}
