package io.cardstream.infra;

import static io.cardstream.infra.Synthesized.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.lake.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The collector's stack: ECS Fargate from the ECR image, the load balancer, scaling and WAF. */
class CollectorTest {

  private final Synthesized s = Synthesized.kinesis();
  private final CollectorStack stack = s.stacks.collector();
  private final BaseStack base = s.stacks.base();
  private final JsonNode template = s.json(stack);

  private List<JsonNode> resources(String type) {
    List<JsonNode> out = new ArrayList<>();
    template
        .path("Resources")
        .forEach(
            r -> {
              if (r.path("Type").asText().equals(type)) {
                out.add(r.path("Properties"));
              }
            });
    return out;
  }

  private JsonNode container() {
    return resources("AWS::ECS::TaskDefinition").get(0).path("ContainerDefinitions").get(0);
  }

  @Test
  void tasksRunTheImageFromTheRepositoryWithTheirOptionsAndThePanKeyAsASecret() {
    JsonNode c = container();
    String image = new Cfn(s.json).resolve(stack.getStackName(), c.path("Image"));
    assertThat(image).endsWith(":" + s.config.collectorImageTag()).contains("{AWS::URLSuffix}");
    List<String> command = new ArrayList<>();
    c.path("Command").forEach(x -> command.add(x.isTextual() ? x.asText() : "{token}"));
    assertThat(String.join(" ", command))
        .contains("--host 0.0.0.0 --port 18090")
        .contains("--api-keys-secret-id cardstream/collector-api-keys")
        .contains("--kafka-bootstrap {token}")
        .contains("--kinesis-stream {token} --kinesis-region {token}");
    assertThat(c.path("Environment").isMissingNode()).isTrue();
    assertThat(List.of(c.at("/Secrets/0/Name").asText(), c.at("/Secrets/1/Name").asText()))
        .containsExactlyInAnyOrder("CARDSTREAM_PAN_HMAC_KEY", "CARDSTREAM_LINK_HMAC_KEY");
    assertThat(c.at("/LogConfiguration/LogDriver").asText()).isEqualTo("awslogs");
    JsonNode task = resources("AWS::ECS::TaskDefinition").get(0);
    assertThat(task.path("RequiresCompatibilities").get(0).asText()).isEqualTo("FARGATE");
    assertThat(task.at("/RuntimePlatform/CpuArchitecture").asText()).isEqualTo("X86_64");
  }

  @Test
  void anHttpsLoadBalancerChecksHealthAndScalesTheService() {
    JsonNode listener = resources("AWS::ElasticLoadBalancingV2::Listener").get(0);
    assertThat(listener.path("Protocol").asText()).isEqualTo("HTTPS");
    assertThat(listener.at("/Certificates/0/CertificateArn").asText())
        .isEqualTo(s.config.collectorCertificateArn());
    assertThat(resources("AWS::ElasticLoadBalancingV2::Listener")).hasSize(1);
    JsonNode targets = resources("AWS::ElasticLoadBalancingV2::TargetGroup").get(0);
    assertThat(targets.path("HealthCheckPath").asText()).isEqualTo("/health");
    assertThat(targets.path("Port").asInt()).isEqualTo(18090);
    JsonNode alb = resources("AWS::ElasticLoadBalancingV2::LoadBalancer").get(0);
    assertThat(alb.path("Scheme").asText()).isEqualTo("internet-facing");
    assertThat(alb.path("LoadBalancerAttributes").toString())
        .contains("routing.http.drop_invalid_header_fields.enabled")
        .contains("access_logs.s3.enabled");
    JsonNode scaling = resources("AWS::ApplicationAutoScaling::ScalableTarget").get(0);
    assertThat(scaling.path("MinCapacity").asInt()).isEqualTo(CollectorService.MIN_TASKS);
    assertThat(scaling.path("MaxCapacity").asInt()).isEqualTo(CollectorService.MAX_TASKS);
    assertThat(resources("AWS::ApplicationAutoScaling::ScalingPolicy"))
        .extracting(
            p ->
                p.at("/TargetTrackingScalingPolicyConfiguration/PredefinedMetricSpecification")
                    .path("PredefinedMetricType")
                    .asText())
        .containsExactlyInAnyOrder("ECSServiceAverageCPUUtilization", "ALBRequestCountPerTarget");
    JsonNode service = resources("AWS::ECS::Service").get(0);
    assertThat(service.at("/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp").asText())
        .isEqualTo("DISABLED");
  }

