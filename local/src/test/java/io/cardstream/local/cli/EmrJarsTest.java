package io.cardstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jars spark-submit runs on EMR hold only what EMR lacks: no Hadoop, Spark (but the
 * Kafka connector, which EMR's Spark does not put on its classpath), Delta, Scala or Jackson
 * classes, which EMR provides at the versions the build pins to it and which would clash if a jar
 * carried its own; and nothing of the local tools (the generator, the CLI). Runs after the job
 * modules are packaged (the reactor builds them before this module); prints each jar's size and top
 * packages for docs/architecture.md.
 */
class EmrJarsTest {

  /** Class-file prefixes EMR provides. */
  private static final List<String> PROVIDED =
      List.of(
          "org/apache/hadoop/",
          "org/apache/spark/",
          "io/delta/",
          "scala/",
          "com/fasterxml/",
          "org/slf4j/",
          "net/jpountz/",
          "org/xerial/snappy/",
          "com/github/luben/");

  /** The Kafka connector and its token provider: shaded on purpose. */
  private static final List<String> ALLOWED =
      List.of("org/apache/spark/sql/kafka010/", "org/apache/spark/kafka010/");

  /** Local-only code. */
  private static final List<String> LOCAL_ONLY =
      List.of("io/cardstream/generator/", "io/cardstream/local/", "io/cardstream/bench/");

  @Test
  void eachEmrJarHoldsOnlyWhatEmrLacksAndItsJobs() throws IOException {
    Path home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    Map<String, Long> sizes = new TreeMap<>();
    for (JobsCommand.Job job : JobsCommand.JOBS) {
      String module = job.module();
      Path jar =
          home.resolve(module)
              .resolve("target")
              .resolve(
                  "cardstream-"
                      + module.substring(module.lastIndexOf('/') + 1)
                      + "-"
                      + JobsCommand.version()
                      + "-emr.jar");
      assertThat(jar).as("the job %s's shaded jar (build it first)", job.type()).isRegularFile();
      List<String> offending = new ArrayList<>();
      TreeMap<String, Integer> packages = new TreeMap<>();
      boolean hasMain = false;
      try (ZipFile z = new ZipFile(jar.toFile())) {
        for (ZipEntry e : java.util.Collections.list(z.entries())) {
          String name = e.getName();
          if (!name.endsWith(".class")) {
            continue;
          }
          hasMain |= name.equals(job.type().getName().replace('.', '/') + ".class");
          boolean provided =
              PROVIDED.stream().anyMatch(name::startsWith)
                  && ALLOWED.stream().noneMatch(name::startsWith);
          if (provided || LOCAL_ONLY.stream().anyMatch(name::startsWith)) {
            offending.add(name);
          }
          String[] parts = name.split("/");
          packages.merge(
              String.join("/", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 1))),
              1,
              Integer::sum);
        }
      }
      assertThat(hasMain).as("%s holds %s", jar.getFileName(), job.type().getName()).isTrue();
      assertThat(new TreeSet<>(offending.stream().map(EmrJarsTest::pkg).toList()))
          .as("packages EMR provides (or local-only code) inside %s", jar.getFileName())
          .isEmpty();
      sizes.put(jar.getFileName().toString(), Files.size(jar));
      System.out.printf(
          "%s: %,d bytes, %,d classes; top packages %s%n",
          jar.getFileName(),
          Files.size(jar),
          packages.values().stream().mapToInt(Integer::intValue).sum(),
          packages.entrySet().stream()
              .sorted((a, b) -> b.getValue() - a.getValue())
              .limit(6)
              .map(e -> e.getKey() + "=" + e.getValue())
              .toList());
    }
    assertThat(sizes).hasSize(4);
  }

  private static String pkg(String classFile) {
    return classFile.substring(0, classFile.lastIndexOf('/'));
  }
}
