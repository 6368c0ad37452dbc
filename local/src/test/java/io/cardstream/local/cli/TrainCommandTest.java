package io.cardstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.cli.LocalSpark;
import io.cardstream.generator.GeneratorConfig;
import io.cardstream.generator.TransactionGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cardstream train} alone writes the HTML report beside the markdown one. */
class TrainCommandTest {

  @AfterAll
  static void stop() {
    if (SparkSession.getDefaultSession().isDefined()) {
      SparkSession.getDefaultSession().get().stop();
    }
  }

  @Test
  void trainWritesTheHtmlReportWithItsChartsAndTheDrift(@TempDir Path dir) throws Exception {
    LocalSpark.configureDefaults();
    Path csv = dir.resolve("train.csv");
    TransactionGenerator.writeKaggleCsv(
        new GeneratorConfig(60, 40, LocalDate.of(2019, 1, 1), 5L, 0.03), csv);
    Path registry = dir.resolve("registry");
    StringWriter err = new StringWriter();
    int code =
        Cardstream.execute(
            new PrintWriter(err, true),
            "train",
            "--input",
            csv.toString(),
            "--registry",
            registry.toString(),
            "--max-iter",
            "5",
            "--max-depth",
            "3");
    assertThat(code).as(err.toString()).isZero();
    Path version;
    try (Stream<Path> versions = Files.list(registry)) {
      version = versions.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    Path html = version.resolve("report/report.html");
    assertThat(html).exists();
    assertThat(Files.readString(html))
        .contains(version.getFileName().toString())
        .contains("Drift (test rows against training rows)")
        .contains("<canvas");
    assertThat(version.resolve("report/report.md")).exists();
  }
}