  @Test
  void theWebAclRateLimitsFeedbackLinksTighterThanEverythingAndGuardsTheLoadBalancer() {
    JsonNode acl = resources("AWS::WAFv2::WebACL").get(0);
    assertThat(acl.path("Scope").asText()).isEqualTo("REGIONAL");
    Map<String, JsonNode> rules = new java.util.HashMap<>();
    acl.path("Rules").forEach(r -> rules.put(r.path("Name").asText(), r));
    JsonNode feedback = rules.get("feedback-per-ip").at("/Statement/RateBasedStatement");
    assertThat(feedback.path("AggregateKeyType").asText()).isEqualTo("IP");
    assertThat(feedback.path("Limit").asInt()).isEqualTo(CollectorWaf.FEEDBACK_LIMIT);
    assertThat(feedback.at("/ScopeDownStatement/ByteMatchStatement/SearchString").asText())
        .isEqualTo("/feedback");
    assertThat(rules.get("feedback-per-ip").at("/Action/Block").isObject()).isTrue();
    JsonNode all = rules.get("all-per-ip").at("/Statement/RateBasedStatement");
    assertThat(all.path("Limit").asInt()).isGreaterThan(CollectorWaf.FEEDBACK_LIMIT);
    assertThat(all.has("ScopeDownStatement")).isFalse();
    JsonNode association = resources("AWS::WAFv2::WebACLAssociation").get(0);
    assertThat(association.at("/ResourceArn/Ref").asText())
        .isEqualTo(logicalId(stack.collector.loadBalancer));
    assertThat(resources("AWS::WAFv2::LoggingConfiguration")).hasSize(1);
  }

  @Test
  void theTaskRoleReadsTheKeysAndWritesItsTopicsOnly() {
    Policies p = Policies.of(s, stack.collector.roles.task);
    assertThat(p.resourcesOf("secretsmanager:GetSecretValue"))
        .containsExactly(
            "{" + base.getStackName() + ":Ref:" + logicalId(base.secrets.apiKeys) + "}");
    assertThat(p.resourcesOf("kafka-cluster:WriteData"))
        .allSatisfy(r -> assertThat(r).contains(":topic/cardstream/"))
        .extracting(r -> r.substring(r.lastIndexOf('/') + 1))
        .containsExactlyInAnyOrder(Topics.FEEDBACK, Topics.FLAGGED_ACCOUNTS, Topics.RULES);
    assertThat(p.resourcesOf("kafka-cluster:ReadData"))
        .extracting(r -> r.substring(r.lastIndexOf('/') + 1))
        .containsExactlyInAnyOrder(Topics.FLAGGED_ACCOUNTS, Topics.RULES);
    assertThat(p.actions()).contains("kinesis:PutRecords").doesNotContain("dynamodb:PutItem");
    Policies x = Policies.of(s, stack.collector.roles.execution);
    assertThat(x.resourcesOf("secretsmanager:GetSecretValue"))
        .containsExactlyInAnyOrder(
            "{" + base.getStackName() + ":Ref:" + logicalId(base.secrets.panKey) + "}",
            "{" + base.getStackName() + ":Ref:" + logicalId(base.secrets.linkKey) + "}");
    // The task definition's roles carry no policy of CDK's own making.
    assertThat(resources("AWS::IAM::Policy")).isEmpty();
  }

  @Test
  void withKafkaInputTheCollectorWritesTheTransactionsTopic() {
    Synthesized k = Synthesized.kafka();
    Policies p = Policies.of(k, k.stacks.collector().collector.roles.task);
    assertThat(p.resourcesOf("kafka-cluster:WriteData"))
        .anyMatch(r -> r.endsWith("/" + Topics.TRANSACTIONS));
    assertThat(p.actions()).noneMatch(a -> a.startsWith("kinesis:"));
  }
}
