package io.cardstream.infra;

import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.CfnInstanceProfile;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The EMR nodes' role (EC2 instance profile), which every step runs as: the stream and the nightly
 * jobs. Scoped to the lake and checkpoint prefixes, the jar and log prefixes, the tables the stream
 * writes, the Delta commit ledger, the catalog's own tables, the secrets the jobs read (the keys,
 * the warehouse loader's password; not the Redshift admin's), the Kinesis stream and the Kafka
 * topics the stream uses.
 */
final class EmrJobRole extends Construct {

  /**
   * Topics the stream reads: the control plane, its own commit markers and the lake query's input
   * (+ input on Kafka).
   */
  static final List<String> STREAM_READS =
      List.of(Topics.FLAGGED_ACCOUNTS, Topics.RULES, Topics.SINK_COMMITS, Topics.LAKE);

  /** Topics the nightly jobs read: the answers the feedback-labels step takes into the lake. */
  static final List<String> NIGHTLY_READS = List.of(Topics.FEEDBACK);

  /** Topics the stream writes, in one Kafka transaction per micro-batch. */
  static final List<String> STREAM_WRITES =
      List.of(
          Topics.APPROVED,
          Topics.DECLINED,
          Topics.ALERTS,
          Topics.DLQ,
          Topics.SINK_COMMITS,
          Topics.LAKE);

  /** Tables the stream's DynamoDB sink writes. */
  static final List<String> STREAM_TABLES =
      List.of(DynamoTables.TRANSACTIONS, DynamoTables.FRAUD_AUDIT);

  /** What DynamoDbLogStore does on its ledger (docs/deploy.md, the protocol). */
  static final List<String> LEDGER_ACTIONS =
      List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query");

  /** Topics the notifier reads (its alerts) and writes (what it could not deliver). */
  static final List<String> NOTIFIER_READS = List.of(Topics.ALERTS);

  static final List<String> NOTIFIER_WRITES = List.of(Topics.ALERTS_DLQ);

  /** The namespace of the stream's own metrics (CloudWatchLagPublisher.NAMESPACE). */
  static final String LAG_NAMESPACE = "cardstream";

  /** The stream's transactional producer ids: {@code cardstream-scoring-<query id>}. */
  static final String TRANSACTIONAL_IDS = "cardstream-scoring-*";

  /** Consumer groups Spark's Kafka source names itself (the labels job; the stream on Kafka). */
  static final String SPARK_GROUPS = "spark-kafka-source-*";

  final Role role;
  final CfnInstanceProfile profile;

  EmrJobRole(
      Construct scope, String id, InfraConfig config, BaseStack base, WarehouseStack warehouse) {
    super(scope, id);
    String lake = base.storage.lake.getBucketArn();
    String artifacts = base.storage.artifacts.getBucketArn();
    List<PolicyStatement> s = new ArrayList<>();
    s.add(
        Iam.allow(
            List.of("s3:GetObject"),
            List.of(
                artifacts + "/" + Layout.JARS + "/*", artifacts + "/" + Layout.EMR_TLS_BUNDLE)));
    s.add(Iam.allow(List.of("s3:PutObject"), List.of(artifacts + "/" + Layout.EMR_LOGS + "/*")));
    s.add(
        Iam.allow(
            List.of("s3:ListBucket"), List.of(artifacts), prefixes(Layout.JARS, Layout.EMR_LOGS)));
    s.add(
        Iam.allow(
            List.of(
                "s3:GetObject",
                "s3:PutObject",
                "s3:DeleteObject",
                "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts"),
            List.of(lake + "/" + Layout.LAKE_ROOT + "/*", lake + "/" + Layout.CHECKPOINTS + "/*")));
    s.add(
        Iam.allow(
            List.of("s3:ListBucket", "s3:ListBucketMultipartUploads"),
            List.of(lake),
            prefixes(Layout.LAKE_ROOT, Layout.CHECKPOINTS)));
    s.add(Iam.allow(List.of("s3:GetBucketLocation"), List.of(lake, artifacts)));
    s.add(
        Iam.allow(
            List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"),
            List.of(base.key.getKeyArn())));
    s.add(
        Iam.allow(
            List.of("dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:DescribeTable"),
            STREAM_TABLES.stream()
                .map(
                    t -> base.tables.byName.get(DynamoTables.name(Layout.DYNAMODB_TABLE_PREFIX, t)))
                .map(t -> t.getTableArn())
                .toList()));
    // The Delta commit ledger (DynamoDbLogStore): claim, complete and look up commits. No
    // CreateTable or DeleteItem: the stack owns the table, TTL removes completed entries.
    s.add(Iam.allow(LEDGER_ACTIONS, List.of(base.tables.deltaLog().getTableArn())));
    s.addAll(notifier(config, base));
    // The stream's own input lag (--lag-metric cloudwatch): metrics have no resource ARN.
    s.add(
        Iam.allow(
            List.of("cloudwatch:PutMetricData"),
            List.of("*"),
            Map.of("StringEquals", Map.of("cloudwatch:namespace", LAG_NAMESPACE))));
    s.add(glue(base.glue));
    s.add(
        Iam.allow(
            List.of("secretsmanager:GetSecretValue"),
            List.of(
                base.secrets.panKey.getSecretArn(),
                // The notifier step signs its "was this you?" links with this key.
                base.secrets.linkKey.getSecretArn(),
                // The warehouse load's: the loader's password, never the admin's.
                warehouse.loader.secret.getSecretArn())));
    base.input.kinesis.ifPresent(
        k ->
            s.add(
                Iam.allow(
                    List.of(
                        "kinesis:DescribeStream",
                        "kinesis:DescribeStreamSummary",
                        "kinesis:ListShards",
                        "kinesis:GetShardIterator",
                        "kinesis:GetRecords"),
                    List.of(k.getStreamArn()))));
    s.addAll(kafka(config, base.input));

    role =
        Iam.role(
            this,
            "Nodes",
            "cardstream EMR nodes: the stream and the nightly jobs",
            new ServicePrincipal("ec2.amazonaws.com"),
            s);
    profile =
        CfnInstanceProfile.Builder.create(this, "Profile")
            .roles(List.of(role.getRoleName()))
            .build();
    Nag.suppressOnly(
        this,
        "AwsSolutions-IAM5",
        "Object grants are per prefix: Delta, the checkpoint and the staging export name new files"
            + " every micro-batch, EMR names its log files, and the jar names carry the version.",
        "^Resource::.*/("
            + String.join("|", Layout.LAKE_ROOT, Layout.CHECKPOINTS, Layout.JARS, Layout.EMR_LOGS)
            + ")/\\*$");
    Nag.suppressOnly(
        this,
        "AwsSolutions-IAM5",
        "The stream's transactional ids end in its Spark query id and Spark's Kafka source names"
            + " its consumer groups with a random suffix; both are known only at run time.",
        "^Resource::.*:transactional-id/.*" + "cardstream-scoring-\\*$",
        "^Resource::.*:group/.*spark-kafka-source-\\*$");
    Nag.suppressOnly(
        this,
        "AwsSolutions-IAM5",
        "cloudwatch:PutMetricData has no resource-level permission; the statement is limited to"
            + " the stream's namespace by its condition.",
        "^Resource::\\*$");
  }

