package io.cardstream.common.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes the broker's topics what the specs say, idempotently: creates the missing ones, checks the
 * ones that exist, sets a retention that differs. It never adds partitions (that would move keys,
 * i.e. cards, to other partitions and break their order) nor changes a cleanup policy (MSK
 * Serverless fixes it at creation): those are reported for an operator.
 */
public final class TopicSetup {

  private TopicSetup() {}

  public enum Status {
    CREATED,
    PRESENT,
    UPDATED,
    MISMATCH
  }

  /** What happened to one topic. */
  public record Outcome(String topic, Status status, String detail) {
    @Override
    public String toString() {
      return topic
          + ": "
          + status.name().toLowerCase()
          + (detail == null ? "" : " (" + detail + ")");
    }
  }

  /** One outcome per spec, in the specs' order. */
  public static List<Outcome> ensure(Admin admin, List<TopicSpec> specs)
      throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    List<TopicSpec> missing = specs.stream().filter(s -> !existing.contains(s.name())).toList();
    var created =
        admin
            .createTopics(
                missing.stream()
                    .map(
                        s ->
                            new NewTopic(s.name(), Optional.of(s.partitions()), Optional.empty())
                                .configs(s.configs()))
                    .toList())
            .values();
    List<TopicSpec> toCheck = new ArrayList<>();
    Map<String, Outcome> done = new java.util.HashMap<>();
    for (TopicSpec s : specs) {
      if (!created.containsKey(s.name())) {
        toCheck.add(s);
        continue;
      }
      try {
        created.get(s.name()).get();
        done.put(s.name(), new Outcome(s.name(), Status.CREATED, s.partitions() + " partitions"));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        toCheck.add(s); // created meanwhile by someone else: check it like the others
      }
    }
    check(admin, toCheck).forEach(o -> done.put(o.topic(), o));
    return specs.stream().map(s -> done.get(s.name())).toList();
  }

  private static List<Outcome> check(Admin admin, Collection<TopicSpec> specs)
      throws ExecutionException, InterruptedException {
    if (specs.isEmpty()) {
      return List.of();
    }
    Set<String> names = specs.stream().map(TopicSpec::name).collect(Collectors.toSet());
    var described = admin.describeTopics(names).allTopicNames().get();
    Map<ConfigResource, Config> configs =
        admin
            .describeConfigs(
                names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList())
            .all()
            .get();
    List<Outcome> out = new ArrayList<>();
    for (TopicSpec s : specs) {
      int partitions = described.get(s.name()).partitions().size();
      Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, s.name()));
      List<String> wrong = new ArrayList<>();
      if (partitions < s.partitions()) {
        wrong.add(partitions + " partitions, wants " + s.partitions());
      }
      List<AlterConfigOp> set = new ArrayList<>();
      s.configs()
          .forEach(
              (key, want) -> {
                ConfigEntry e = config.get(key);
                String is = e == null ? null : e.value();
                if (want.equals(is)) {
                  return;
                }
                if (key.equals(TopicSpec.CLEANUP_POLICY)) {
                  wrong.add(key + " is " + is + ", wants " + want);
                } else {
                  set.add(new AlterConfigOp(new ConfigEntry(key, want), AlterConfigOp.OpType.SET));
                }
              });
      if (!wrong.isEmpty()) {
        out.add(new Outcome(s.name(), Status.MISMATCH, String.join("; ", wrong)));
      } else if (!set.isEmpty()) {
        admin
            .incrementalAlterConfigs(
                Map.of(new ConfigResource(ConfigResource.Type.TOPIC, s.name()), set))
            .all()
            .get();
        out.add(
            new Outcome(
                s.name(),
                Status.UPDATED,
                set.stream()
                    .map(o -> o.configEntry().name() + "=" + o.configEntry().value())
                    .collect(Collectors.joining(", "))));
      } else {
        out.add(new Outcome(s.name(), Status.PRESENT, partitions + " partitions"));
      }
    }
    return out;
  }
}
