package io.cardstream.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.delta.DeltaMultiWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The nightly jobs that commit beside the stream take the Delta commit ledger's options. */
class DeltaLedgerOptionsTest {

  @Test
  void maintenanceAndAnalyticsCommitThroughTheLedgerWhenGiven() {
    String[] ledger = {"--delta-log-table", "cs-delta_log", "--delta-log-region", "eu-west-1"};
    MaintenanceJob maintenance = new MaintenanceJob();
    new CommandLine(maintenance).parseArgs(concat(new String[] {"--lake", "s3://b/lake"}, ledger));
    AnalyticsJob analytics = new AnalyticsJob();
    new CommandLine(analytics)
        .parseArgs(
            concat(new String[] {"--lake", "s3://b/lake", "--run-date", "2019-01-01"}, ledger));

    DeltaMultiWriter expected = new DeltaMultiWriter("cs-delta_log", "eu-west-1", null);
    assertThat(maintenance.deltaLog.multiWriter()).isEqualTo(expected);
    assertThat(analytics.deltaLog.multiWriter()).isEqualTo(expected);

    MaintenanceJob alone = new MaintenanceJob();
    new CommandLine(alone).parseArgs("--lake", "s3://b/lake");
    assertThat(alone.deltaLog.multiWriter()).isNull();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
