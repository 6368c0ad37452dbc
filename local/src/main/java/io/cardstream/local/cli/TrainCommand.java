package io.cardstream.local.cli;

import io.cardstream.local.stack.StateLayout;
import io.cardstream.training.TrainModelJob;
import io.cardstream.training.Trainer;
import java.nio.file.Path;
import java.util.Optional;
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
    Optional<Path> dir = StateLayout.onLocalDisk(r.versionDir());
    if (dir.isPresent()) {
      Path html = StateLayout.writeTrainingReport(dir.get());
      System.out.println("  report: " + dir.get().resolve("report/report.md") + " and " + html);
    }
    return 0;
  }
}
