package io.cardstream.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cardstream.batch.AnalyticsJob;
import io.cardstream.batch.CatalogJob;
import io.cardstream.batch.MaintenanceJob;
import io.cardstream.batch.QualityGateJob;
import io.cardstream.common.lake.Contract;
import io.cardstream.streaming.ScoringStreamJob;
import io.cardstream.streaming.TopicsJob;
import io.cardstream.streaming.loop.FeedbackLabelsJob;
import io.cardstream.streaming.loop.NotifierJob;
import io.cardstream.training.TrainModelJob;
import io.cardstream.warehouse.WarehouseLoadJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The job catalogue: every spark-submit job, its main class, the shaded jar that holds it and the
 * options it accepts, read from the jobs' own picocli specs, plus the lake/sink contract. Airflow's
 * contract test checks its EMR steps and its copy of the contract against this, so the DAG and the
 * jobs cannot drift apart.
 */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "List the spark-submit jobs: main class, jar and options (--json for machines).")
final class JobsCommand implements Callable<Integer> {

  /** A job class and the Maven module that builds its shaded jar. */
  record Job(Class<?> type, String module) {}

  static final List<Job> JOBS =
      List.of(
          new Job(ScoringStreamJob.class, "jobs/streaming"),
          new Job(TopicsJob.class, "jobs/streaming"),
          new Job(NotifierJob.class, "jobs/streaming"),
          new Job(FeedbackLabelsJob.class, "jobs/streaming"),
          new Job(TrainModelJob.class, "jobs/training"),
          new Job(AnalyticsJob.class, "jobs/batch"),
          new Job(QualityGateJob.class, "jobs/batch"),
          new Job(WarehouseLoadJob.class, "jobs/warehouse"),
          new Job(CatalogJob.class, "jobs/batch"),
          new Job(MaintenanceJob.class, "jobs/batch"));

  @Option(names = "--json", description = "Print the catalogue as JSON.")
  boolean json;

  static String version() {
    try (InputStream in = JobsCommand.class.getResourceAsStream("/cardstream-build.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("cardstream-build.properties is missing: rebuild", e);
    }
  }

  /** The catalogue as plain maps (the JSON shape). */
  static List<Map<String, Object>> catalogue() {
    String version = version();
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (Job job : JOBS) {
      CommandSpec spec = new CommandLine(job.type()).getCommandSpec();
      String module = job.module();
      String artifact = "cardstream-" + module.substring(module.lastIndexOf('/') + 1);
      List<Map<String, Object>> options = new ArrayList<>();
      for (OptionSpec o : spec.options()) {
        if (o.usageHelp() || o.versionHelp()) {
          continue;
        }
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("names", List.of(o.names()));
        option.put("required", o.required());
        option.put("flag", o.arity().max == 0);
        option.put("hidden", o.hidden());
        options.add(option);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", spec.name());
      entry.put("main_class", job.type().getName());
      entry.put("jar", module + "/target/" + artifact + "-" + version + "-emr.jar");
      entry.put("description", String.join(" ", spec.usageMessage().description()));
      entry.put("options", options);
      jobs.add(entry);
    }
    return jobs;
  }

  /**
   * The JSON document: the jobs, and the lake/sink contract they share (tables, topics, DynamoDB
   * and warehouse names), which the DAGs keep a checked copy of.
   */
  static Map<String, Object> catalogueJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jobs", catalogue());
    out.put("contract", Contract.describe());
    return out;
  }

  @Override
  public Integer call() {
    if (json) {
      try {
        System.out.println(
            new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(catalogueJson()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return 0;
    }
    for (Map<String, Object> j : catalogue()) {
      System.out.printf("%-15s %-45s %s%n", j.get("name"), j.get("main_class"), j.get("jar"));
    }
    return 0;
  }
}
