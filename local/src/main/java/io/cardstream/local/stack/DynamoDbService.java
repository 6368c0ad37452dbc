package io.cardstream.local.stack;

import io.cardstream.service.JvmLauncher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** DynamoDB Local, its tables in memory (or in files under its data, for a restart to keep). */
public final class DynamoDbService extends LocalService {

  public static final String NAME = "dynamodb";

  private final boolean onDisk;

  DynamoDbService(StackConfig config, boolean onDisk) {
    super(config, NAME, config.dynamodbPort(), config.serviceClasspath("dynamodb"));
    this.onDisk = onDisk;
  }

  @Override
  List<String> command(Path data, boolean fresh) throws java.io.IOException {
    List<String> args = new ArrayList<>();
    args.addAll(onDisk ? List.of("-dbPath", data.toString()) : List.of("-inMemory"));
    args.addAll(List.of("-sharedDb", "-disableTelemetry", "-port", String.valueOf(port())));
    // Its in-memory tables live in SQLite (native memory); the heap holds requests and pages.
    return JvmLauncher.of("com.amazonaws.services.dynamodbv2.local.main.ServerRunner")
        .small()
        .heap("512m")
        .flag(
            "-Dsqlite4java.library.path="
                + config.home().resolve("local/services/dynamodb/target/native"))
        .classpathFile(config.serviceClasspath("dynamodb"))
        .args(args)
        .command();
  }

  @Override
  boolean ready() {
    try (var ddb = AwsClients.dynamodb(Endpoints.of(config))) {
      ddb.listTables();
      return true;
    }
  }
}
