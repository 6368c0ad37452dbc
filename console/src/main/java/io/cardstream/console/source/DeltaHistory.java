package io.cardstream.console.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Delta table's recent commits, from its transaction log's JSON files ({@code
 * _delta_log/<version>.json}, one {@code commitInfo} line each): when each job wrote, what
 * (operation, mode, the dates it replaced) and how many rows. Plain files: no Spark needed.
 */
public final class DeltaHistory {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One commit.
   *
   * @param detail the write mode and predicate (e.g. the run dates a nightly job replaced)
   * @param rows rows written (output rows, or rows inserted by a MERGE); null when not recorded
   * @param durationMs the operation's execution time when Delta records it (MERGE, OPTIMIZE)
   */
  public record Commit(
      long version, Instant time, String operation, String detail, Long rows, Long durationMs) {}

  private DeltaHistory() {}

  /** The newest {@code n} commits of the table at {@code dir}, newest first; empty if none. */
  public static List<Commit> read(Path dir, int n) throws IOException {
    Path log = dir.resolve("_delta_log");
    if (!Files.isDirectory(log)) {
      return List.of();
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(log)) {
      files =
          s.filter(p -> p.getFileName().toString().matches("[0-9]{20}\\.json"))
              .sorted((a, b) -> b.getFileName().compareTo(a.getFileName()))
              .limit(n)
              .toList();
    }
    List<Commit> out = new ArrayList<>();
    for (Path f : files) {
      long version = Long.parseLong(f.getFileName().toString().substring(0, 20));
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (!line.startsWith("{\"commitInfo\"")) {
          continue;
        }
        JsonNode c = JSON.readTree(line).path("commitInfo");
        JsonNode params = c.path("operationParameters");
        JsonNode metrics = c.path("operationMetrics");
        List<String> detail = new ArrayList<>();
        if (params.hasNonNull("mode")) {
          detail.add(params.get("mode").asText());
        }
        if (params.hasNonNull("predicate") && !"MERGE".equals(c.path("operation").asText())) {
          detail.add(params.get("predicate").asText());
        }
        out.add(
            new Commit(
                version,
                Instant.ofEpochMilli(c.path("timestamp").asLong()),
                c.path("operation").asText("?"),
                String.join(" ", detail),
                number(metrics, "numTargetRowsInserted", "numOutputRows"),
                number(metrics, "executionTimeMs")));
        break;
      }
    }
    return out;
  }

  private static Long number(JsonNode metrics, String... keys) {
    for (String k : keys) {
      JsonNode v = metrics.get(k);
      if (v != null && v.asText().matches("[0-9]+")) {
        return Long.parseLong(v.asText());
      }
    }
    return null;
  }
}
