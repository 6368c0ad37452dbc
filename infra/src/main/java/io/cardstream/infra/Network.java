package io.cardstream.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The VPC (three AZs: Redshift Serverless needs three; private subnets reach AWS APIs through one
 * NAT gateway, S3 and DynamoDB through gateway endpoints) and every security group, with the rules
 * between them, so that no stack has to reach into another to open a port.
 */
final class Network extends Construct {

  /** Tag the EMR service policy (AmazonEMRServicePolicy_v2) requires on subnets and groups. */
  static final String EMR_MANAGED_TAG = "for-use-with-amazon-emr-managed-policies";

  static final int KAFKA_IAM_PORT = 9098;

  final Vpc vpc;

  /** The EMR nodes' extra group: the one MSK and Redshift let in. */
  final SecurityGroup emrNodes;

  /** EMR-managed groups: EMR writes their rules itself. */
  final SecurityGroup emrPrimary;

  final SecurityGroup emrCore;
  final SecurityGroup emrServiceAccess;
  final SecurityGroup kafka;
  final SecurityGroup redshift;
  final SecurityGroup airflow;

  Network(Construct scope, String id, IKey key) {
    super(scope, id);
    LogGroup flowLogs =
        LogGroup.Builder.create(this, "FlowLogs")
            .retention(RetentionDays.ONE_YEAR)
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    vpc =
        Vpc.Builder.create(this, "Vpc")
            .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
            // The region's first three AZs, resolved at deploy time: the template names no region.
            .availabilityZones(
                List.of(
                    Fn.select(0, Fn.getAzs()),
                    Fn.select(1, Fn.getAzs()),
                    Fn.select(2, Fn.getAzs())))
            .natGateways(1)
            .subnetConfiguration(
                List.of(
                    SubnetConfiguration.builder()
                        .name("Public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .mapPublicIpOnLaunch(false)
                        .build(),
                    SubnetConfiguration.builder()
                        .name("Private")
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .cidrMask(20)
                        .build()))
            .gatewayEndpoints(
                Ordered.map(
                    "S3",
                    GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .build(),
                    "DynamoDb",
                    GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.DYNAMODB)
                        .build()))
            .flowLogs(
                Map.of(
                    "All",
                    FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .trafficType(FlowLogTrafficType.ALL)
                        .build()))
            .restrictDefaultSecurityGroup(true)
            .build();
    Nag.suppress(
        vpc.getNode().findChild("All"),
        "The VPC flow log's own role, made by the CDK: it may only write to the flow-log group.",
        "PCI.DSS.321-IAMNoInlinePolicy");
    CfnLint.ignore(
        Stack.of(this)
            .getNode()
            .findChild("Custom::VpcRestrictDefaultSGCustomResourceProvider")
            .getNode()
            .findChild("Handler"),
        "The CDK's provider of the default-SG restriction names its role in DependsOn and GetAtt.",
        "W3005");
    vpc.getPublicSubnets()
        .forEach(
            s ->
                Nag.suppress(
                    s,
                    "The public subnets hold only the NAT gateway (no instance gets a public"
                        + " address: MapPublicIpOnLaunch is off); a NAT gateway needs their default"
                        + " route to the internet gateway.",
                    "PCI.DSS.321-VPCNoUnrestrictedRouteToIGW"));

    emrNodes = group("EmrNodes", "EMR primary and core nodes (client of MSK and Redshift)", true);
    emrPrimary = group("EmrPrimary", "EMR-managed: primary node", true);
    emrCore = group("EmrCore", "EMR-managed: core nodes", true);
    emrServiceAccess = group("EmrServiceAccess", "EMR-managed: service access (private)", true);
    kafka = group("Kafka", "MSK Serverless: IAM-authenticated clients", false);
    redshift = group("Redshift", "Redshift Serverless workgroup", false);
    airflow = group("Airflow", "MWAA: its own components talk to each other", true);

    kafka.addIngressRule(emrNodes, Port.tcp(KAFKA_IAM_PORT), "Kafka (IAM) from EMR");
    redshift.addIngressRule(emrNodes, Port.tcp(Layout.REDSHIFT_PORT), "JDBC + COPY from EMR");
    // MWAA's components reach each other (HTTPS) and its metadata database (PostgreSQL) here.
    airflow.addIngressRule(airflow, Port.tcp(443), "MWAA: HTTPS between its components");
    airflow.addIngressRule(airflow, Port.tcp(5432), "MWAA: its metadata database");

    for (SecurityGroup g : List.of(emrNodes, emrPrimary, emrCore, emrServiceAccess)) {
      Tags.of(g).add(EMR_MANAGED_TAG, "true");
    }
    vpc.getPrivateSubnets().forEach(s -> Tags.of(s).add(EMR_MANAGED_TAG, "true"));
  }

  List<String> privateSubnetIds() {
    return vpc.getPrivateSubnets().stream().map(s -> s.getSubnetId()).toList();
  }

  private SecurityGroup group(String id, String description, boolean egress) {
    return SecurityGroup.Builder.create(this, id)
        .vpc(vpc)
        .description("cardstream: " + description)
        .allowAllOutbound(egress)
        .build();
  }
}
