package io.cardstream.local.cli;

import io.cardstream.console.Reports;
import io.cardstream.training.TrainModelJob;
import io.cardstream.training.Trainer;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code cardstream train}: the training job with its options, plus the training report as one HTML
 * page with its charts ({@code report/report.html} beside {@code report.md}) when the registry is
 * on the local disk, as the demo writes it.
 */
@Command(name = "train")
final class TrainCommand implements Callable<Integer> {

  @Mixin TrainModelJob job;

  @Override
  public Integer call() throws Exception {
    Trainer.Result r = job.train();
    Path dir = localDir(r.versionDir());
    if (dir != null) {
      Path html = dir.resolve("report/report.html");
      Reports.writeTrainingReport(dir, html);
      System.out.println("  report: " + dir.resolve("report/report.md") + " and " + html);
    }
    return 0;
  }

  /** The version directory on the local disk; null for a registry on S3. */
  static Path localDir(String versionDir) {
    if (versionDir.startsWith("file:")) {
      return Path.of(URI.create(versionDir));
    }
    return versionDir.contains("://") || versionDir.matches("^[a-z0-9]+:.*")
        ? null
        : Path.of(versionDir);
  }
}
