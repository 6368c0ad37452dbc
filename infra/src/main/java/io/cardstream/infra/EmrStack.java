package io.cardstream.infra;

import io.cardstream.common.cli.LocalSpark;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.emr.CfnCluster;
import software.amazon.awscdk.services.emr.CfnSecurityConfiguration;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The EMR 7 cluster that runs the scoring stream (a step that never ends) and the nightly steps the
 * DAG adds beside it, with the Delta and Glue-metastore settings the jobs expect from spark-submit,
 * its roles and the stream's alarms.
 *
 * <p>EMR on EC2, not EMR Serverless: the DAGs are written for steps on a cluster
 * (EmrAddStepsOperator with a cluster id; the watchdog lists the cluster's steps), the stream reads
 * Kinesis with the connector EMR 7.1+ installs on its clusters, and a stream that never ends pays
 * the same on a small fixed cluster as on serverless capacity held all day.
 */
final class EmrStack extends Stack {

  /** The stream plus the nightly steps that run side by side (catalog and maintenance). */
  static final int STEP_CONCURRENCY = 4;

  static final int EBS_GIB = 64;

  /** EMR's service policy: AWS maintains it, scoped by tag to resources tagged for EMR. */
  static final String SERVICE_POLICY = "service-role/AmazonEMRServicePolicy_v2";

  final CfnCluster cluster;
  final EmrJobRole jobRole;
  final StreamStep streamStep;
  final NotifierStep notifierStep;

  EmrStack(
      Construct scope, String id, InfraConfig config, BaseStack base, WarehouseStack warehouse) {
    super(
        scope,
        id,
        StackProps.builder()
            .description("cardstream EMR: the cluster, the scoring stream step, alarms")
            .build());
    jobRole = new EmrJobRole(this, "Jobs", config, base, warehouse);
    Role service =
        Iam.role(
            this,
            "Service",
            "cardstream EMR service role",
            new ServicePrincipal("elasticmapreduce.amazonaws.com")
                .withConditions(
                    Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID))),
            List.of(
                Iam.allow(
                    List.of("iam:PassRole"),
                    List.of(jobRole.role.getRoleArn()),
                    Map.of("StringEquals", Map.of("iam:PassedToService", "ec2.amazonaws.com"))),
                // EBS encryption of the nodes' volumes with the data key.
                Iam.allow(
                    List.of(
                        "kms:CreateGrant",
                        "kms:Decrypt",
                        "kms:DescribeKey",
                        "kms:Encrypt",
                        "kms:GenerateDataKeyWithoutPlaintext",
                        "kms:ReEncryptFrom",
                        "kms:ReEncryptTo"),
                    List.of(base.key.getKeyArn()))));
    service.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName(SERVICE_POLICY));
    Nag.suppress(
        service,
        "AmazonEMRServicePolicy_v2 is the EMR service role policy AWS maintains for the EC2 and"
            + " networking calls EMR makes; it only acts on resources tagged "
            + Network.EMR_MANAGED_TAG
            + "=true (our subnets and groups).",
        "AwsSolutions-IAM4");

    CfnSecurityConfiguration security =
        CfnSecurityConfiguration.Builder.create(this, "Security")
            .securityConfiguration(
                securityConfiguration(
                    base.key.getKeyArn(),
                    "s3://" + base.storage.artifacts.getBucketName() + "/" + Layout.EMR_TLS_BUNDLE))
            .build();

    streamStep =
        new StreamStep(
            config.input(),
            base.storage.jarsUri(),
            base.storage.lakeRoot(),
            base.storage.lakeBucketUri(Layout.STREAM_CHECKPOINT),
            base.input.kinesis.map(k -> k.getStreamName()).orElse(null),
            Aws.REGION,
            base.input.kafkaBootstrap,
            Tables.deltaLogName());

    notifierStep =
        new NotifierStep(
            base.storage.jarsUri(),
            base.storage.lakeRoot(),
            base.storage.lakeBucketUri(Layout.NOTIFIER_CHECKPOINT),
            Aws.REGION,
            base.input.kafkaBootstrap,
            config.senderEmail(),
            config.feedbackBaseUrl());

    cluster =
        CfnCluster.Builder.create(this, "Cluster")
            .name(Layout.NAME)
            .releaseLabel(config.emrRelease())
            .applications(List.of(CfnCluster.ApplicationProperty.builder().name("Spark").build()))
            .serviceRole(service.getRoleArn())
            .jobFlowRole(jobRole.profile.getRef())
            .securityConfiguration(security.getRef())
            .logUri("s3://" + base.storage.artifacts.getBucketName() + "/" + Layout.EMR_LOGS + "/")
            .logEncryptionKmsKeyId(base.key.getKeyArn())
            .visibleToAllUsers(true)
            .stepConcurrencyLevel(STEP_CONCURRENCY)
            .instances(instances(config, base.network))
            .configurations(classifications())
            .steps(
                List.of(
                    // First, so the topics are there or reported before the stream needs them.
                    // With step concurrency above 1 EMR starts the next steps beside it (and
                    // refuses CANCEL_AND_WAIT): a stream that meets a missing topic fails, and
                    // the watchdog runs this job again before it re-adds the stream.
                    step(
                        Layout.TOPICS_STEP_NAME,
                        StreamStep.sparkSubmit(
                            Layout.TOPICS_MAIN_CLASS,
                            base.storage.jarsUri() + "/" + Layout.STREAM_JAR,
                            List.of(
                                "--kafka-bootstrap=" + base.input.kafkaBootstrap,
                                "--kafka-auth=msk-iam"))),
                    step(Layout.STREAM_STEP_NAME, streamStep.commandRunnerArgs()),
                    step(Layout.NOTIFIER_STEP_NAME, notifierStep.commandRunnerArgs())))
            .build();
    Nag.suppress(
        cluster,
        "Nobody logs in to the nodes (no key pair, no SSH; steps come through the EMR API under"
            + " IAM), so there is no interactive user for Kerberos to authenticate.",
        "AwsSolutions-EMR6",
        "PCI.DSS.321-EMRKerberosEnabled");
    Nag.suppress(
        cluster,
        "Local disks and EBS are encrypted with the data key: the security configuration sets"
            + " EncryptionConfiguration.AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration"
            + " (AwsKms), where EMR reads it (EmrTest asserts it); this cdk-nag rule looks for the"
            + " settings at the document's top level, where EMR does not.",
        "AwsSolutions-EMR4");
    Nag.suppress(
        cluster,
        "TLS between the nodes is on: the security configuration sets"
            + " EncryptionConfiguration.EnableInTransitEncryption with a PEM bundle"
            + " (InTransitEncryptionConfiguration, infra/bin/emr-tls), where EMR reads it (EmrTest"
            + " asserts it); this cdk-nag rule looks for the settings at the document's top level,"
            + " where EMR refuses them.",
        "AwsSolutions-EMR5");
    new StreamAlarms(this, "Alarms", config, base, cluster);
    Outputs.add(this, "ClusterId", cluster.getRef(), "Variable cardstream_cluster_id");
  }

  /**
   * A step of the cluster; CONTINUE: a failed job must not terminate the shared cluster (the
   * watchdog re-adds the stream).
   */
  private static CfnCluster.StepConfigProperty step(String name, List<String> args) {
    return CfnCluster.StepConfigProperty.builder()
        .name(name)
        .actionOnFailure("CONTINUE")
        .hadoopJarStep(
            CfnCluster.HadoopJarStepConfigProperty.builder()
                .jar("command-runner.jar")
                .args(args)
                .build())
        .build();
  }

  private static CfnCluster.JobFlowInstancesConfigProperty instances(
      InfraConfig config, Network network) {
    return CfnCluster.JobFlowInstancesConfigProperty.builder()
        .masterInstanceGroup(group(config.emrInstanceType(), 1))
        .coreInstanceGroup(group(config.emrInstanceType(), config.emrCoreInstances()))
        .ec2SubnetId(network.privateSubnetIds().get(0))
        .emrManagedMasterSecurityGroup(network.emrPrimary.getSecurityGroupId())
        .emrManagedSlaveSecurityGroup(network.emrCore.getSecurityGroupId())
        .serviceAccessSecurityGroup(network.emrServiceAccess.getSecurityGroupId())
        .additionalMasterSecurityGroups(List.of(network.emrNodes.getSecurityGroupId()))
        .additionalSlaveSecurityGroups(List.of(network.emrNodes.getSecurityGroupId()))
        .keepJobFlowAliveWhenNoSteps(true)
        .terminationProtected(false)
        .build();
  }

  private static CfnCluster.InstanceGroupConfigProperty group(String type, int count) {
    return CfnCluster.InstanceGroupConfigProperty.builder()
        .instanceType(type)
        .instanceCount(count)
        .market("ON_DEMAND")
        .ebsConfiguration(
            CfnCluster.EbsConfigurationProperty.builder()
                .ebsBlockDeviceConfigs(
                    List.of(
                        CfnCluster.EbsBlockDeviceConfigProperty.builder()
                            .volumeSpecification(
                                CfnCluster.VolumeSpecificationProperty.builder()
                                    .volumeType("gp3")
                                    .sizeInGb(EBS_GIB)
                                    .build())
                            .build()))
                .build())
        .build();
  }

  /**
   * What the jobs expect spark-submit to configure (JobMain.session: "master, Delta, metastore come
   * from its --conf"): Delta's extension and catalog (the same settings the local runs use), UTC,
   * and the Glue Data Catalog as Spark's Hive metastore.
   */
  static List<CfnCluster.ConfigurationProperty> classifications() {
    Map<String, String> spark = new TreeMap<>(LocalSpark.DELTA);
    spark.put("spark.sql.session.timeZone", "UTC");
    return List.of(
        classification("delta-defaults", Map.of("delta.enabled", "true")),
        classification("spark-defaults", spark),
        classification(
            "spark-hive-site",
            Map.of(
                "hive.metastore.client.factory.class",
                "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory")));
  }

  private static CfnCluster.ConfigurationProperty classification(
      String name, Map<String, String> properties) {
    return CfnCluster.ConfigurationProperty.builder()
        .classification(name)
        .configurationProperties(properties)
        .build();
  }

  /**
   * At rest: S3 (EMRFS) and local disks, EBS included, with the data key; in transit: TLS between
   * the nodes with the PEM bundle at {@code tlsBundle}; IMDSv2 only.
   */
  private static Map<String, Object> securityConfiguration(String keyArn, String tlsBundle) {
    return Ordered.map(
        "EncryptionConfiguration",
        Ordered.map(
            "EnableInTransitEncryption",
            true,
            "InTransitEncryptionConfiguration",
            Ordered.map(
                "TLSCertificateConfiguration",
                Ordered.map("CertificateProviderType", "PEM", "S3Object", tlsBundle)),
            "EnableAtRestEncryption",
            true,
            "AtRestEncryptionConfiguration",
            Ordered.map(
                "S3EncryptionConfiguration",
                Ordered.map("EncryptionMode", "SSE-KMS", "AwsKmsKey", keyArn),
                "LocalDiskEncryptionConfiguration",
                Ordered.map(
                    "EncryptionKeyProviderType",
                    "AwsKms",
                    "AwsKmsKey",
                    keyArn,
                    "EnableEbsEncryption",
                    true))),
        "InstanceMetadataServiceConfiguration",
        Ordered.map("MinimumInstanceMetadataServiceVersion", 2, "HttpPutResponseHopLimit", 2));
  }
}
