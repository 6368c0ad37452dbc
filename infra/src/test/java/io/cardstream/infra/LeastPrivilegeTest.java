package io.cardstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every IAM statement of every template (ours and the ones the CDK generates): no wildcard action,
 * and a statement on Resource "*" only for the actions with a written reason, because they have no
 * resource-level permission. Key policies are not IAM statements here: in a key policy "*" is the
 * key itself.
 */
class LeastPrivilegeTest {

  private static List<JsonNode> statements(Synthesized s) {
    List<JsonNode> out = new ArrayList<>();
    s.json
        .values()
        .forEach(
            t ->
                t.path("Resources")
                    .forEach(
                        r -> {
                          String type = r.path("Type").asText();
                          JsonNode p = r.path("Properties");
                          if (type.equals("AWS::IAM::Policy")
                              || type.equals("AWS::IAM::ManagedPolicy")) {
                            p.at("/PolicyDocument/Statement").forEach(out::add);
                          } else if (type.equals("AWS::IAM::Role")) {
                            p.path("Policies")
                                .forEach(x -> x.at("/PolicyDocument/Statement").forEach(out::add));
                          }
                        }));
    return out;
  }

  @Test
  void noWildcardActionsAndStarResourcesOnlyWithAReason() {
    for (Synthesized s : List.of(Synthesized.kinesis(), Synthesized.kafka())) {
      List<JsonNode> all = statements(s);
      assertThat(all).hasSizeGreaterThan(20);
      for (JsonNode st : all) {
        List<String> actions = Policies.strings(st.path("Action"));
        assertThat(actions).as(st.toString()).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
        if (Policies.strings(st.path("Resource")).contains("*")) {
          assertThat(st.path("Effect").asText()).isEqualTo("Allow");
          List<String> unscoped = new ArrayList<>(AirflowRolePolicy.UNSCOPED.keySet());
          unscoped.addAll(CollectorRoles.UNSCOPED.keySet());
          unscoped.addAll(LoaderUser.UNSCOPED.keySet());
          assertThat(unscoped)
              .as(
                  "Resource * needs a reason in AirflowRolePolicy, CollectorRoles or"
                      + " LoaderUser.UNSCOPED: "
                      + st)
              .containsAll(actions);
        }
      }
    }
  }
}
