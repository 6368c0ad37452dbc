package io.cardstream.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository the app reads its other sources of truth from (glue/, airflow-dags/): {@code
 * -Dcardstream.home}, else the nearest directory up from the working directory that holds {@code
 * glue/database.json} (the cdk CLI runs the app from infra/).
 */
final class Repo {

  private Repo() {}

  static Path root() {
    String home = System.getProperty("cardstream.home");
    Path start = Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(GlueCatalog.DATABASE_FILE))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "cannot find the cardstream repository (a directory holding "
            + GlueCatalog.DATABASE_FILE
            + ") from "
            + start
            + ": run from the repository or set -Dcardstream.home");
  }
}
