package io.cardstream.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * cfn-lint checks switched off on one resource (template metadata, which cfn-lint reads), each with
 * its reason at the call: nothing is ignored for the whole template.
 */
final class CfnLint {

  private CfnLint() {}

  /** Ignores {@code checks} on {@code construct}'s CloudFormation resource. */
  static void ignore(IConstruct construct, String reason, String... checks) {
    IConstruct c = construct;
    if (!(c instanceof CfnResource) && c.getNode().getDefaultChild() != null) {
      c = c.getNode().getDefaultChild();
    }
    if (!(c instanceof CfnResource resource)) {
      throw new IllegalArgumentException(construct.getNode().getPath() + " is no resource");
    }
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a cfn-lint ignore needs a reason");
    }
    resource.addMetadata("cfn-lint", Map.of("config", Map.of("ignore_checks", List.of(checks))));
  }
}
