package io.cardstream.common.lake;

/**
 * The lake root ({@code file:}, {@code s3a:} or {@code s3:} URI, or a local path) and the paths of
 * its tables under it; the only place a table path is joined to the root.
 */
public record Lake(String root) {

  /** The model registry under the root: one directory per version and the CHAMPION pointer. */
  public static final String MODEL_REGISTRY = "models/fraud";

  /** The warehouse load's staging files and manifests under the root. */
  public static final String WAREHOUSE_STAGING = "staging/warehouse";

  /** The nightly feedback-labels run's checkpoint (its Kafka offsets) under the root. */
  public static final String FEEDBACK_LABELS_CHECKPOINT = "checkpoints/feedback-labels";

  public Lake {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException(
          "the lake root is missing: pass --lake with a path or a file:, s3a: or s3: URI");
    }
    root = root.trim().replaceAll("/+$", "");
  }

  public String path(LakeTable table) {
    return path(table.path());
  }

  public String modelRegistry() {
    return path(MODEL_REGISTRY);
  }

  /** A path under the root that is not a table (the model registry, the staging area). */
  public String path(String relative) {
    return root + "/" + relative.replaceAll("^/+", "");
  }
}
