package io.cardstream.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Offline synth, what {@code cdk synth} does minus the CLI: the context of infra/cdk.json with
 * {@code --context key=value} overrides, the app, the templates under {@code --outdir} (default
 * infra/cdk.out). Exits 1 on an invalid parameter or on any error annotation (a cdk-nag finding
 * that no suppression covers). No AWS account, credentials or network are involved.
 *
 * <pre>Synth [--outdir DIR] [--context key=value]...</pre>
 */
public final class Synth {

  private Synth() {}

  /** The context of infra/cdk.json. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> cdkJsonContext(Path repo) {
    try {
      Map<String, Object> cdk =
          new ObjectMapper().readValue(repo.resolve("infra/cdk.json").toFile(), Map.class);
      return new LinkedHashMap<>((Map<String, Object>) cdk.getOrDefault("context", Map.of()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read infra/cdk.json", e);
    }
  }

  /** The stacks of a synth and what it wrote. */
  public record Result(CardstreamApp.Stacks stacks, CloudAssembly assembly) {}

  /** Synthesizes into {@code outdir} (emptied first). */
  public static Result run(Path repo, Map<String, Object> context, Path outdir) {
    for (String key : context.keySet()) {
      if (!InfraConfig.KEYS.contains(key) && !key.startsWith("@aws-cdk/")) {
        throw new IllegalArgumentException(
            "unknown context key '" + key + "': known keys are " + InfraConfig.KEYS);
      }
    }
    clean(outdir);
    App app = CardstreamApp.app(context, outdir.toString());
    CardstreamApp.Stacks stacks = CardstreamApp.define(app, repo);
    return new Result(stacks, app.synth());
  }

  /**
   * What makes the templates unusable, one line each: error annotations, and cdk-nag warnings (an
   * unsuppressed finding of either level counts).
   */
  public static List<String> errors(CloudAssembly assembly) {
    return assembly.getStacks().stream()
        .flatMap(
            (CloudFormationStackArtifact s) ->
                s.getMessages().stream()
                    .filter(
                        m ->
                            m.getLevel().toString().equals("ERROR")
                                || isNagFinding(m.getEntry().getData()))
                    .map(m -> s.getStackName() + " " + m.getId() + ": " + m.getEntry().getData()))
        .toList();
  }

  private static boolean isNagFinding(Object data) {
    String text = String.valueOf(data);
    return text.startsWith("AwsSolutions-") || text.startsWith("PCI.DSS.321-");
  }

  /** Removes a previous assembly, so a renamed stack leaves no stale template behind. */
  private static void clean(Path outdir) {
    if (!Files.isDirectory(outdir)) {
      return;
    }
    if (!Files.exists(outdir.resolve("manifest.json"))) {
      try (Stream<Path> any = Files.list(outdir)) {
        if (any.findAny().isPresent()) {
          throw new IllegalArgumentException(
              outdir + " is not empty and holds no cloud assembly: pick another --outdir");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    try (Stream<Path> files = Files.walk(outdir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(outdir)) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean " + outdir, e);
    }
  }

  public static void main(String[] args) {
    Path repo = Repo.root();
    Path outdir = repo.resolve("infra/cdk.out");
    Map<String, Object> context = cdkJsonContext(repo);
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String value = i + 1 < args.length ? args[i + 1] : null;
        if ((a.equals("--context") || a.equals("-c")) && value != null && value.contains("=")) {
          context.put(
              value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
          i++;
        } else if (a.equals("--outdir") && value != null) {
          outdir = Path.of(value).toAbsolutePath();
          i++;
        } else {
          throw new IllegalArgumentException(
              "unexpected argument '"
                  + a
                  + "': usage: synth [--outdir DIR] [--context key=value]...");
        }
      }
      CloudAssembly assembly = run(repo, context, outdir).assembly();
      List<String> errors = errors(assembly);
      if (!errors.isEmpty()) {
        errors.forEach(System.err::println);
        System.err.println(
            "infra synth: " + errors.size() + " finding(s) or error(s); templates not usable");
        System.exit(1);
      }
      for (CloudFormationStackArtifact s : assembly.getStacks()) {
        Path template = Path.of(s.getTemplateFullPath());
        System.out.println(template.startsWith(repo) ? repo.relativize(template) : template);
      }
      System.exit(0);
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      System.err.println("infra synth: error: " + e.getMessage());
      System.exit(1);
    }
  }
}
