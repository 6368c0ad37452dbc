package io.cardstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentsTest {

  /**
   * 400 rows in two genders, 40 frauds each: the model catches every fraud of F but only half of
   * M's, and alerts on no legitimate row.
   */
  @Test
  void aSegmentWhoseRecallLagsTheOverallIsNamedAsAGap() {
    int n = 400;
    double[] p = new double[n];
    int[] y = new int[n];
    String[][] seg = new String[n][];
    for (int i = 0; i < n; i++) {
      boolean female = i < 200;
      y[i] = i % 5 == 0 ? 1 : 0;
      boolean caught = y[i] == 1 && (female || i % 10 == 0);
      p[i] = caught ? 0.9 : y[i] == 1 ? 0.2 : 0.1;
      seg[i] =
          new String[] {
            female ? "F" : "M", Segments.ageBand(30), "NY", "grocery_pos", Segments.amountBand(20)
          };
    }
    Segments.Report r =
        Segments.of(new Evaluation.TestScores(p, p, y, new double[n], null, seg), 0.5);
    assertThat(r.overall().frauds()).isEqualTo(80);
    assertThat(r.overall().recall()).isEqualTo(0.75);
    Segments.Segment m =
        r.segments().stream().filter(s -> s.name().equals("M")).findFirst().orElseThrow();
    assertThat(m.recall()).isEqualTo(0.5);
    assertThat(m.falsePositiveRate()).isZero();
    assertThat(r.gaps())
        .containsExactly("gender M (200 rows, 40 frauds): recall 0.500 against 0.750 overall");
    assertThat(r.segments())
        .extracting(Segments.Segment::dimension)
        .containsOnly("gender", "age band", "state", "category", "amount band");
    assertThat(Segments.ageBand(-1)).isEqualTo("unknown");
    assertThat(List.of(Segments.amountBand(9.99), Segments.amountBand(1000)))
        .containsExactly("under 10", "1000 and over");
  }
}
