package io.cardstream.infra;

import static io.cardstream.infra.Synthesized.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.lake.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

class StreamingInputTest {

  @Test
  void kinesisInputIsAnOnDemandStreamEncryptedWithTheDataKey() {
    Synthesized s = Synthesized.kinesis();
    BaseStack base = s.stacks.base();
    JsonNode p = s.resource(base.input.kinesis.orElseThrow()).path("Properties");
    assertThat(p.at("/StreamModeDetails/StreamMode").asText()).isEqualTo("ON_DEMAND");
    assertThat(p.has("ShardCount")).isFalse();
    assertThat(p.at("/StreamEncryption/EncryptionType").asText()).isEqualTo("KMS");
    assertThat(p.at("/StreamEncryption/KeyId/Fn::GetAtt/0").asText())
        .isEqualTo(logicalId(base.key));
    assertThat(p.path("RetentionPeriodHours").asInt())
        .isEqualTo(StreamingInput.KINESIS_RETENTION_DAYS * 24);
    assertThat(p.path("Name").asText()).isEqualTo("cardstream-" + Topics.TRANSACTIONS);
  }

  @Test
  void kafkaInputHasNoKinesisStream() {
    Synthesized s = Synthesized.kafka();
    s.template(s.stacks.base()).resourceCountIs("AWS::Kinesis::Stream", 0);
    assertThat(s.stacks.base().input.kinesis).isEmpty();
  }

  @Test
  void kafkaIsMskServerlessWithIamAuthInPrivateSubnetsInBothModes() {
    for (Synthesized s : new Synthesized[] {Synthesized.kinesis(), Synthesized.kafka()}) {
      var t = s.template(s.stacks.base());
      t.resourceCountIs("AWS::MSK::ServerlessCluster", 1);
      t.hasResourceProperties(
          "AWS::MSK::ServerlessCluster",
          Map.of(
              "ClusterName", Layout.NAME,
              "ClientAuthentication", Map.of("Sasl", Map.of("Iam", Map.of("Enabled", true))),
              "VpcConfigs",
                  Match.arrayWith(
                      java.util.List.of(
                          Match.objectLike(
                              Map.of(
                                  "SubnetIds",
                                  s.stacks.base().network.privateSubnetIds().stream()
                                      .map(id -> s.stacks.base().resolve(id))
                                      .toList()))))));
    }
  }

  @Test
  void theBootstrapServersComeFromAReadOnlyLookupOfThatCluster() {
    Synthesized s = Synthesized.kinesis();
    BaseStack base = s.stacks.base();
    var lookups = s.template(base).findResources("Custom::AWS");
    assertThat(lookups).hasSize(1);
    String create =
        s.json(base)
            .at("/Resources/" + lookups.keySet().iterator().next() + "/Properties/Create")
            .toString();
    assertThat(create).contains("getBootstrapBrokers").contains(logicalId(base.input.kafka));
    assertThat(new Cfn(s.json).output(base.getStackName(), "KafkaBootstrap"))
        .endsWith(".BootstrapBrokerStringSaslIam}");
  }
}
