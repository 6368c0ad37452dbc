package io.cardstream.local.cli;

import io.cardstream.local.stack.StackOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code infra synth}: the AWS deployment's CloudFormation templates, offline. The CDK app (infra/)
 * runs in a JVM of its own from the classpath its build writes (infra/target/classpath.txt), so the
 * CDK and its jsii runtime, which starts a local {@code node}, stay off this CLI's classpath. No
 * AWS account, credentials or network are used.
 */
@Command(
    name = "infra",
    mixinStandardHelpOptions = true,
    description = "The AWS deployment (CDK, infra/): synthesize its templates offline.",
    subcommands = {InfraCommand.Synth.class})
final class InfraCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "synth",
      mixinStandardHelpOptions = true,
      description =
          "Write infra/cdk.out/*.template.json (context: infra/cdk.json, then --context);"
              + " fails on an invalid parameter or an unsuppressed cdk-nag finding.")
  static final class Synth implements Callable<Integer> {

    @Option(
        names = {"-c", "--context"},
        paramLabel = "KEY=VALUE",
        description =
            "Context over infra/cdk.json's: input (kinesis|kafka), senderEmail, emrRelease,"
                + " emrInstanceType, emrCoreInstances, airflowVersion, feedbackBaseUrl. Repeatable.")
    List<String> context = new ArrayList<>();

    @Option(names = "--outdir", description = "Cloud assembly directory (default infra/cdk.out).")
    Path outdir;

    @Override
    public Integer call() throws Exception {
      Path home = StackOptions.home();
      Path infra = home.resolve("infra");
      for (String c : context) {
        if (!c.matches("[A-Za-z@][\\w:/@.-]*=.*")) {
          throw new IllegalArgumentException("--context takes key=value, got '" + c + "'");
        }
      }
      build(home, infra);
      String classpath =
          infra.resolve("target/classes")
              + File.pathSeparator
              + Files.readString(infra.resolve("target/classpath.txt")).strip();
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(List.of("-Dcardstream.home=" + home, "-cp", classpath));
      cmd.add("io.cardstream.infra.Synth");
      cmd.addAll(
          List.of(
              "--outdir",
              (outdir == null ? infra.resolve("cdk.out") : outdir.toAbsolutePath()).toString()));
      context.forEach(c -> cmd.addAll(List.of("--context", c)));
      return new ProcessBuilder(cmd).directory(home.toFile()).inheritIO().start().waitFor();
    }

    /** Builds infra when it was never built here or a source changed since (stamp file). */
    private static void build(Path home, Path infra) throws IOException, InterruptedException {
      Path stamp = infra.resolve("target/.infra-built");
      if (Files.exists(stamp)
          && Files.exists(infra.resolve("target/classpath.txt"))
          && !newerThan(infra, Files.getLastModifiedTime(stamp))) {
        return;
      }
      Path log = home.resolve(".cardstream/logs/infra-build.log");
      Files.createDirectories(log.getParent());
      System.err.println("cardstream: building infra (output in " + home.relativize(log) + ")...");
      Process p =
          new ProcessBuilder(
                  home.resolve("mvnw").toString(), "-B", "-DskipTests", "package", "-pl", "infra")
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(
            "the infra build failed; see "
                + log
                + " (it needs the jobs installed: run bin/cardstream once, or ./mvnw install)");
      }
      Files.createDirectories(stamp.getParent());
      Files.writeString(stamp, "");
    }

    private static boolean newerThan(Path infra, FileTime time) throws IOException {
      try (Stream<Path> files =
          Stream.concat(Files.walk(infra.resolve("src")), Stream.of(infra.resolve("pom.xml")))) {
        return files.anyMatch(
            f -> {
              try {
                return Files.isRegularFile(f) && Files.getLastModifiedTime(f).compareTo(time) > 0;
              } catch (IOException e) {
                return true;
              }
            });
      }
    }
  }
}
