package io.cardstream.local.stack;

import io.cardstream.common.lake.Topics;
import io.cardstream.service.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP collector on the stack's Kafka (or its Kinesis stream), with new API keys at each start,
 * one per role: their hashes in the keys document, the keys themselves in files only this user can
 * read ({@link StateLayout#apiKeyFile}). Feedback links and the review queue read and close cases
 * in the stack's DynamoDB.
 */
public final class CollectorService extends LocalService {

  public static final String NAME = "collector";

  /** The local collector's keys: one per role, by role. */
  public static final List<String> KEY_ROLES = List.of("collector", "admin", "analyst");

  CollectorService(StackConfig config) {
    super(
        config, NAME, config.collectorPort(), config.home().resolve("ingest/target/classpath.txt"));
  }

  @Override
  List<String> command(Path data, boolean fresh) throws IOException {
    StateLayout layout = config.layout();
    for (String role : KEY_ROLES) {
      String key = ApiKeys.addKey(layout.apiKeysFile(), "local-" + role, role);
      Path file = layout.apiKeyFile(role);
      Files.writeString(file, key);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
    List<String> options =
        new ArrayList<>(
            List.of(
                "--dynamodb-endpoint",
                "http://127.0.0.1:" + config.dynamodbPort(),
                "--dynamodb-region",
                Endpoints.REGION));
    options.addAll(Endpoints.of(config).kafkaAuthArgs());
    if (config.withKinesis()) {
      // The stack runs on Kinesis: accepted events go to its stream, as on AWS.
      options.addAll(
          List.of(
              "--kinesis-stream",
              Topics.KINESIS_TRANSACTIONS,
              "--kinesis-endpoint",
              "http://127.0.0.1:" + config.kinesisPort(),
              "--kinesis-region",
              Endpoints.REGION));
    }
    return CollectorProcess.launcher(
            config.home(), port(), "127.0.0.1:" + config.kafkaPort(), layout.apiKeysFile(), options)
        .small()
        .command();
  }

  @Override
  boolean ready() throws IOException {
    return Probes.ok("http://127.0.0.1:" + port() + "/health");
  }
}
