package io.cardstream.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;
import software.constructs.IConstruct;

/** Policy statements written out action by action: no grant helper's wildcards slip in. */
final class Iam {

  private Iam() {}

  static PolicyStatement allow(List<String> actions, List<String> resources) {
    return allow(actions, resources, Map.of());
  }

  static PolicyStatement allow(
      List<String> actions, List<String> resources, Map<String, Object> conditions) {
    return PolicyStatement.Builder.create()
        .effect(Effect.ALLOW)
        .actions(actions)
        .resources(resources)
        .conditions(conditions)
        .build();
  }

  static PolicyDocument document(List<PolicyStatement> statements) {
    return PolicyDocument.Builder.create().statements(statements).build();
  }

  /**
   * A role whose permissions are one customer-managed policy (PCI DSS 7: no inline policies), both
   * under a construct {@code id} of their own, which is where suppressions for them go.
   */
  static Role role(
      Construct scope,
      String id,
      String description,
      IPrincipal principal,
      List<PolicyStatement> statements) {
    Construct holder = new Construct(scope, id);
    Role role =
        Role.Builder.create(holder, "Role").description(description).assumedBy(principal).build();
    role.addManagedPolicy(
        ManagedPolicy.Builder.create(holder, "Policy")
            .description(description)
            .document(document(statements))
            .build());
    return role;
  }

  /** The construct holding a role made by {@link #role} and its policy. */
  static IConstruct holder(Role role) {
    return role.getNode().getScope();
  }
}
