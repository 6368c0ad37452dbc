package io.cardstream.infra;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryEncryption;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * The collector's image repository. It lives in the base stack because the image must be pushed
 * (Jib, docs/deploy.md) before the collector's service can start: a CDK tarball asset would need
 * Docker at deploy time to load the tar, which the build never needs.
 */
final class CollectorRepository extends Construct {

  static final String NAME = Layout.NAME + "/collector";

  /** Images kept; older ones expire (a rollback goes at most this far back). */
  static final int KEEP_IMAGES = 20;

  final Repository repository;

  CollectorRepository(Construct scope, String id, IKey key) {
    super(scope, id);
    repository =
        Repository.Builder.create(this, "Repository")
            .repositoryName(NAME)
            .encryption(RepositoryEncryption.KMS)
            .encryptionKey(key)
            .imageScanOnPush(true)
            // Deploys name a tag; a pushed tag never changes underneath a running service.
            .imageTagMutability(TagMutability.IMMUTABLE)
            .lifecycleRules(List.of(LifecycleRule.builder().maxImageCount(KEEP_IMAGES).build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
  }
}
