package io.cardstream.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.IConstruct;

/**
 * The MWAA execution role's policy: what MWAA itself needs (its DAG folder, its logs and metrics,
 * its Celery queue) and what the DAGs call (EMR steps on our cluster, the alert topic, their
 * Variables).
 */
final class AirflowRolePolicy {

  /** Statements on "*", each because the action has no resource-level permission. */
  static final Map<String, String> UNSCOPED =
      Ordered.map(
          "cloudwatch:PutMetricData",
          "CloudWatch metrics have no resource ARN (limited to MWAA's namespace by condition)",
          "logs:DescribeLogGroups",
          "listing log groups has no resource-level permission; MWAA checks its groups with it",
          "s3:GetAccountPublicAccessBlock",
          "an account-level setting MWAA verifies; the action has no resource ARN");

  private AirflowRolePolicy() {}

  static List<PolicyStatement> statements(BaseStack base, EmrStack emr, List<LogGroup> logs) {
    String artifacts = base.storage.artifacts.getBucketArn();
    List<PolicyStatement> s = new ArrayList<>();
    s.add(
        Iam.allow(
            List.of("airflow:PublishMetrics"),
            List.of(
                "arn:"
                    + Aws.PARTITION
                    + ":airflow:"
                    + Aws.REGION
                    + ":"
                    + Aws.ACCOUNT_ID
                    + ":environment/"
                    + Layout.NAME)));
    s.add(
        Iam.allow(
            List.of("s3:GetObject", "s3:GetObjectVersion"),
            List.of(artifacts + "/" + Layout.DAGS + "/*")));
    s.add(
        Iam.allow(
            List.of(
                "s3:ListBucket",
                "s3:GetBucketLocation",
                "s3:GetBucketVersioning",
                "s3:GetBucketPublicAccessBlock",
                "s3:GetEncryptionConfiguration"),
            List.of(artifacts)));
    s.add(
        Iam.allow(
            List.of(
                "logs:CreateLogStream",
                "logs:CreateLogGroup",
                "logs:PutLogEvents",
                "logs:GetLogEvents",
                "logs:GetLogRecord",
                "logs:GetLogGroupFields",
                "logs:GetQueryResults"),
            logs.stream().map(LogGroup::getLogGroupArn).toList()));
    s.add(
        Iam.allow(
            List.of("cloudwatch:PutMetricData"),
            List.of("*"),
            Map.of("StringEquals", Map.of("cloudwatch:namespace", "AmazonMWAA"))));
    s.add(Iam.allow(List.of("logs:DescribeLogGroups"), List.of("*")));
    s.add(Iam.allow(List.of("s3:GetAccountPublicAccessBlock"), List.of("*")));
    // MWAA's Celery queue lives in an account of the service's.
    s.add(
        Iam.allow(
            List.of(
                "sqs:ChangeMessageVisibility",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl",
                "sqs:ReceiveMessage",
                "sqs:SendMessage"),
            List.of("arn:" + Aws.PARTITION + ":sqs:" + Aws.REGION + ":*:airflow-celery-*")));
    // That queue is encrypted with an AWS-owned key: any key outside this account, via SQS only.
    s.add(
        PolicyStatement.Builder.create()
            .effect(Effect.ALLOW)
            .actions(
                List.of("kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Encrypt"))
            .notResources(List.of("arn:" + Aws.PARTITION + ":kms:*:" + Aws.ACCOUNT_ID + ":key/*"))
            .conditions(
                Map.of(
                    "StringLike",
                    Map.of("kms:ViaService", List.of("sqs." + Aws.REGION + ".amazonaws.com"))))
            .build());
    // The DAG files (S3) and the alert topic are encrypted with the data key.
    s.add(
        Iam.allow(
            List.of("kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"),
            List.of(base.key.getKeyArn())));
    s.add(
        Iam.allow(
            List.of("ssm:GetParameter"),
            List.of(
                parameterArn(Layout.AIRFLOW_VARIABLES + "/*"),
                parameterArn(Layout.AIRFLOW_CONNECTIONS + "/*"))));
    s.add(
        Iam.allow(
            List.of(
                "elasticmapreduce:AddJobFlowSteps",
                "elasticmapreduce:DescribeStep",
                "elasticmapreduce:ListSteps",
                "elasticmapreduce:DescribeCluster"),
            List.of(
                "arn:"
                    + Aws.PARTITION
                    + ":elasticmapreduce:"
                    + Aws.REGION
                    + ":"
                    + Aws.ACCOUNT_ID
                    + ":cluster/"
                    + emr.cluster.getRef())));
    s.add(Iam.allow(List.of("sns:Publish"), List.of(base.alerting.topic.getTopicArn())));
    return s;
  }

  static void suppressFindings(Role role) {
    IConstruct holder = Iam.holder(role);
    Nag.suppressOnly(
        holder,
        "AwsSolutions-IAM5",
        "Per-prefix grants: MWAA reads every file under dags/, writes streams of its own log"
            + " groups (named by MWAA), and looks up the DAGs' Variables under their prefix, where"
            + " an unset optional Variable must answer 'not found', not 'access denied'.",
        "^Resource::.*/" + Layout.DAGS + "/\\*$",
        "^Resource::.*:log-group:airflow-" + Layout.NAME + "-.*:\\*$",
        "^Resource::.*:parameter" + Layout.AIRFLOW_VARIABLES + "/\\*$",
        "^Resource::.*:parameter" + Layout.AIRFLOW_CONNECTIONS + "/\\*$");
    Nag.suppressOnly(
        holder,
        "AwsSolutions-IAM5",
        "MWAA's Celery queues are named airflow-celery-* in an AWS-owned account (MWAA's documented"
            + " execution role policy).",
        "^Resource::arn:.*:sqs:.*:\\*:airflow-celery-\\*$");
    Nag.suppressOnly(
        holder,
        "AwsSolutions-IAM5",
        "Actions without resource-level permissions: " + String.join("; ", UNSCOPED.values()) + ".",
        "^Resource::\\*$");
  }

  private static String parameterArn(String path) {
    return "arn:"
        + Aws.PARTITION
        + ":ssm:"
        + Aws.REGION
        + ":"
        + Aws.ACCOUNT_ID
        + ":parameter"
        + path;
  }
}
