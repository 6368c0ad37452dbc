package io.cardstream.common.kafka;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-bootstrap} with the security options ({@link KafkaAuthOptions}), one declaration
 * for every command that cannot run without Kafka: the jobs and the collector. (The console can, so
 * it declares its own optional one.)
 */
public final class KafkaOptions {

  @Option(
      names = "--kafka-bootstrap",
      required = true,
      description = "Kafka bootstrap servers, e.g. 127.0.0.1:19092.")
  String kafkaBootstrap;

  @Mixin KafkaAuthOptions auth;

  public String bootstrap() {
    return kafkaBootstrap;
  }

  /** The authentication, its secret read and its file loaded. */
  public KafkaAuth auth() {
    return auth.resolve();
  }
}