  /**
   * The notifier: SES's API as the sender identity only (no SMTP credentials exist), the contacts
   * it reads and the ledger it claims alerts in.
   */
  private static List<PolicyStatement> notifier(InfraConfig config, BaseStack base) {
    Function<String, String> table =
        t ->
            base.tables
                .byName
                .get(DynamoTables.name(Layout.DYNAMODB_TABLE_PREFIX, t))
                .getTableArn();
    return List.of(
        Iam.allow(
            List.of("ses:SendEmail"),
            List.of(
                "arn:"
                    + Aws.PARTITION
                    + ":ses:"
                    + Aws.REGION
                    + ":"
                    + Aws.ACCOUNT_ID
                    + ":identity/"
                    + config.senderEmail())),
        Iam.allow(List.of("dynamodb:BatchGetItem"), List.of(table.apply(DynamoTables.CONTACTS))),
        Iam.allow(
            List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
            List.of(table.apply(DynamoTables.ALERT_NOTIFICATIONS))));
  }

  private static Map<String, Object> prefixes(String... prefixes) {
    List<String> p = new ArrayList<>();
    for (String x : prefixes) {
      p.add(x);
      p.add(x + "/*");
    }
    return Map.of("StringLike", Map.of("s3:prefix", p));
  }

  /** Spark's Glue metastore client: the catalog, our database, our tables, and "default". */
  private static PolicyStatement glue(GlueCatalog glue) {
    String prefix = "arn:" + Aws.PARTITION + ":glue:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":";
    List<String> resources = new ArrayList<>();
    resources.add(prefix + "catalog");
    resources.add(prefix + "database/" + glue.databaseName);
    // Spark's Hive client looks up the default database when a session starts.
    resources.add(prefix + "database/default");
    glue.tables
        .keySet()
        .forEach(t -> resources.add(prefix + "table/" + glue.databaseName + "/" + t));
    return Iam.allow(
        List.of(
            "glue:GetDatabase",
            "glue:GetDatabases",
            "glue:GetTable",
            "glue:GetTables",
            "glue:CreateTable",
            "glue:UpdateTable",
            "glue:DeleteTable",
            "glue:GetPartitions"),
        resources);
  }

  private static List<PolicyStatement> kafka(InfraConfig config, StreamingInput input) {
    List<String> reads = new ArrayList<>(STREAM_READS);
    reads.addAll(NIGHTLY_READS);
    reads.addAll(NOTIFIER_READS);
    if (!config.kinesis()) {
      reads.add(Topics.TRANSACTIONS);
    }
    List<PolicyStatement> s =
        new ArrayList<>(
            input.topicClient(
                reads, Stream.concat(STREAM_WRITES.stream(), NOTIFIER_WRITES.stream()).toList()));
    // The topics step: creates the missing topics, reads and sets their configs.
    s.add(
        Iam.allow(
            List.of(
                "kafka-cluster:CreateTopic",
                "kafka-cluster:DescribeTopic",
                "kafka-cluster:DescribeTopicDynamicConfiguration",
                "kafka-cluster:AlterTopicDynamicConfiguration"),
            Topics.ALL.stream().map(t -> input.kafkaArn("topic", t)).toList()));
    s.add(
        Iam.allow(
            List.of("kafka-cluster:DescribeTransactionalId", "kafka-cluster:AlterTransactionalId"),
            List.of(input.kafkaArn("transactional-id", TRANSACTIONAL_IDS))));
    s.add(
        Iam.allow(
            List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"),
            List.of(input.kafkaArn("group", SPARK_GROUPS))));
    return s;
  }
}
