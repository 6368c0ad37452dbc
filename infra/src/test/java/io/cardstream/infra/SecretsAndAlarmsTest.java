package io.cardstream.infra;

import static io.cardstream.infra.Synthesized.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.lake.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsAndAlarmsTest {

  private final Synthesized s = Synthesized.kinesis();
  private final BaseStack base = s.stacks.base();

  private static List<JsonNode> resources(Synthesized s, String type) {
    return s.resources(type);
  }

  /** A key generated at deploy time: 64 characters, no value in the template. */
  private JsonNode generated(
      software.amazon.awscdk.services.secretsmanager.Secret secret, String name) {
    JsonNode r = s.resource(secret);
    assertThat(r.at("/Properties/Name").asText()).isEqualTo(name);
    assertThat(r.at("/Properties/SecretString").isMissingNode()).isTrue();
    assertThat(r.at("/Properties/GenerateSecretString/PasswordLength").asInt()).isEqualTo(64);
    return r;
  }

  @Test
  void thePanKeyIsGeneratedAtDeployTimeAndKept() {
    JsonNode pan = generated(base.secrets.panKey, Secrets.PAN_KEY_NAME);
    assertThat(pan.path("DeletionPolicy").asText()).isEqualTo("Retain");
  }

  @Test
  void theLinkKeyIsGeneratedAtDeployTimeAndTheStreamStepNamesThePanKeyNotItsValue() {
    generated(base.secrets.linkKey, Secrets.LINK_KEY_NAME);
    assertThat(s.stacks.emr().streamStep.jobArgs())
        .contains("--token-key-secret-id=" + Secrets.PAN_KEY_NAME);
  }

  @Test
  void noSecretValueIsInAnyTemplate() {
    List<JsonNode> secrets = resources(s, "AWS::SecretsManager::Secret");
    // The keys (PAN, links), the API keys document, the Redshift admin and the warehouse loader.
    assertThat(secrets).hasSize(5);
    for (JsonNode secret : secrets) {
      JsonNode p = secret.path("Properties");
      // The only literal is the collector's empty keys document: no key, no hash.
      if (p.has("SecretString")) {
        assertThat(p.path("SecretString").asText()).isEqualTo("{\"keys\": []}");
      } else {
        assertThat(p.has("GenerateSecretString")).isTrue();
      }
      assertThat(p.has("KmsKeyId")).isTrue();
    }
  }

  @Test
  void theNotifierSendsFromTheConfiguredSesIdentity() {
    s.template(base)
        .hasResourceProperties(
            "AWS::SES::EmailIdentity",
            Map.of("EmailIdentity", s.context.get(InfraConfig.SENDER_EMAIL)));
  }

  @Test
  void theAlertTopicIsEncryptedAndTlsOnly() {
    JsonNode topic = s.resource(base.alerting.topic).path("Properties");
    assertThat(topic.at("/KmsMasterKeyId/Fn::GetAtt/0").asText()).isEqualTo(logicalId(base.key));
    assertThat(s.template(base).findResources("AWS::SNS::TopicPolicy").toString())
        .contains("aws:SecureTransport");
  }

  private static Map<String, JsonNode> alarmsByMetric(Synthesized s) {
    Map<String, JsonNode> out = new java.util.TreeMap<>();
    for (JsonNode a : resources(s, "AWS::CloudWatch::Alarm")) {
      JsonNode p = a.path("Properties");
      StringBuilder dims = new StringBuilder();
      p.path("Dimensions")
          .forEach(
              d ->
                  dims.append(d.path("Value").isTextual() ? d.path("Value").asText() : "ref")
                      .append(','));
      out.put(p.path("MetricName").asText() + "[" + dims + "]", p);
    }
    return out;
  }

  @Test
  void alarmsWatchLagFailedStepsAndBothDeadLetterTopicsAndNotifyTheTopic() {
    Map<String, JsonNode> alarms = alarmsByMetric(s);
    assertThat(alarms.keySet())
        .anyMatch(k -> k.startsWith("GetRecords.IteratorAgeMilliseconds"))
        .anyMatch(k -> k.startsWith("TriggeredRules"))
        .anyMatch(k -> k.equals("MessagesInPerSec[cardstream," + Topics.DLQ + ",]"))
        .anyMatch(k -> k.equals("MessagesInPerSec[cardstream," + Topics.ALERTS_DLQ + ",]"))
        .hasSize(4);
    Cfn cfn = new Cfn(s.json);
    String topic = "{" + base.getStackName() + ":Ref:" + logicalId(base.alerting.topic) + "}";
    alarms
        .values()
        .forEach(
            a ->
                assertThat(cfn.resolve(s.stacks.emr().getStackName(), a.at("/AlarmActions/0")))
                    .isEqualTo(topic));
    JsonNode lag =
        alarms.entrySet().stream()
            .filter(e -> e.getKey().startsWith("GetRecords"))
            .findFirst()
            .orElseThrow()
            .getValue();
    assertThat(lag.path("Threshold").asDouble())
        .isEqualTo(StreamAlarms.MAX_LAG.toMilliseconds().doubleValue());
    // Kafka input has no Kinesis lag metric to watch: the stream's own lag instead.
    assertThat(alarmsByMetric(Synthesized.kafka()).keySet())
        .noneMatch(k -> k.startsWith("GetRecords"))
        .anyMatch(k -> k.equals("KafkaInputLag[" + Topics.TRANSACTIONS + ",]"))
        .hasSize(4);
  }

  @Test
  void failedStepsOfOurClusterRaiseTheRule() {
    JsonNode rule = resources(s, "AWS::Events::Rule").get(0).path("Properties");
    JsonNode pattern = rule.path("EventPattern");
    assertThat(pattern.at("/source/0").asText()).isEqualTo("aws.emr");
    assertThat(pattern.at("/detail-type/0").asText()).isEqualTo("EMR Step Status Change");
    assertThat(pattern.at("/detail/state/0").asText()).isEqualTo("FAILED");
    assertThat(pattern.at("/detail/clusterId/0/Ref").asText())
        .isEqualTo(logicalId(s.stacks.emr().cluster));
  }

  @Test
  void everyLogGroupHasARetentionAndTheDataKey() {
    List<JsonNode> groups = resources(s, "AWS::Logs::LogGroup");
    assertThat(groups).hasSizeGreaterThanOrEqualTo(AirflowStack.LOG_TYPES.size() + 2);
    groups.forEach(
        g -> {
          assertThat(g.at("/Properties/RetentionInDays").asInt()).isEqualTo(365);
          assertThat(g.at("/Properties/KmsKeyId").isMissingNode()).isFalse();
        });
  }
}
