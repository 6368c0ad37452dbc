package io.cardstream.infra;

import io.cardstream.common.lake.Lake;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The buckets: the lake (Delta tables, model registry, warehouse staging, the stream's checkpoint),
 * the artifacts (job jars, DAGs, EMR logs; MWAA's source bucket) and the access logs of both.
 * Versioned, KMS-encrypted, TLS 1.2+ only, public access blocked.
 */
final class Storage extends Construct {

  /** How long a failed warehouse load's staging files stay (docs/operations.md). */
  static final int STAGING_DAYS = 14;

  /** Old versions of Delta files (after VACUUM or an overwrite) and of jars and DAGs. */
  static final int NONCURRENT_DAYS = 30;

  static final int EMR_LOG_DAYS = 90;

  /** A year of S3 access logs (PCI DSS 10.7: a year of audit trail). */
  static final int ACCESS_LOG_DAYS = 365;

  final Bucket accessLogs;
  final Bucket lake;
  final Bucket artifacts;

  /**
   * A bucket that AWS services deliver logs to: SSE-S3 (S3 server access logging and load balancer
   * logs deliver only to such buckets), versioned, TLS only, private, retained, a year of logs.
   */
  static Bucket logBucket(Construct scope, String id, String expiryRule) {
    return Bucket.Builder.create(scope, id)
        .encryption(BucketEncryption.S3_MANAGED)
        .versioned(true)
        .enforceSsl(true)
        .minimumTlsVersion(1.2)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .lifecycleRules(
            List.of(
                LifecycleRule.builder()
                    .id(expiryRule)
                    .expiration(Duration.days(ACCESS_LOG_DAYS))
                    .noncurrentVersionExpiration(Duration.days(1))
                    .build()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  Storage(Construct scope, String id, IKey key) {
    super(scope, id);
    accessLogs = logBucket(this, "AccessLogs", "expire-access-logs");
    Nag.suppress(
        accessLogs,
        "This is the access-log bucket itself: logging it into itself would loop.",
        "AwsSolutions-S1",
        "PCI.DSS.321-S3BucketLoggingEnabled");
    Nag.suppress(
        accessLogs,
        "S3 server access logging cannot deliver to a bucket encrypted with a KMS key (SSE-S3"
            + " only).",
        "PCI.DSS.321-S3DefaultEncryptionKMS");

    lake =
        secured("Lake", key, null)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("expire-warehouse-staging")
                        .prefix(Layout.warehouseStaging() + "/")
                        .expiration(Duration.days(STAGING_DAYS))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build(),
                    LifecycleRule.builder()
                        .id("expire-old-delta-files")
                        .noncurrentVersionExpiration(Duration.days(NONCURRENT_DAYS))
                        .expiredObjectDeleteMarker(true)
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
            .build();
    artifacts =
        // MWAA reads DAGs only from a bucket whose name starts with "airflow-".
        secured(
                "Artifacts",
                key,
                "airflow-" + Layout.NAME + "-" + Aws.ACCOUNT_ID + "-" + Aws.REGION)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("expire-emr-logs")
                        .prefix(Layout.EMR_LOGS + "/")
                        .expiration(Duration.days(EMR_LOG_DAYS))
                        .build(),
                    LifecycleRule.builder()
                        .id("expire-old-versions")
                        .noncurrentVersionExpiration(Duration.days(NONCURRENT_DAYS))
                        .expiredObjectDeleteMarker(true)
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
            .build();
    Nag.suppress(
        this,
        "One region by design (docs/deploy.md): versioning, the retained buckets and DynamoDB PITR"
            + " are the recovery path; cross-region replication would double the storage bill.",
        "PCI.DSS.321-S3BucketReplicationEnabled");
  }

  private Bucket.Builder secured(String id, IKey key, String name) {
    return Bucket.Builder.create(this, id)
        .bucketName(name)
        .encryption(BucketEncryption.KMS)
        .encryptionKey(key)
        .bucketKeyEnabled(true)
        .versioned(true)
        .enforceSsl(true)
        .minimumTlsVersion(1.2)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .serverAccessLogsBucket(accessLogs)
        .serverAccessLogsPrefix(id.toLowerCase(java.util.Locale.ROOT) + "/")
        .removalPolicy(RemovalPolicy.RETAIN);
  }

  /** The lake root the jobs take as {@code --lake}: {@code s3://<lake bucket>/lake}. */
  String lakeRoot() {
    return new Lake("s3://" + lake.getBucketName() + "/" + Layout.LAKE_ROOT).root();
  }

  /** An s3:// URI under the lake bucket (outside the lake root), e.g. the checkpoint. */
  String lakeBucketUri(String key) {
    return "s3://" + lake.getBucketName() + "/" + key;
  }

  String jarsUri() {
    return "s3://" + artifacts.getBucketName() + "/" + Layout.JARS;
  }
}
