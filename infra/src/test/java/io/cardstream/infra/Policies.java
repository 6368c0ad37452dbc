package io.cardstream.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Role;

/** The statements of a role made by {@link Iam#role}, with resources resolved for comparing. */
record Policies(List<JsonNode> statements, String stack, Cfn cfn) {

  static Policies of(Synthesized s, Role role) {
    JsonNode policy = s.resource(Iam.holder(role).getNode().findChild("Policy"));
    List<JsonNode> st = new ArrayList<>();
    policy.at("/Properties/PolicyDocument/Statement").forEach(st::add);
    return new Policies(st, Stack.of(role).getStackName(), new Cfn(s.json));
  }

  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (!node.isMissingNode()) {
      out.add(node.asText());
    }
    return out;
  }

  List<String> resources(JsonNode statement) {
    JsonNode r = statement.path("Resource");
    List<String> out = new ArrayList<>();
    if (r.isArray()) {
      r.forEach(x -> out.add(cfn.resolve(stack, x)));
    } else {
      out.add(cfn.resolve(stack, r));
    }
    return out;
  }

  /** Every resource of every statement that allows {@code action}. */
  Set<String> resourcesOf(String action) {
    Set<String> out = new TreeSet<>();
    for (JsonNode st : statements) {
      if (strings(st.path("Action")).contains(action)) {
        out.addAll(resources(st));
      }
    }
    return out;
  }

  /** Every action allowed anywhere in the policy. */
  Set<String> actions() {
    Set<String> out = new TreeSet<>();
    statements.forEach(st -> out.addAll(strings(st.path("Action"))));
    return out;
  }

  JsonNode statementWith(String action) {
    return statements.stream()
        .filter(st -> strings(st.path("Action")).contains(action))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no statement allows " + action));
  }
}
