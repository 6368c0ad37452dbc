package io.cardstream.infra;

import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * The collector task's two roles, written out action by action. ECS would otherwise add inline
 * grant policies to them; both are handed to the task definition without policy updates.
 *
 * <ul>
 *   <li>execution (the ECS agent): pull the image, write the log group, read the PAN key into the
 *       container's environment;
 *   <li>task (the collector): read the API keys secret, write the transactions (Kafka or Kinesis),
 *       the feedback and control topics, read the control topics, and the review queue's tables.
 * </ul>
 */
final class CollectorRoles extends Construct {

  /** Actions that have no resource-level permission: Resource "*", each with its reason. */
  static final Map<String, String> UNSCOPED =
      Map.of(
          "ecr:GetAuthorizationToken",
          "The ECS agent's registry login; ECR authorizes the pull itself per repository.");

  /** Topics the collector writes: accepted events (Kafka input), answers, flags and rules. */
  static final List<String> WRITES =
      List.of(Topics.FEEDBACK, Topics.FLAGGED_ACCOUNTS, Topics.RULES);

  /** Topics it reads (by partition, no consumer group): the flags and rules in force. */
  static final List<String> READS = List.of(Topics.FLAGGED_ACCOUNTS, Topics.RULES);

  final Role execution;
  final Role task;

  CollectorRoles(Construct scope, String id, BaseStack base, ILogGroup logs) {
    super(scope, id);
    String key = base.key.getKeyArn();
    execution =
        Iam.role(
            this,
            "Execution",
            "cardstream collector: the ECS agent (image, logs, the PAN key)",
            new ServicePrincipal("ecs-tasks.amazonaws.com"),
            List.of(
                Iam.allow(List.copyOf(UNSCOPED.keySet()), List.of("*")),
                Iam.allow(
                    List.of(
                        "ecr:BatchCheckLayerAvailability",
                        "ecr:BatchGetImage",
                        "ecr:GetDownloadUrlForLayer"),
                    List.of(base.collectorRepository.repository.getRepositoryArn())),
                Iam.allow(
                    List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                    List.of(logs.getLogGroupArn())),
                Iam.allow(
                    List.of("secretsmanager:GetSecretValue"),
                    List.of(
                        base.secrets.panKey.getSecretArn(), base.secrets.linkKey.getSecretArn())),
                Iam.allow(List.of("kms:Decrypt"), List.of(key))));
    task =
        Iam.role(
            this,
            "Task",
            "cardstream collector: API keys, topics, the review queue's tables",
            new ServicePrincipal("ecs-tasks.amazonaws.com"),
            taskStatements(base));
    Nag.suppressOnly(
        this,
        "AwsSolutions-IAM5",
        "ecr:GetAuthorizationToken has no resource-level permission, and the log group's ARN ends"
            + " in :* for its log streams, which the agent names per task.",
        "^Resource::\\*$",
        "^Resource::.*LogGroup.*:\\*$");
  }

  /** The roles as the task definition gets them: CDK's own grants cannot add inline policies. */
  IRole fixedExecution() {
    return execution.withoutPolicyUpdates();
  }

  IRole fixedTask() {
    return task.withoutPolicyUpdates();
  }

  private static List<PolicyStatement> taskStatements(BaseStack base) {
    StreamingInput input = base.input;
    List<String> writes = new ArrayList<>(WRITES);
    List<PolicyStatement> s = new ArrayList<>();
    s.add(
        Iam.allow(
            List.of("secretsmanager:GetSecretValue"),
            List.of(base.secrets.apiKeys.getSecretArn())));
    s.add(
        Iam.allow(
            List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"),
            List.of(base.key.getKeyArn())));
    String audit = tableArn(base, DynamoTables.FRAUD_AUDIT);
    s.add(
        Iam.allow(
            List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem"),
            List.of(audit)));
    s.add(Iam.allow(List.of("dynamodb:Query"), List.of(tableArn(base, DynamoTables.TRANSACTIONS))));
    if (input.kinesis.isPresent()) {
      s.add(
          Iam.allow(
              List.of("kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStreamSummary"),
              List.of(input.kinesis.get().getStreamArn())));
    } else {
      writes.add(Topics.TRANSACTIONS);
    }
    s.addAll(input.topicClient(READS, writes));
    return s;
  }

  private static String tableArn(BaseStack base, String table) {
    return base.tables
        .byName
        .get(DynamoTables.name(Layout.DYNAMODB_TABLE_PREFIX, table))
        .getTableArn();
  }
}
