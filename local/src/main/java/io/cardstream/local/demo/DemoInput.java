package io.cardstream.local.demo;

import io.cardstream.common.input.InputFormat;
import io.cardstream.generator.GeneratorConfig;
import io.cardstream.generator.TransactionGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's input: a file given with its format, or one the generator wrote.
 *
 * @param generated rows and fraud rows written; empty for a given file
 */
record DemoInput(Path file, InputFormat format, Map<String, Long> generated) {

  static DemoInput given(Path file, InputFormat format, PrintStream out) {
    out.println("  using " + file + " (" + format.name().toLowerCase() + ")");
    return new DemoInput(file, format, Map.of());
  }

  /** Kaggle-layout transactions from 2019-01-01 on, into {@code file}. */
  static DemoInput generate(Path file, int customers, int days, long seed, PrintStream out)
      throws IOException {
    GeneratorConfig g =
        new GeneratorConfig(
            customers, days, LocalDate.of(2019, 1, 1), seed, GeneratorConfig.DEFAULT_FRAUD_RATE);
    TransactionGenerator.Summary s = TransactionGenerator.writeKaggleCsv(g, file);
    out.printf(
        "  generated %,d transactions (%,d fraud) for %,d customers over %d days -> %s%n",
        s.rows(), s.fraudRows(), s.customers(), days, file);
    Map<String, Long> generated = new LinkedHashMap<>();
    generated.put("rows", s.rows());
    generated.put("fraud_rows", s.fraudRows());
    return new DemoInput(file, InputFormat.KAGGLE, generated);
  }
}
