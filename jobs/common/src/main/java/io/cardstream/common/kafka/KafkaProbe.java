package io.cardstream.common.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One authenticated round trip to the brokers (describe the cluster), as a line: {@code ok: N
 * broker(s)} or {@code failed: <exception>: <message>} with the root cause, which says whether the
 * client could not load its login module, was refused, or reached no broker. The Spark check
 * ({@code KafkaAuthCheck}) runs it on the executors; {@link #main} runs it in a plain JVM.
 */
public final class KafkaProbe {

  private KafkaProbe() {}

  /** The probe's line for {@code bootstrap} with {@code auth}, within about 15 s. */
  public static String probe(String bootstrap, KafkaAuth auth) {
    try (Admin admin =
        KafkaClients.admin(
            bootstrap,
            auth,
            Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
      int n = admin.describeCluster().nodes().get(20, TimeUnit.SECONDS).size();
      return "ok: " + n + " broker(s)";
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return "failed: " + root.getClass().getName() + ": " + root.getMessage();
    }
  }

  /**
   * {@code KafkaProbe <bootstrap> <none|scram|msk-iam> [properties file]}: prints the line; exit 0
   * when ok.
   */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: KafkaProbe <bootstrap> <none|scram|msk-iam> [properties file]");
      System.exit(2);
    }
    KafkaAuth auth =
        KafkaAuthOptions.resolve(
            KafkaAuth.Mode.parse(args[1]),
            null,
            args.length > 2 ? java.nio.file.Path.of(args[2]) : null);
    String line = probe(args[0], auth);
    System.out.println(line);
    System.exit(line.startsWith("ok:") ? 0 : 1);
  }
}
