package io.cardstream.local.stack;

import io.cardstream.common.kafka.KafkaClients;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** "Ready" means the service answers a real request, not just that its port is open. */
final class ReadinessProbes {

  private ReadinessProbes() {}

  static boolean ready(String service, Endpoints e) {
    try {
      return switch (service) {
        case LocalStack.KAFKA -> portOpen(e.kafkaBootstrap()) && kafka(e.kafkaBootstrap());
        case LocalStack.DYNAMODB -> dynamodb(e);
        case LocalStack.POSTGRES -> postgres(e);
        case LocalStack.S3 -> http(e.s3Endpoint());
        case LocalStack.COLLECTOR -> ok(e.collectorUrl() + "/health");
        case LocalStack.SMTP -> smtp(e.smtp());
        case LocalStack.KINESIS -> kinesis(e);
        default -> throw new IllegalArgumentException(service);
      };
    } catch (Exception notYet) {
      return false;
    }
  }

  private static boolean portOpen(String hostPort) {
    String[] hp = hostPort.split(":");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean kafka(String bootstrap) throws Exception {
    try (Admin admin =
        KafkaClients.admin(
            bootstrap,
            Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    }
  }

  private static boolean dynamodb(Endpoints e) {
    try (var ddb = AwsClients.dynamodb(e)) {
      ddb.listTables();
      return true;
    }
  }

  private static boolean kinesis(Endpoints e) {
    try (var k = AwsClients.kinesis(e)) {
      k.listStreams(r -> r.limit(1));
      return true;
    }
  }

  private static boolean postgres(Endpoints e) throws Exception {
    try (Connection c = DriverManager.getConnection(e.postgresJdbcUrl(), e.postgresUser(), "")) {
      return c.isValid(2);
    }
  }

  /** The server's greeting: {@code 220 ...}. */
  private static boolean smtp(String hostPort) throws IOException {
    String[] hp = hostPort.split(":");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 500);
      s.setSoTimeout(1000);
      byte[] b = new byte[3];
      return s.getInputStream().read(b) == 3 && new String(b).equals("220");
    }
  }

  private static boolean ok(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(500);
    c.setReadTimeout(1000);
    try {
      return c.getResponseCode() == 200;
    } finally {
      c.disconnect();
    }
  }

  private static boolean http(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(500);
    c.setReadTimeout(1000);
    try {
      return c.getResponseCode() > 0;
    } finally {
      c.disconnect();
    }
  }
}
