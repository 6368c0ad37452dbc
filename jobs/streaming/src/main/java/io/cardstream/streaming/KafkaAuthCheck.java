package io.cardstream.streaming;

import io.cardstream.common.cli.JobMain;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaOptions;
import io.cardstream.common.kafka.KafkaProbe;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A pre-flight step: the jobs' Kafka authentication tried from the driver and from the executors
 * (where the Kafka source and sink run their consumers, and where a login module missing from the
 * executors' class loader shows), one {@link KafkaProbe} line each. Exit 0 when every one reached
 * the brokers.
 */
@Command(
    name = "kafka-auth-check",
    mixinStandardHelpOptions = true,
    description = "Try the Kafka authentication from the driver and the executors.")
public final class KafkaAuthCheck implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--tasks",
      defaultValue = "2",
      description = "Executor tasks that each probe (default ${DEFAULT-VALUE}).")
  int tasks;

  @Override
  public Integer call() {
    KafkaAuth auth = kafka.auth();
    String bootstrap = kafka.bootstrap();
    String driver = KafkaProbe.probe(bootstrap, auth);
    System.out.println("driver: " + driver);
    SparkSession spark = JobMain.session("cardstream-kafka-auth-check");
    List<String> executors =
        new JavaSparkContext(spark.sparkContext())
            .parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
            .map(i -> "executor task " + i + ": " + KafkaProbe.probe(bootstrap, auth))
            .collect();
    executors.forEach(System.out::println);
    boolean ok = driver.startsWith("ok:") && executors.stream().allMatch(l -> l.contains(": ok:"));
    return ok ? 0 : 1;
  }

  public static void main(String[] args) {
    JobMain.run(new KafkaAuthCheck(), args);
  }
}
