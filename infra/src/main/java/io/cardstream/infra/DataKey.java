package io.cardstream.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The customer-managed KMS key of the deployment's data at rest: the lake and artifacts buckets,
 * DynamoDB, Kinesis, the secrets, the alert topic, the log groups, Redshift and EMR. Rotated
 * yearly; retained on teardown, since data encrypted with it may outlive the stacks.
 */
final class DataKey {

  private DataKey() {}

  static Key create(Construct scope) {
    Key key =
        Key.Builder.create(scope, "DataKey")
            .alias("alias/" + Layout.NAME + "-data")
            .description("cardstream: data at rest (lake, tables, stream, secrets, logs)")
            .enableKeyRotation(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    // CloudWatch Logs encrypts this account's log groups with the key (flow logs, MWAA, the
    // bootstrap-broker lookup); the condition keeps it to log groups of this account and region.
    key.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
            .actions(
                List.of(
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncryptFrom",
                    "kms:ReEncryptTo",
                    "kms:GenerateDataKey",
                    "kms:DescribeKey"))
            .resources(List.of("*"))
            .conditions(
                Map.of(
                    "ArnLike",
                    Map.of(
                        "kms:EncryptionContext:aws:logs:arn",
                        "arn:"
                            + Aws.PARTITION
                            + ":logs:"
                            + Aws.REGION
                            + ":"
                            + Aws.ACCOUNT_ID
                            + ":log-group:*")))
            .build());
    // CloudWatch alarms and EventBridge publish to the encrypted alert topic.
    key.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .principals(
                List.of(
                    new ServicePrincipal("cloudwatch.amazonaws.com"),
                    new ServicePrincipal("events.amazonaws.com")))
            .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
            .resources(List.of("*"))
            .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
            .build());
    return key;
  }
}
