package io.cardstream.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PhasesTest {

  @Test
  void eachPhaseIsPrintedAsItStartsAndTimedWhenTheNextStarts() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Phases p = new Phases(new PrintStream(buf, true, StandardCharsets.UTF_8));
    p.next("stack", "== 1/2 stack");
    Thread.sleep(120);
    p.nextf("produce", "== 2/2 produce into %s%n", "transactions");
    assertThat(p.seconds()).containsOnlyKeys("stack");
    p.end();
    p.end();

    assertThat(buf.toString(StandardCharsets.UTF_8))
        .isEqualTo("== 1/2 stack\n== 2/2 produce into transactions\n");
    assertThat(p.seconds()).containsOnlyKeys("stack", "produce");
    assertThat(p.seconds().get("stack")).isGreaterThanOrEqualTo(0.1);
    assertThat(p.seconds().keySet()).containsExactly("stack", "produce");
  }
}
