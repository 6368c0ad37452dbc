package io.cardstream.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.Arrays;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions, each with its reason: the only way a finding is let through. A reason says
 * why the rule does not apply or what covers its risk instead.
 */
final class Nag {

  private Nag() {}

  /** Suppresses {@code rules} on {@code construct} and everything under it. */
  static void suppress(IConstruct construct, String reason, String... rules) {
    NagSuppressions.addResourceSuppressions(
        construct,
        Arrays.stream(rules)
            .map(r -> NagPackSuppression.builder().id(r).reason(reason).build())
            .toList(),
        true);
  }

  /** Suppresses {@code rules} on the construct at {@code id} directly under {@code stack}. */
  static void suppressPath(Stack stack, String id, String reason, String... rules) {
    NagSuppressions.addResourceSuppressionsByPath(
        stack,
        "/" + stack.getStackName() + "/" + id,
        Arrays.stream(rules)
            .map(r -> NagPackSuppression.builder().id(r).reason(reason).build())
            .toList(),
        true);
  }

  /**
   * Suppresses one rule only for the findings matching {@code findingRegex} (e.g. an IAM5 wildcard
   * on one resource prefix), so a new wildcard elsewhere in the same policy still fails.
   */
  static void suppressOnly(
      IConstruct construct, String rule, String reason, String... findingRegexes) {
    List<Object> appliesTo =
        Arrays.stream(findingRegexes)
            .map(r -> (Object) RegexAppliesTo.builder().regex("/" + r + "/").build())
            .toList();
    NagSuppressions.addResourceSuppressions(
        construct,
        List.of(NagPackSuppression.builder().id(rule).reason(reason).appliesTo(appliesTo).build()),
        true);
  }
}
