package io.cardstream.local.cli;

import io.cardstream.common.lake.Topics;
import io.cardstream.local.stack.ConsoleService;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.StackInit;
import io.cardstream.local.stack.StackOptions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description =
        "Start, inspect and stop the embedded local stack (Kafka, DynamoDB Local, PostgreSQL, s3proxy).",
    subcommands = {
      StackCommand.Up.class,
      StackCommand.Status.class,
      StackCommand.Down.class,
      StackCommand.Init.class
    })
final class StackCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description =
          "Start the stack (or reuse a running one) and create topics, tables and schema.")
  static final class Up implements Callable<Integer> {
    @Mixin StackOptions stack;

    @Option(names = "--with-s3", description = "Also start the S3-compatible server (s3proxy).")
    boolean withS3;

    @Option(
        names = "--with-kinesis",
        description = "Also start the Kinesis emulator (kinesalite) and create its stream.")
    boolean withKinesis;

    @Override
    public Integer call() {
      LocalStack s = new LocalStack(stack.configToStart(withS3, withKinesis));
      System.out.println("Starting the local stack...");
      s.up(System.out);
      System.out.println("Initialising...");
      StackInit.run(s.endpoints(), System.out);
      ConsoleService console = stack.console(s.config());
      s.add(console, System.out);
      String url = ConsoleService.url(console.port());
      print(s.endpoints());
      System.out.println(
          "  console   "
              + url
              + "/ (log in with the key in "
              + s.config().home().relativize(s.layout().apiKeyFile("analyst"))
              + ")");
      System.out.println("console: " + url + "/");
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show whether each service is running. Exit code 0 when all run, 3 when down.")
  static final class Status implements Callable<Integer> {
    @Mixin StackOptions stack;

    @Override
    public Integer call() {
      LocalStack s = stack.stack();
      Map<String, String> status = s.status();
      if (status.isEmpty()) {
        System.out.println("stack: down");
        return 3;
      }
      status.forEach((k, v) -> System.out.printf("  %-9s %s%n", k, v));
      boolean up = s.isRunning();
      System.out.println("stack: " + (up ? "up" : "partly down (run `bin/cardstream stack down`)"));
      return up ? 0 : 3;
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = "Stop exactly the processes `stack up` started, the console first.")
  static final class Down implements Callable<Integer> {
    @Mixin StackOptions stack;

    @Override
    public Integer call() {
      stack.stack().down(System.out);
      System.out.println("stack: down");
      return 0;
    }
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = "Create the topics, DynamoDB tables and warehouse schema (idempotent).")
  static final class Init implements Callable<Integer> {
    @Mixin StackOptions stack;

    @Override
    public Integer call() {
      StackInit.run(stack.endpoints(), System.out);
      return 0;
    }
  }

  static void print(Endpoints e) {
    System.out.println("Endpoints:");
    System.out.println(
        "  kafka     "
            + e.kafkaBootstrap()
            + (e.kafkaProperties() == null
                ? ""
                : " (SASL_SSL + SCRAM; client properties " + e.kafkaProperties() + ")"));
    System.out.println("  dynamodb  " + e.dynamodbEndpoint());
    System.out.println(
        "  postgres  "
            + e.postgresJdbcUrl()
            + " (user "
            + e.postgresUser()
            + "; the warehouse load: "
            + e.warehouseUser()
            + ")");
    if (e.s3Endpoint() != null) {
      System.out.println("  s3        " + e.s3Endpoint() + " bucket " + e.s3Bucket());
    }
    if (e.kinesisEndpoint() != null) {
      System.out.println(
          "  kinesis   " + e.kinesisEndpoint() + " stream " + Topics.KINESIS_TRANSACTIONS);
    }
  }
}
