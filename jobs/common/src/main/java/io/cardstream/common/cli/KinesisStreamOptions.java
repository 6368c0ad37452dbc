package io.cardstream.common.cli;

import io.cardstream.common.aws.KinesisTarget;
import io.cardstream.common.aws.SdkClients;
import picocli.CommandLine.Option;

/**
 * {@code --kinesis-stream/-endpoint/-region}, one declaration for every command that touches the
 * transactions' Kinesis stream: the collector writes to it, the scoring stream reads it, the
 * console shows its backlog, the local replay writes to it. Each value stays null when not given,
 * so that a caller can keep its own (the local stack's emulator).
 */
public final class KinesisStreamOptions {

  @Option(
      names = "--kinesis-stream",
      description =
          "The transactions' Kinesis data stream: where the collector (instead of --topic) and"
              + " produce --sink kinesis write, what the stream reads with --source kinesis, whose"
              + " backlog the console shows. Local commands: the stack's stream by default.")
  String stream;

  @Option(
      names = "--kinesis-endpoint",
      description =
          "Kinesis endpoint, e.g. the local emulator's (default: AWS; local commands: the stack's"
              + " emulator).")
  String endpoint;

  @Option(
      names = "--kinesis-region",
      description = "AWS region of the Kinesis stream (default " + SdkClients.DEFAULT_REGION + ").")
  String region;

  public String stream() {
    return stream;
  }

  public String endpoint() {
    return endpoint;
  }

  public String region() {
    return region;
  }

  /** The stream these options name, or null without {@code --kinesis-stream}. */
  public KinesisTarget targetIfGiven() {
    return stream == null ? null : target(stream, endpoint);
  }

  /** {@code stream} at {@code endpoint}, in the given region or the default one. */
  public KinesisTarget target(String stream, String endpoint) {
    return new KinesisTarget(stream, endpoint, region == null ? SdkClients.DEFAULT_REGION : region);
  }
}
