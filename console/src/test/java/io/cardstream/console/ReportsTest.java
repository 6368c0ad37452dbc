package io.cardstream.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.report.DemoSummary;
import io.cardstream.console.html.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {

  @Test
  void theDemoSummaryPageShowsTheTypedSummarysCounts(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("demo-summary.json");
    Files.writeString(json, Seed.resource("demo/demo-summary.json"));
    DemoSummary s = DemoSummary.read(json);

    String html = Reports.demoSummary(s).render(Page.Mode.STANDALONE);

    assertThat(s.silver()).isEqualTo(43_752);
    assertThat(html)
        .contains("The demo run passed its checks")
        .contains("data-row=\"silver\"", "43,752")
        .contains("data-row=\"DECLINE\"", "data-row=\"train\"", "61.7")
        .contains("data-row=\"replayed_link_refused\"");
  }
}
