package io.cardstream.infra;

import io.cardstream.common.lake.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.msk.CfnServerlessCluster;
import software.constructs.Construct;

/**
 * The stream's input and its Kafka: MSK Serverless (IAM authentication, the only kind it offers)
 * always, because the stream writes the decision, alert and dead-letter topics and reads the
 * control topics there; plus, with {@code input=kinesis}, an on-demand Kinesis data stream for the
 * transactions. Topics are not CloudFormation resources: docs/deploy.md creates them (names from
 * {@link Topics}, retention and cleanup policy per topic).
 */
final class StreamingInput extends Construct {

  /** Kinesis keeps a week of transactions, so the stream can be down that long and catch up. */
  static final int KINESIS_RETENTION_DAYS = 7;

  /** The construct id of the function behind every AwsCustomResource of a stack. */
  static final String AWS_CUSTOM_RESOURCE_FUNCTION = "AWS679f53fac002430cb0da5b7982bd2287";

  final CfnServerlessCluster kafka;

  /** The SASL/IAM bootstrap servers (port 9098), looked up after the cluster exists. */
  final String kafkaBootstrap;

  final Optional<Stream> kinesis;

  StreamingInput(Construct scope, String id, InfraConfig config, Network network, IKey key) {
    super(scope, id);
    kafka =
        CfnServerlessCluster.Builder.create(this, "Kafka")
            .clusterName(Layout.NAME)
            .clientAuthentication(
                CfnServerlessCluster.ClientAuthenticationProperty.builder()
                    .sasl(
                        CfnServerlessCluster.SaslProperty.builder()
                            .iam(CfnServerlessCluster.IamProperty.builder().enabled(true).build())
                            .build())
                    .build())
            .vpcConfigs(
                List.of(
                    CfnServerlessCluster.VpcConfigProperty.builder()
                        .subnetIds(network.privateSubnetIds())
                        .securityGroups(List.of(network.kafka.getSecurityGroupId()))
                        .build()))
            .build();

    // CloudFormation returns no bootstrap servers for MSK Serverless: one read-only API call does.
    AwsSdkCall lookup =
        AwsSdkCall.builder()
            .service("Kafka")
            .action("getBootstrapBrokers")
            .parameters(Map.of("ClusterArn", kafka.getAttrArn()))
            .physicalResourceId(PhysicalResourceId.of(kafka.getAttrArn()))
            .outputPaths(List.of("BootstrapBrokerStringSaslIam"))
            .build();
    AwsCustomResource bootstrap =
        AwsCustomResource.Builder.create(this, "BootstrapBrokers")
            .onCreate(lookup)
            .onUpdate(lookup)
            .policy(
                AwsCustomResourcePolicy.fromStatements(
                    List.of(
                        PolicyStatement.Builder.create()
                            .actions(List.of("kafka:GetBootstrapBrokers"))
                            .resources(List.of(kafka.getAttrArn()))
                            .build())))
            .installLatestAwsSdk(false)
            .logGroup(
                LogGroup.Builder.create(this, "BootstrapBrokersLogs")
                    .retention(RetentionDays.ONE_YEAR)
                    .encryptionKey(key)
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build())
            .build();
    kafkaBootstrap = bootstrap.getResponseField("BootstrapBrokerStringSaslIam");
    String lookupReason =
        "A deploy-time lookup: one read-only API call (kafka:GetBootstrapBrokers on this cluster)"
            + " by the CDK's own custom-resource function; no data passes through it, and it has"
            + " no VPC resource to reach.";
    Nag.suppress(bootstrap, lookupReason, "PCI.DSS.321-IAMNoInlinePolicy");
    Nag.suppressPath(
        Stack.of(this),
        AWS_CUSTOM_RESOURCE_FUNCTION,
        lookupReason + " Its role has the basic Lambda logging policy only.",
        "AwsSolutions-IAM4",
        "PCI.DSS.321-LambdaInsideVPC");
    CfnLint.ignore(
        Stack.of(this).getNode().findChild(AWS_CUSTOM_RESOURCE_FUNCTION),
        "The CDK's custom-resource function lists its role both in DependsOn and by GetAtt.",
        "W3005");

    kinesis =
        config.kinesis()
            ? Optional.of(
                Stream.Builder.create(this, "Transactions")
                    .streamName(Topics.KINESIS_TRANSACTIONS)
                    .streamMode(StreamMode.ON_DEMAND)
                    .encryption(StreamEncryption.KMS)
                    .encryptionKey(key)
                    .retentionPeriod(Duration.days(KINESIS_RETENTION_DAYS))
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build())
            : Optional.empty();
    kinesis.ifPresent(
        k ->
            Nag.suppress(
                k,
                "Deliberately the data key, not aws/kinesis: every store of card events is under the"
                    + " one customer-managed key the account controls and can revoke (PCI DSS 3.5);"
                    + " KMS requests are per data key reuse, not per record.",
                "AwsSolutions-KDS3"));
  }

  /** The cluster's UUID, the last part of its ARN, which IAM resource ARNs of topics repeat. */
  private String clusterUuid() {
    return Fn.select(2, Fn.split("/", kafka.getAttrArn()));
  }

  /**
   * An IAM-authenticated client of this cluster: connect (idempotent producer), read {@code reads}
   * and write {@code writes}, by topic name.
   */
  List<PolicyStatement> topicClient(List<String> reads, List<String> writes) {
    return List.of(
        Iam.allow(
            List.of(
                "kafka-cluster:Connect",
                "kafka-cluster:DescribeCluster",
                "kafka-cluster:WriteDataIdempotently"),
            List.of(kafka.getAttrArn())),
        Iam.allow(
            List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"),
            reads.stream().map(t -> kafkaArn("topic", t)).toList()),
        Iam.allow(
            List.of("kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"),
            writes.stream().map(t -> kafkaArn("topic", t)).toList()));
  }

  /** IAM resource ARN of a Kafka resource of this cluster, e.g. {@code topic}, {@code group}. */
  String kafkaArn(String type, String name) {
    return "arn:"
        + Aws.PARTITION
        + ":kafka:"
        + Aws.REGION
        + ":"
        + Aws.ACCOUNT_ID
        + ":"
        + type
        + "/"
        + Layout.NAME
        + "/"
        + clusterUuid()
        + "/"
        + name;
  }
}
