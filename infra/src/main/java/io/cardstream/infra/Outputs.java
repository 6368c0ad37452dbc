package io.cardstream.infra;

import software.amazon.awscdk.CfnOutput;
import software.constructs.Construct;

/** Stack outputs: what an operator (and docs/deploy.md) reads after a deploy. */
final class Outputs {

  private Outputs() {}

  static void add(Construct stack, String id, String value, String description) {
    CfnOutput.Builder.create(stack, id).value(value).description(description).build();
  }
}
