package io.cardstream.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.lake.RunDates;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NightlyDemoTest {

  @Test
  void aLongHistoryIsCutIntoPiecesAndAGapStartsANewOne() {
    List<LocalDate> dates = new ArrayList<>();
    LocalDate first = LocalDate.of(2019, 1, 1);
    // 200 consecutive days, a gap of one day, then 3 more.
    for (int i = 0; i < 200; i++) {
      dates.add(first.plusDays(i));
    }
    for (int i = 201; i < 204; i++) {
      dates.add(first.plusDays(i));
    }

    List<RunDates> pieces = NightlyDemo.pieces(dates);

    assertThat(pieces)
        .containsExactly(
            new RunDates(first, first.plusDays(91)),
            new RunDates(first.plusDays(92), first.plusDays(183)),
            new RunDates(first.plusDays(184), first.plusDays(199)),
            new RunDates(first.plusDays(201), first.plusDays(203)));
    assertThat(pieces.stream().mapToInt(r -> r.dates().size()).sum()).isEqualTo(dates.size());
  }
}
