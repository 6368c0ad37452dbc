package io.cardstream.common.cli;

import io.cardstream.common.lake.Lake;
import picocli.CommandLine.Option;

/** {@code --lake}, the lake root of the nightly batch jobs, one declaration for all of them. */
public final class LakeOption {

  @Option(names = "--lake", required = true, description = "Lake root (path, file:, s3a:, s3:).")
  String root;

  /** The root as given: a path, or a file:, s3a: or s3: URI. */
  public String root() {
    return root;
  }

  public Lake lake() {
    return new Lake(root);
  }
}
