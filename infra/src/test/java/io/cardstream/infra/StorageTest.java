package io.cardstream.infra;

import static io.cardstream.infra.Synthesized.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class StorageTest {

  private final Synthesized s = Synthesized.kinesis();
  private final BaseStack base = s.stacks.base();
  private final Template t = s.template(base);

  @Test
  void everyBucketIsVersionedPrivateAndRetained() {
    Map<String, Map<String, Object>> buckets = t.findResources("AWS::S3::Bucket");
    assertThat(buckets).hasSize(3);
    buckets.forEach(
        (name, b) -> {
          assertThat(b).containsEntry("DeletionPolicy", "Retain");
          JsonNode p = s.json(base).at("/Resources/" + name + "/Properties");
          assertThat(p.at("/VersioningConfiguration/Status").asText())
              .as(name)
              .isEqualTo("Enabled");
          for (String f :
              List.of(
                  "BlockPublicAcls",
                  "BlockPublicPolicy",
                  "IgnorePublicAcls",
                  "RestrictPublicBuckets")) {
            assertThat(p.at("/PublicAccessBlockConfiguration/" + f).asBoolean())
                .as(name + " " + f)
                .isTrue();
          }
        });
  }

  @Test
  void lakeAndArtifactsAreEncryptedWithTheDataKeyAndLogged() {
    for (var bucket : List.of(base.storage.lake, base.storage.artifacts)) {
      JsonNode p = s.resource(bucket).path("Properties");
      JsonNode sse =
          p.at(
              "/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault");
      assertThat(sse.path("SSEAlgorithm").asText()).isEqualTo("aws:kms");
      assertThat(sse.at("/KMSMasterKeyID/Fn::GetAtt/0").asText()).isEqualTo(logicalId(base.key));
      assertThat(p.at("/LoggingConfiguration/DestinationBucketName/Ref").asText())
          .isEqualTo(logicalId(base.storage.accessLogs));
    }
  }

  @Test
  void bucketPoliciesDenyPlainHttpAndOldTls() {
    List<String> secured = new ArrayList<>();
    for (String name : t.findResources("AWS::S3::BucketPolicy").keySet()) {
      JsonNode p = s.json(base).at("/Resources/" + name + "/Properties");
      List<JsonNode> statements = new ArrayList<>();
      p.at("/PolicyDocument/Statement").forEach(statements::add);
      assertThat(statements)
          .anySatisfy(
              st -> {
                assertThat(st.path("Effect").asText()).isEqualTo("Deny");
                assertThat(st.at("/Condition/Bool/aws:SecureTransport").asText())
                    .isEqualTo("false");
              });
      assertThat(statements)
          .anySatisfy(
              st -> {
                assertThat(st.path("Effect").asText()).isEqualTo("Deny");
                assertThat(st.at("/Condition/NumericLessThan/s3:TlsVersion").asDouble())
                    .isEqualTo(1.2);
              });
      secured.add(p.at("/Bucket/Ref").asText());
    }
    assertThat(secured)
        .containsExactlyInAnyOrder(
            logicalId(base.storage.lake),
            logicalId(base.storage.artifacts),
            logicalId(base.storage.accessLogs));
  }

  @Test
  void lakeLifecycleExpiresStagingAndOldDeltaFilesOnly() {
    JsonNode rules = s.resource(base.storage.lake).at("/Properties/LifecycleConfiguration/Rules");
    assertThat(rules)
        .anySatisfy(
            r -> {
              assertThat(r.path("Prefix").asText()).isEqualTo("lake/staging/warehouse/");
              assertThat(r.path("ExpirationInDays").asInt()).isEqualTo(Storage.STAGING_DAYS);
            });
    assertThat(rules)
        .anySatisfy(
            r -> {
              assertThat(r.has("Prefix")).isFalse();
              assertThat(r.at("/NoncurrentVersionExpiration/NoncurrentDays").asInt())
                  .isEqualTo(Storage.NONCURRENT_DAYS);
              assertThat(r.path("ExpiredObjectDeleteMarker").asBoolean()).isTrue();
            });
    // Expiring current objects anywhere else would delete live Delta files.
    assertThat(rules)
        .filteredOn(r -> r.has("ExpirationInDays"))
        .allSatisfy(
            r -> assertThat(r.path("Prefix").asText()).isEqualTo("lake/staging/warehouse/"));
  }

  @Test
  void artifactsBucketHasANameMwaaAccepts() {
    JsonNode name = s.resource(base.storage.artifacts).at("/Properties/BucketName");
    assertThat(new Cfn(s.json).resolve(base.getStackName(), name))
        .isEqualTo("airflow-cardstream-{AWS::AccountId}-{AWS::Region}");
  }
}
