package io.cardstream.infra;

import static io.cardstream.infra.Synthesized.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.cli.LocalSpark;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EmrTest {

  private final Synthesized s = Synthesized.kinesis();
  private final EmrStack emr = s.stacks.emr();
  private final BaseStack base = s.stacks.base();
  private final JsonNode cluster = s.resource(emr.cluster).path("Properties");
  private final Cfn cfn = new Cfn(s.json);

  private Map<String, JsonNode> classifications() {
    Map<String, JsonNode> c = new HashMap<>();
    cluster
        .path("Configurations")
        .forEach(x -> c.put(x.path("Classification").asText(), x.path("ConfigurationProperties")));
    return c;
  }

  @Test
  void anEmr7ClusterThatStaysUpAndRunsStepsSideBySide() {
    assertThat(cluster.path("ReleaseLabel").asText()).matches("emr-7\\.\\d+\\.\\d+");
    assertThat(cluster.path("Applications").toString()).contains("Spark");
    assertThat(cluster.at("/Instances/KeepJobFlowAliveWhenNoSteps").asBoolean()).isTrue();
    // The stream never ends; the nightly steps must run beside it (airflow-dags/README.md).
    assertThat(cluster.path("StepConcurrencyLevel").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(cluster.at("/Instances/Ec2SubnetId").toString())
        .contains(base.getStackName())
        .contains("PrivateSubnet1");
    assertThat(cluster.has("Instances")).isTrue();
    assertThat(cluster.at("/Instances/Ec2KeyName").isMissingNode()).isTrue();
  }

  @Test
  void sparkIsConfiguredForDeltaAndTheGlueCatalogAsTheJobsExpect() {
    Map<String, JsonNode> c = classifications();
    assertThat(c.get("delta-defaults").path("delta.enabled").asText()).isEqualTo("true");
    LocalSpark.DELTA.forEach(
        (k, v) -> assertThat(c.get("spark-defaults").path(k).asText()).as(k).isEqualTo(v));
    assertThat(c.get("spark-defaults").path("spark.sql.session.timeZone").asText())
        .isEqualTo("UTC");
    assertThat(c.get("spark-hive-site").path("hive.metastore.client.factory.class").asText())
        .isEqualTo("com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory");
  }

  @Test
  void theStreamStepRunsTheStreamingJarAndSurvivesItsOwnFailure() {
    assertThat(cluster.path("Steps").findValuesAsText("Name"))
        .containsExactly(
            Layout.TOPICS_STEP_NAME, Layout.STREAM_STEP_NAME, Layout.NOTIFIER_STEP_NAME);
    JsonNode step = step(s, Layout.STREAM_STEP_NAME);
    assertThat(step.path("Name").asText()).isEqualTo(Layout.STREAM_STEP_NAME);
    assertThat(step.path("ActionOnFailure").asText()).isEqualTo("CONTINUE");
    assertThat(step.at("/HadoopJarStep/Jar").asText()).isEqualTo("command-runner.jar");
    JsonNode args = step.at("/HadoopJarStep/Args");
    assertThat(cfn.resolve(emr.getStackName(), args.get(4))).isEqualTo(Layout.STREAM_MAIN_CLASS);
    assertThat(cfn.resolve(emr.getStackName(), args.get(5)))
        .isEqualTo(cfn.output(base.getStackName(), "JarsUri") + "/" + Layout.STREAM_JAR);
  }

  /** The cluster's step of that name. */
  static JsonNode step(Synthesized s, String name) {
    for (JsonNode st : s.resource(s.stacks.emr().cluster).at("/Properties/Steps")) {
      if (st.path("Name").asText().equals(name)) {
        return st;
      }
    }
    throw new AssertionError("the cluster has no step " + name);
  }

  @Test
  void theTopicsStepComesFirstAndRunsTheTopicsJobOnTheDeployedBrokers() {
    JsonNode step = cluster.at("/Steps/0");
    assertThat(step.path("Name").asText()).isEqualTo(Layout.TOPICS_STEP_NAME);
    List<String> args = new java.util.ArrayList<>();
    step.at("/HadoopJarStep/Args").forEach(a -> args.add(cfn.resolve(emr.getStackName(), a)));
    assertThat(args.subList(0, 5))
        .containsExactly(
            "spark-submit", "--deploy-mode", "cluster", "--class", Layout.TOPICS_MAIN_CLASS);
    assertThat(Layout.TOPICS_MAIN_CLASS)
        .isEqualTo(io.cardstream.streaming.TopicsJob.class.getName());
    // The brokers the stream writes to, exactly.
    assertThat(args.get(6))
        .startsWith("--kafka-bootstrap=")
        .isEqualTo(cfn.resolve(emr.getStackName(), streamOption("--kafka-bootstrap")));
    Policies p = Policies.of(s, emr.jobRole.role);
    assertThat(p.resourcesOf("kafka-cluster:CreateTopic"))
        .extracting(arn -> arn.substring(arn.lastIndexOf('/') + 1))
        .containsExactlyInAnyOrderElementsOf(Topics.ALL);
  }

  /** The value node of one option of the stream step (its {@code --name=value} argument). */
  private JsonNode streamOption(String name) {
    for (JsonNode a : step(s, Layout.STREAM_STEP_NAME).at("/HadoopJarStep/Args")) {
      if (cfn.resolve(emr.getStackName(), a).startsWith(name + "=")) {
        return a;
      }
    }
    throw new AssertionError("the stream step has no " + name);
  }

  @Test
  void disksAndS3AreEncryptedWithTheDataKeyAndOnlyImdsV2IsServed() {
    JsonNode sec =
        s.resource(emr.getNode().findChild("Security")).at("/Properties/SecurityConfiguration");
    JsonNode atRest = sec.at("/EncryptionConfiguration/AtRestEncryptionConfiguration");
    assertThat(sec.at("/EncryptionConfiguration/EnableAtRestEncryption").asBoolean()).isTrue();
    assertThat(atRest.at("/LocalDiskEncryptionConfiguration/EncryptionKeyProviderType").asText())
        .isEqualTo("AwsKms");
    assertThat(atRest.at("/LocalDiskEncryptionConfiguration/EnableEbsEncryption").asBoolean())
        .isTrue();
    assertThat(atRest.at("/S3EncryptionConfiguration/EncryptionMode").asText())
        .isEqualTo("SSE-KMS");
    String key =
        cfn.exported(atRest.at("/S3EncryptionConfiguration/AwsKmsKey/Fn::ImportValue").asText());
    assertThat(key).isEqualTo("{" + base.getStackName() + ":" + logicalId(base.key) + ".Arn}");
    assertThat(
            sec.at("/InstanceMetadataServiceConfiguration/MinimumInstanceMetadataServiceVersion")
                .asInt())
        .isEqualTo(2);
    assertThat(cluster.path("SecurityConfiguration").path("Ref").asText())
        .isEqualTo(logicalId(emr.getNode().findChild("Security")));
  }

  @Test
  void nodesTalkTlsWithThePemBundleInTheArtifactsBucket() {
    JsonNode sec =
        s.resource(emr.getNode().findChild("Security")).at("/Properties/SecurityConfiguration");
    assertThat(sec.at("/EncryptionConfiguration/EnableInTransitEncryption").asBoolean()).isTrue();
    JsonNode tls =
        sec.at(
            "/EncryptionConfiguration/InTransitEncryptionConfiguration/TLSCertificateConfiguration");
    assertThat(tls.path("CertificateProviderType").asText()).isEqualTo("PEM");
    assertThat(cfn.resolve(emr.getStackName(), tls.path("S3Object")))
        .isEqualTo(
            "s3://{"
                + base.getStackName()
                + ":Ref:"
                + logicalId(base.storage.artifacts)
                + "}/certs/emr-tls.zip");
    String artifacts =
        "{" + base.getStackName() + ":" + logicalId(base.storage.artifacts) + ".Arn}";
    assertThat(Policies.of(s, emr.jobRole.role).resourcesOf("s3:GetObject"))
        .contains(artifacts + "/certs/emr-tls.zip");
  }

  @Test
  void theNodesRoleReachesTheLakePrefixesJarsAndLogsOnly() {
    Policies p = Policies.of(s, emr.jobRole.role);
    String lake = "{" + base.getStackName() + ":" + logicalId(base.storage.lake) + ".Arn}";
    String artifacts =
        "{" + base.getStackName() + ":" + logicalId(base.storage.artifacts) + ".Arn}";
    assertThat(p.resourcesOf("s3:PutObject"))
        .containsExactlyInAnyOrder(
            lake + "/lake/*", lake + "/checkpoints/*", artifacts + "/emr-logs/*");
    assertThat(p.resourcesOf("s3:DeleteObject"))
        .containsExactlyInAnyOrder(lake + "/lake/*", lake + "/checkpoints/*");
    assertThat(p.resourcesOf("s3:GetObject"))
        .containsExactlyInAnyOrder(
            lake + "/lake/*",
            lake + "/checkpoints/*",
            artifacts + "/jars/*",
            artifacts + "/certs/emr-tls.zip");
    assertThat(p.statements())
        .filteredOn(st -> p.resources(st).equals(List.of(lake)))
        .filteredOn(st -> Policies.strings(st.path("Action")).contains("s3:ListBucket"))
        .singleElement()
        .satisfies(
            st ->
                assertThat(Policies.strings(st.at("/Condition/StringLike/s3:prefix")))
                    .containsExactlyInAnyOrder("lake", "lake/*", "checkpoints", "checkpoints/*"));
  }

  @Test
  void theNodesRoleWritesTheStreamsTablesAndTopicsOnly() {
    Policies p = Policies.of(s, emr.jobRole.role);
    assertThat(p.actions()).noneMatch(a -> a.endsWith(":*"));
    assertThat(p.resourcesOf("dynamodb:BatchWriteItem"))
        .containsExactlyInAnyOrder(
            "{"
                + base.getStackName()
                + ":"
                + logicalId(base.tables.byName.get(DynamoTables.TRANSACTIONS))
                + ".Arn}",
            "{"
                + base.getStackName()
                + ":"
                + logicalId(base.tables.byName.get(DynamoTables.FRAUD_AUDIT))
                + ".Arn}");
    List<String> writes =
        java.util.stream.Stream.concat(
                EmrJobRole.STREAM_WRITES.stream(), EmrJobRole.NOTIFIER_WRITES.stream())
            .toList();
    assertThat(p.resourcesOf("kafka-cluster:WriteData"))
        .hasSize(writes.size())
        .allSatisfy(arn -> assertThat(arn).contains(":topic/cardstream/"))
        .extracting(arn -> arn.substring(arn.lastIndexOf('/') + 1))
        .containsExactlyInAnyOrderElementsOf(writes);
    assertThat(p.resourcesOf("kafka-cluster:ReadData"))
        .extracting(arn -> arn.substring(arn.lastIndexOf('/') + 1))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.Stream.of(
                    EmrJobRole.STREAM_READS, EmrJobRole.NIGHTLY_READS, EmrJobRole.NOTIFIER_READS)
                .flatMap(List::stream)
                .toList())
        .doesNotContain(Topics.TRANSACTIONS);
    // Spark's Kafka source (the nightly labels job) names its consumer groups itself.
    assertThat(p.resourcesOf("kafka-cluster:AlterGroup"))
        .singleElement()
        .satisfies(
            arn ->
                assertThat(arn).contains(":group/cardstream/").endsWith("/spark-kafka-source-*"));
    // The card-token key (stream), the link-signing key (notifier), the warehouse loader's
    // password (the warehouse load); never the Redshift admin's.
    WarehouseStack warehouse = s.stacks.warehouse();
    String secretOf = "{" + warehouse.getStackName() + ":Ref:";
    assertThat(p.resourcesOf("secretsmanager:GetSecretValue"))
        .hasSize(3)
        .contains(secretOf + logicalId(warehouse.loader.secret) + "}")
        .doesNotContain(secretOf + logicalId(warehouse.adminSecret) + "}");
    assertThat(p.resourcesOf("glue:UpdateTable"))
        .filteredOn(r -> r.contains(":table/"))
        .extracting(r -> r.substring(r.lastIndexOf('/') + 1))
        .containsExactlyInAnyOrderElementsOf(base.glue.tables.keySet());
  }

  @Test
  void theNodesRoleCommitsThroughTheDeltaLedgerButCannotCreateOrEmptyIt() {
    Policies p = Policies.of(s, emr.jobRole.role);
    String ledger = "{" + base.getStackName() + ":" + logicalId(base.tables.deltaLog()) + ".Arn}";
    // GetItem also on the notifier's ledger (alert_notifications); Query on the Delta ledger only.
    assertThat(p.resourcesOf("dynamodb:GetItem"))
        .contains(ledger)
        .allSatisfy(r -> assertThat(r).matches(x -> x.equals(ledger) || x.contains("alertnotif")));
    assertThat(p.resourcesOf("dynamodb:Query")).containsExactly(ledger);
    assertThat(p.resourcesOf("dynamodb:PutItem")).contains(ledger);
    assertThat(p.actions())
        .doesNotContain(
            "dynamodb:CreateTable", "dynamodb:DeleteItem", "dynamodb:DeleteTable", "dynamodb:Scan");
  }

  @Test
  void withKafkaInputTheRoleReadsTheTransactionsTopicAndNoKinesis() {
    Synthesized k = Synthesized.kafka();
    Policies p = Policies.of(k, k.stacks.emr().jobRole.role);
    assertThat(p.resourcesOf("kafka-cluster:ReadData"))
        .extracting(arn -> arn.substring(arn.lastIndexOf('/') + 1))
        .contains(Topics.TRANSACTIONS);
    assertThat(
            p.actions().stream().filter(a -> a.startsWith("kinesis:")).collect(Collectors.toSet()))
        .isEmpty();
  }
}
