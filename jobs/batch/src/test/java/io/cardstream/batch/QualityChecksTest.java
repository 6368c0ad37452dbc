package io.cardstream.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.batch.QualityChecks.GoldDay;
import io.cardstream.batch.QualityChecks.SilverDay;
import io.cardstream.common.lake.GoldTable;
import io.cardstream.common.lake.RunDates;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityChecksTest {

  static final LocalDate D = LocalDate.of(2019, 1, 5);

  static Map<GoldTable, Map<LocalDate, GoldDay>> gold(GoldDay day) {
    Map<GoldTable, Map<LocalDate, GoldDay>> g = new EnumMap<>(GoldTable.class);
    for (GoldTable t : GoldTable.values()) {
      g.put(t, Map.of(D, day));
    }
    return g;
  }

  @Test
  void consistentStatisticsPass() {
    assertThat(
            QualityChecks.verdict(
                List.of(D),
                Map.of(D, new SilverDay(10, 10, 2, 3)),
                gold(new GoldDay(4, 10, 2, 3, 0, 0))))
        .isEmpty();
  }

  @Test
  void aMissingDateIsReportedAndNothingElseIsCheckedForIt() {
    assertThat(QualityChecks.verdict(List.of(D), Map.of(), gold(new GoldDay(4, 10, 2, 3, 0, 0))))
        .containsExactly(
            "2019-01-05: silver has no rows for this date, so there is nothing to aggregate");
  }

  @Test
  void everyBrokenRuleIsListedWithItsNumbers() {
    Map<GoldTable, Map<LocalDate, GoldDay>> g = gold(new GoldDay(4, 10, 2, 3, 0, 0));
    g.put(GoldTable.SEGMENT_DAILY, Map.of(D, new GoldDay(4, 9, 2, 4, 1, 2)));
    g.put(GoldTable.MERCHANT_DAILY, Map.of());
    assertThat(QualityChecks.verdict(List.of(D), Map.of(D, new SilverDay(10, 8, 2, 3)), g))
        .containsExactly(
            "2019-01-05: silver has 10 rows but 8 distinct trans_num (duplicates)",
            "2019-01-05: segment_daily has 1 rows with a null key",
            "2019-01-05: segment_daily has 2 rows with a rate outside [0, 1]",
            "2019-01-05: segment_daily transactions add up to 9 but silver has 10",
            "2019-01-05: segment_daily flagged add up to 4 but silver has 3",
            "2019-01-05: merchant_daily has no rows");
  }

  @Test
  void runDatesValidateAndDescribeTheirRange() {
    RunDates one = RunDates.of(D);
    assertThat(one.predicate("event_date")).isEqualTo("event_date = DATE'2019-01-05'");
    RunDates range = new RunDates(D, D.plusDays(2));
    assertThat(range.dates()).containsExactly(D, D.plusDays(1), D.plusDays(2));
    assertThat(range.predicate("d")).isEqualTo("d BETWEEN DATE'2019-01-05' AND DATE'2019-01-07'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RunDates(D, D.minusDays(1)))
        .hasMessage(
            "--end-date 2019-01-04 is before --run-date 2019-01-05: give an inclusive range");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RunDates(D, D.plusDays(400)))
        .hasMessageContaining("longer than 366 days");
  }
}
