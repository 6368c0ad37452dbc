package io.cardstream.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.constructs.IConstruct;

/**
 * The app synthesized once per JVM and variant, shared by every test class: the deployable one
 * (infra/cdk.json's context, written to infra/cdk.out, which cfn-lint then lints) and the
 * Kafka-input one (to infra/target/cdk.out-kafka, linted too).
 */
final class Synthesized {

  static final Path REPO = Repo.root();

  private static Synthesized kinesis;
  private static Synthesized kafka;

  final Map<String, Object> context;
  final CloudAssembly assembly;
  final CardstreamApp.Stacks stacks;
  final InfraConfig config;

  /** Stack name -> its template as JSON. */
  final Map<String, JsonNode> json = new LinkedHashMap<>();

  private Synthesized(Map<String, Object> context, Path outdir) {
    this.context = context;
    Synth.Result result = Synth.run(REPO, context, outdir);
    this.assembly = result.assembly();
    this.stacks = result.stacks();
    this.config = InfraConfig.fromContext(context::get);
    ObjectMapper mapper = new ObjectMapper();
    assembly
        .getStacks()
        .forEach(
            s -> {
              try {
                json.put(
                    s.getStackName(), mapper.readTree(Path.of(s.getTemplateFullPath()).toFile()));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /** As deployed: the context of infra/cdk.json (input=kinesis). */
  static synchronized Synthesized kinesis() {
    if (kinesis == null) {
      kinesis = new Synthesized(Synth.cdkJsonContext(REPO), REPO.resolve("infra/cdk.out"));
    }
    return kinesis;
  }

  /** The same with input=kafka. */
  static synchronized Synthesized kafka() {
    if (kafka == null) {
      Map<String, Object> c = Synth.cdkJsonContext(REPO);
      c.put(InfraConfig.INPUT, "kafka");
      kafka = new Synthesized(c, REPO.resolve("infra/target/cdk.out-kafka"));
    }
    return kafka;
  }

  /** The logical id of {@code c}'s CloudFormation resource (itself or its default child). */
  static String logicalId(IConstruct c) {
    IConstruct e = c instanceof CfnElement ? c : c.getNode().getDefaultChild();
    return Stack.of(c).getLogicalId((CfnElement) e);
  }

  /** The resource {@code c} became, in its stack's template. */
  JsonNode resource(IConstruct c) {
    return json.get(Stack.of(c).getStackName()).path("Resources").path(logicalId(c));
  }

  /** Every resource of {@code type} in every template. */
  java.util.List<JsonNode> resources(String type) {
    java.util.List<JsonNode> out = new java.util.ArrayList<>();
    json.values()
        .forEach(
            t ->
                t.path("Resources")
                    .forEach(
                        r -> {
                          if (r.path("Type").asText().equals(type)) {
                            out.add(r);
                          }
                        }));
    return out;
  }

  Template template(Stack stack) {
    return Template.fromStack(stack);
  }

  JsonNode json(Stack stack) {
    return json.get(stack.getStackName());
  }
}
