package io.cardstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/** cdk-nag's AwsSolutions and PCI DSS 3.2.1 packs: nothing unsuppressed, every reason written. */
class NagTest {

  @Test
  void noUnsuppressedFindingInEitherVariant() {
    for (Synthesized s : List.of(Synthesized.kinesis(), Synthesized.kafka())) {
      assertThat(Synth.errors(s.assembly)).as(s.config.input().toString()).isEmpty();
      for (var stack : s.stacks.all()) {
        Annotations a = Annotations.fromStack(stack);
        assertThat(a.findError("*", Match.stringLikeRegexp("(AwsSolutions|PCI\\.DSS\\.321)-.*")))
            .as(stack.getStackName())
            .isEmpty();
        assertThat(a.findWarning("*", Match.stringLikeRegexp("(AwsSolutions|PCI\\.DSS\\.321)-.*")))
            .as(stack.getStackName())
            .isEmpty();
      }
    }
  }

  @Test
  void bothPacksRanAndEverySuppressionSaysWhy() {
    Synthesized s = Synthesized.kinesis();
    List<JsonNode> suppressions = new ArrayList<>();
    s.json
        .values()
        .forEach(
            t ->
                t.path("Resources")
                    .forEach(
                        r ->
                            r.at("/Metadata/cdk_nag/rules_to_suppress")
                                .forEach(suppressions::add)));
    assertThat(suppressions)
        .isNotEmpty()
        .allSatisfy(
            x -> {
              assertThat(x.path("id").asText()).matches("(AwsSolutions|PCI\\.DSS\\.321)-\\w+");
              // A reason says why the rule does not apply here, in a sentence.
              assertThat(x.path("reason").asText()).hasSizeGreaterThan(40).endsWith(".");
            });
    assertThat(suppressions)
        .extracting(x -> x.path("id").asText())
        .anyMatch(id -> id.startsWith("AwsSolutions-"))
        .anyMatch(id -> id.startsWith("PCI.DSS.321-"));
  }
}
