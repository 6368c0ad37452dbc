package io.cardstream.local.cli;

import io.cardstream.common.aws.KinesisTarget;
import io.cardstream.common.cli.KinesisStreamOptions;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.local.http.HttpReplayer;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.StackOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description =
        "Replay a file into the transactions topic: straight to Kafka (idempotent producer, acks=all,"
            + " keyed by card token), to the Kinesis stream (--sink kinesis: PutRecords, partition"
            + " key = card token) or through the HTTP collector (--via http).")
final class ProduceCommand implements Callable<Integer> {

  @Mixin StackOptions stack;

  @Option(names = "--input", required = true, description = "Input file.")
  Path input;

  @Option(names = "--format", required = true, description = "kaggle | paysim | json")
  String format;

  @Option(
      names = "--via",
      defaultValue = "kafka",
      description =
          "kafka | http (the collector, as an API client would; default ${DEFAULT-VALUE}).")
  String via;

  @Option(
      names = "--labels",
      description =
          "The file is a labelled dataset: forward is_fraud with each event (for training and"
              + " evaluation; direct replays only, the collector never takes labels). Without it"
              + " the label is dropped.")
  boolean labels;

  @Option(
      names = "--sink",
      defaultValue = "kafka",
      description =
          "kafka | kinesis: where the direct replay writes (not --via http; default"
              + " ${DEFAULT-VALUE}).")
  String sink;

  /** With --sink kinesis; what is not given is the stack's ({@link Endpoints#kinesis()}). */
  @Mixin KinesisStreamOptions kinesis;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Events per second (kafka); 0 = as fast as possible (default).")
  double rate;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "Stop after this many records; 0 = all (default).")
  long limit;

  @Option(
      names = "--topic",
      defaultValue = Topics.TRANSACTIONS,
      description = "Topic (kafka; default ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--bootstrap",
      description = "Kafka bootstrap servers (kafka); default: the local stack's.")
  String bootstrap;

  @Option(names = "--collector-url", description = "Collector URL (http); default: the stack's.")
  String collectorUrl;

  @Option(
      names = "--api-key-file",
      description =
          "File holding the collector API key (http); default: $CARDSTREAM_API_KEY, else the"
              + " local stack's collector key.")
  Path apiKeyFile;

  @Option(
      names = "--batch",
      defaultValue = "500",
      description = "Records per request (http; 1..500, default ${DEFAULT-VALUE}).")
  int batch;

  @Override
  public Integer call() throws Exception {
    InputFormat fmt = InputFormat.fromName(format);
    if (!sink.equals("kafka") && !sink.equals("kinesis")) {
      throw new IllegalArgumentException("--sink must be kafka or kinesis, got '" + sink + "'");
    }
    if (sink.equals("kinesis") && via.equals("http")) {
      throw new IllegalArgumentException(
          "--sink kinesis writes directly; with --via http the collector writes to its own sink"
              + " (docs/collector.md)");
    }
    if (sink.equals("kinesis")) {
      KinesisTarget target =
          kinesis.target(
              kinesis.stream() != null ? kinesis.stream() : Topics.KINESIS_TRANSACTIONS,
              kinesis.endpoint() != null
                  ? kinesis.endpoint()
                  : stack.endpoints().kinesis().endpoint());
      return replay(
          new Replayer.Options(input, fmt, null, null, rate, limit, target, labels, null));
    }
    if (via.equals("http")) {
      LocalStack local = stack.stack();
      String url = collectorUrl != null ? collectorUrl : local.endpoints().collectorUrl();
      HttpReplayer.Summary s =
          new HttpReplayer(System.out)
              .run(new HttpReplayer.Options(input, fmt, url, apiKey(local), batch, limit));
      s.print(System.out);
      return 0;
    }
    if (!via.equals("kafka")) {
      throw new IllegalArgumentException("--via must be kafka or http, got '" + via + "'");
    }
    String servers = stack.kafkaBootstrap(bootstrap);
    return replay(
        new Replayer.Options(
            input, fmt, servers, topic, rate, limit, null, labels, stack.kafkaAuth(bootstrap)));
  }

  /** A direct replay (Kafka or Kinesis), its summary printed; exit 1 if any send failed. */
  private static int replay(Replayer.Options o) throws java.io.IOException {
    Replayer.Summary s = new Replayer(PanTokenizer.fromEnvironment(), System.out).run(o);
    s.print(System.out);
    return s.failed() == 0 ? 0 : 1;
  }

  private String apiKey(LocalStack local) throws java.io.IOException {
    if (apiKeyFile != null) {
      return Files.readString(apiKeyFile).trim();
    }
    String env = System.getenv("CARDSTREAM_API_KEY");
    return env != null && !env.isBlank()
        ? env.trim()
        : Files.readString(local.layout().apiKeyFile("collector")).trim();
  }
}
