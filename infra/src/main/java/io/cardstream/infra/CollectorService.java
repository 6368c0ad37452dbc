package io.cardstream.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.regioninfo.FactName;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryAttributes;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The HTTP collector on ECS Fargate: tasks from the image Jib pushed to {@link CollectorRepository}
 * (tag from context), in the private subnets, behind an internet-facing Application Load Balancer
 * that terminates TLS (the operator's ACM certificate) and checks {@code /health}; scaled on CPU
 * and requests per task. The PAN key reaches the container as ECS injects secrets (never in the
 * template or the task definition).
 */
final class CollectorService extends Construct {

  static final int PORT = 18090;
  static final String HEALTH_PATH = "/health";
  static final int MIN_TASKS = 2;
  static final int MAX_TASKS = 10;
  static final int CPU_TARGET_PERCENT = 60;
  static final int REQUESTS_PER_TASK = 3000;
  static final String ALB_LOG_PREFIX = "collector";
  static final String PAN_KEY_ENV = "CARDSTREAM_PAN_HMAC_KEY";

  /** The feedback links' signing key, checked on every answer (docs/keys.md). */
  static final String LINK_KEY_ENV = "CARDSTREAM_LINK_HMAC_KEY";

  final ApplicationLoadBalancer loadBalancer;
  final FargateService service;
  final ApplicationTargetGroup targets;
  final SecurityGroup tasks;
  final CollectorRoles roles;

  CollectorService(Construct scope, String id, InfraConfig config, BaseStack base) {
    super(scope, id);
    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .retention(RetentionDays.ONE_YEAR)
            .encryptionKey(base.key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    roles = new CollectorRoles(this, "Roles", base, logs);
    // Imported by ARN, as the repository above: the task definition's grants on the base stack's
    // own objects would edit the base stack's key policy to name this stack's role (a cycle).
    ISecret panKey =
        software.amazon.awscdk.services.secretsmanager.Secret.fromSecretCompleteArn(
            this, "PanKey", base.secrets.panKey.getSecretArn());
    ISecret linkKey =
        software.amazon.awscdk.services.secretsmanager.Secret.fromSecretCompleteArn(
            this, "LinkKey", base.secrets.linkKey.getSecretArn());

    Cluster cluster =
        Cluster.Builder.create(this, "Cluster")
            .vpc(base.network.vpc)
            .containerInsightsV2(ContainerInsights.ENABLED)
            .build();
    FargateTaskDefinition task =
        FargateTaskDefinition.Builder.create(this, "Task")
            .cpu(512)
            .memoryLimitMiB(1024)
            .runtimePlatform(
                RuntimePlatform.builder()
                    .cpuArchitecture(CpuArchitecture.X86_64)
                    .operatingSystemFamily(OperatingSystemFamily.LINUX)
                    .build())
            .executionRole(roles.fixedExecution())
            .taskRole(roles.fixedTask())
            .build();
    task.addContainer(
        "Collector",
        ContainerDefinitionOptions.builder()
            .image(
                ContainerImage.fromEcrRepository(
                    Repository.fromRepositoryAttributes(
                        this,
                        "Images",
                        RepositoryAttributes.builder()
                            .repositoryArn(base.collectorRepository.repository.getRepositoryArn())
                            .repositoryName(base.collectorRepository.repository.getRepositoryName())
                            .build()),
                    config.collectorImageTag()))
            .command(arguments(base))
            .portMappings(List.of(PortMapping.builder().containerPort(PORT).build()))
            .secrets(
                Map.of(
                    PAN_KEY_ENV,
                    Secret.fromSecretsManager(panKey),
                    LINK_KEY_ENV,
                    Secret.fromSecretsManager(linkKey)))
            .logging(
                LogDrivers.awsLogs(
                    AwsLogDriverProps.builder().logGroup(logs).streamPrefix("collector").build()))
            .build());

    tasks =
        SecurityGroup.Builder.create(this, "Tasks")
            .vpc(base.network.vpc)
            .description("cardstream: collector tasks (client of MSK)")
            .allowAllOutbound(true)
            .build();
    // In this stack: the base stack's group naming this stack's group would be a cycle.
    CfnSecurityGroupIngress.Builder.create(this, "KafkaFromTasks")
        .groupId(base.network.kafka.getSecurityGroupId())
        .sourceSecurityGroupId(tasks.getSecurityGroupId())
        .ipProtocol("tcp")
        .fromPort(Network.KAFKA_IAM_PORT)
        .toPort(Network.KAFKA_IAM_PORT)
        .description("Kafka (IAM) from the collector")
        .build();
    service =
        FargateService.Builder.create(this, "Service")
            .cluster(cluster)
            .taskDefinition(task)
            .desiredCount(MIN_TASKS)
            .minHealthyPercent(100)
            .maxHealthyPercent(200)
            .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
            .healthCheckGracePeriod(Duration.seconds(60))
            .vpcSubnets(
                SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
            .securityGroups(List.of(tasks))
            .assignPublicIp(false)
            .build();

    loadBalancer = loadBalancer(base);
    ApplicationListener https =
        loadBalancer.addListener(
            "Https",
            BaseApplicationListenerProps.builder()
                .port(443)
                .protocol(ApplicationProtocol.HTTPS)
                .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .certificates(
                    List.of(ListenerCertificate.fromArn(config.collectorCertificateArn())))
                .open(true)
                .build());
    targets =
        https.addTargets(
            "Collector",
            AddApplicationTargetsProps.builder()
                .port(PORT)
                .protocol(ApplicationProtocol.HTTP)
                .targets(List.of(service))
                .deregistrationDelay(Duration.seconds(30))
                .healthCheck(
                    HealthCheck.builder()
                        .path(HEALTH_PATH)
                        .healthyHttpCodes("200")
                        .interval(Duration.seconds(15))
                        .timeout(Duration.seconds(5))
                        .healthyThresholdCount(2)
                        .unhealthyThresholdCount(3)
                        .build())
                .build());

    CfnLint.ignore(
        service,
        "The CDK makes the service wait for the listener's rule and names its target group too.",
        "W3005");
    ScalableTaskCount scaling =
        service.autoScaleTaskCount(
            EnableScalingProps.builder().minCapacity(MIN_TASKS).maxCapacity(MAX_TASKS).build());
    scaling.scaleOnCpuUtilization(
        "Cpu",
        CpuUtilizationScalingProps.builder().targetUtilizationPercent(CPU_TARGET_PERCENT).build());
    scaling.scaleOnRequestCount(
        "Requests",
        RequestCountScalingProps.builder()
            .requestsPerTarget(REQUESTS_PER_TASK)
            .targetGroup(targets)
            .build());
  }

  /**
   * The collector's options on AWS: every address, the API keys and the tables by name, the
   * transactions to Kinesis when the stream reads Kinesis.
   */
  static List<String> arguments(BaseStack base) {
    List<String> a = new ArrayList<>();
    a.addAll(List.of("--host", "0.0.0.0", "--port", "" + PORT));
    // MSK Serverless admits IAM only; the task role holds the topic rights.
    a.addAll(List.of("--kafka-auth", "msk-iam"));
    a.addAll(List.of("--api-keys-secret-id", Secrets.API_KEYS_NAME, "--region", Aws.REGION));
    a.addAll(List.of("--kafka-bootstrap", base.input.kafkaBootstrap));
    a.addAll(List.of("--dynamodb-region", Aws.REGION));
    base.input.kinesis.ifPresent(
        k ->
            a.addAll(
                List.of("--kinesis-stream", k.getStreamName(), "--kinesis-region", Aws.REGION)));
    return a;
  }

  /**
   * Internet-facing, in the public subnets, dropping malformed headers, logging every request to a
   * bucket of its own (load balancer logs go only to SSE-S3 buckets, not the data key's).
   */
  private ApplicationLoadBalancer loadBalancer(BaseStack base) {
    ApplicationLoadBalancer alb =
        ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
            .vpc(base.network.vpc)
            .internetFacing(true)
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
            .dropInvalidHeaderFields(true)
            .build();
    Bucket logs = Storage.logBucket(this, "LoadBalancerLogs", "expire-load-balancer-logs");
    Nag.suppress(
        logs,
        "This is the load balancer's access-log bucket itself: logging it would log the logs.",
        "AwsSolutions-S1",
        "PCI.DSS.321-S3BucketLoggingEnabled");
    Nag.suppress(
        logs,
        "Load balancer access logs are delivered only to SSE-S3 buckets, not KMS-encrypted ones.",
        "PCI.DSS.321-S3DefaultEncryptionKMS");
    Nag.suppress(
        logs,
        "One region by design (docs/deploy.md): its logs stay beside the load balancer they"
            + " describe; replication would only copy them.",
        "PCI.DSS.321-S3BucketReplicationEnabled");
    // The region's Elastic Load Balancing account writes the logs; the template is region-agnostic,
    // so the account comes from CDK's region table (a mapping), not from logAccessLogs.
    String elbAccount = Stack.of(this).regionalFact(FactName.ELBV2_ACCOUNT);
    logs.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .principals(List.of(new AccountPrincipal(elbAccount)))
            .actions(List.of("s3:PutObject"))
            .resources(
                List.of(
                    logs.getBucketArn()
                        + "/"
                        + ALB_LOG_PREFIX
                        + "/AWSLogs/"
                        + Aws.ACCOUNT_ID
                        + "/*"))
            .build());
    alb.setAttribute("access_logs.s3.enabled", "true");
    alb.setAttribute("access_logs.s3.bucket", logs.getBucketName());
    alb.setAttribute("access_logs.s3.prefix", ALB_LOG_PREFIX);
    // The load balancer checks that it may write there when logging is switched on.
    alb.getNode().addDependency(logs.getPolicy());
    Nag.suppress(
        alb,
        "The collector's public front door: clients reach it from anywhere on 443 (TLS only),"
            + " behind the WAF web ACL's rate rules; the tasks admit only the load balancer.",
        "AwsSolutions-EC23");
    return alb;
  }
}
