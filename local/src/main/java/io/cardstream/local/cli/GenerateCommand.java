package io.cardstream.local.cli;

import io.cardstream.generator.GeneratorConfig;
import io.cardstream.generator.TransactionGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Write synthetic transactions with labelled fraud, in the Kaggle fraudTrain.csv layout.")
final class GenerateCommand implements Callable<Integer> {

  @Option(
      names = "--customers",
      defaultValue = "1000",
      description = "Cardholders (default ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--days",
      defaultValue = "30",
      description = "Days to cover (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--start",
      defaultValue = "2019-01-01",
      description = "First day, yyyy-MM-dd (default ${DEFAULT-VALUE}).")
  LocalDate start;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed; the same seed gives the same bytes (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--fraud-rate",
      defaultValue = "0.006",
      description = "Share of fraudulent transactions (default ${DEFAULT-VALUE}).")
  double fraudRate;

  @Option(
      names = "--fraud-profile",
      defaultValue = "sparkov",
      description =
          "sparkov: two-day sprees shaped like the Sparkov generator's (which made the Kaggle"
              + " files); mixed: night bursts, clusters far from home, card testing (harder than"
              + " the Kaggle data) (default ${DEFAULT-VALUE}).")
  String fraudProfile;

  @Option(names = "--out", required = true, description = "Output CSV file.")
  Path out;

  @Override
  public Integer call() throws IOException {
    TransactionGenerator.FraudProfile profile;
    try {
      profile =
          TransactionGenerator.FraudProfile.valueOf(
              fraudProfile.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--fraud-profile must be mixed or sparkov, got '" + fraudProfile + "'");
    }
    TransactionGenerator.Summary s =
        TransactionGenerator.writeKaggleCsv(
            new GeneratorConfig(customers, days, start, seed, fraudRate), profile, out);
    System.out.printf(
        "Wrote %,d transactions (%,d fraud, %.3f%%) for %,d customers to %s%n",
        s.rows(), s.fraudRows(), 100 * s.fraudRate(), s.customers(), out);
    return 0;
  }
}
