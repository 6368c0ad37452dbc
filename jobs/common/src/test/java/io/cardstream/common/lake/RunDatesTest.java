package io.cardstream.common.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunDatesTest {

  private static final LocalDate D = LocalDate.of(2019, 1, 1);

  @Test
  void rangesAreCutAtTheirLengthAndAtGaps() {
    List<LocalDate> dates = List.of(D, D.plusDays(1), D.plusDays(2), D.plusDays(4));
    assertThat(RunDates.covering(dates))
        .containsExactly(new RunDates(D, D.plusDays(2)), RunDates.of(D.plusDays(4)));
    assertThat(RunDates.covering(dates, 2))
        .containsExactly(
            new RunDates(D, D.plusDays(1)), RunDates.of(D.plusDays(2)), RunDates.of(D.plusDays(4)));
  }

  @Test
  void aLengthOutsideOneToAYearIsAClearError() {
    assertThatThrownBy(() -> RunDates.covering(List.of(D), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a range is 1 to 366 days long, got 0");
    assertThatThrownBy(() -> RunDates.covering(List.of(D), 367))
        .hasMessage("a range is 1 to 366 days long, got 367");
  }
}
