package io.cardstream.local.stack;

import java.nio.file.Path;
import java.util.List;

/**
 * The Kinesis emulator (kinesalite, a node process; installed with its npm packages by
 * local/services/kinesalite). In memory: a stack's streams live as long as the emulator, like
 * DynamoDB Local's tables; its stream is created once it answers.
 */
public final class KinesisService extends LocalService {

  public static final String NAME = "kinesis";

  KinesisService(StackConfig config) {
    super(config, NAME, config.kinesisPort(), script(config));
  }

  @Override
  List<String> command(Path data, boolean fresh) {
    return List.of("node", script(config).toString(), String.valueOf(port()));
  }

  @Override
  boolean ready() {
    try (var k = AwsClients.kinesis(Endpoints.of(config))) {
      k.listStreams(r -> r.limit(1));
      return true;
    }
  }

  @Override
  void whenReady() {
    StackInit.createStreams(Endpoints.of(config));
  }

  private static Path script(StackConfig config) {
    return config.home().resolve("local/services/kinesalite/target/npm/kinesalite-local.js");
  }
}
