package io.cardstream.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Template values as comparable strings: intrinsic functions are resolved symbolically ({@code
 * {Stack:Ref:Id}}, {@code {Stack:Id.Attr}}, {@code {AWS::Region}}), and {@code Fn::ImportValue}
 * follows the export into the stack that made it. Two values are the same deploy-time value exactly
 * when they resolve to the same string.
 */
final class Cfn {

  private final Map<String, JsonNode> templates;

  Cfn(Map<String, JsonNode> templates) {
    this.templates = templates;
  }

  String resolve(String stack, JsonNode v) {
    if (v.isTextual() || v.isNumber() || v.isBoolean()) {
      return v.asText();
    }
    if (v.has("Ref")) {
      String ref = v.get("Ref").asText();
      return ref.startsWith("AWS::") ? "{" + ref + "}" : "{" + stack + ":Ref:" + ref + "}";
    }
    if (v.has("Fn::GetAtt")) {
      JsonNode a = v.get("Fn::GetAtt");
      return "{" + stack + ":" + a.get(0).asText() + "." + a.get(1).asText() + "}";
    }
    if (v.has("Fn::Join")) {
      JsonNode j = v.get("Fn::Join");
      List<String> parts = new ArrayList<>();
      j.get(1).forEach(p -> parts.add(resolve(stack, p)));
      return String.join(j.get(0).asText(), parts);
    }
    if (v.has("Fn::ImportValue")) {
      return exported(v.get("Fn::ImportValue").asText());
    }
    if (v.has("Fn::Select")) {
      JsonNode s = v.get("Fn::Select");
      return "{select " + s.get(0).asText() + " of " + resolveAny(stack, s.get(1)) + "}";
    }
    if (v.has("Fn::Split")) {
      JsonNode s = v.get("Fn::Split");
      return "{split '" + s.get(0).asText() + "' of " + resolve(stack, s.get(1)) + "}";
    }
    throw new IllegalArgumentException("cannot resolve " + v);
  }

  private String resolveAny(String stack, JsonNode v) {
    return v.isArray()
        ? StreamSupport.stream(v.spliterator(), false)
            .map(x -> resolve(stack, x))
            .toList()
            .toString()
        : resolve(stack, v);
  }

  /** The value of the output exported as {@code name}, in the stack that exports it. */
  String exported(String name) {
    for (var e : templates.entrySet()) {
      for (JsonNode out : e.getValue().path("Outputs")) {
        if (out.path("Export").path("Name").asText().equals(name)) {
          return resolve(e.getKey(), out.get("Value"));
        }
      }
    }
    throw new IllegalArgumentException("no stack exports " + name);
  }

  /** The value of output {@code id} of {@code stack}. */
  String output(String stack, String id) {
    JsonNode out = templates.get(stack).path("Outputs").get(id);
    if (out == null) {
      throw new IllegalArgumentException(stack + " has no output " + id);
    }
    return resolve(stack, out.get("Value"));
  }
}
