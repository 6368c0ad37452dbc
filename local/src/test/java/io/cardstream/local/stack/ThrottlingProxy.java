package io.cardstream.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of DynamoDB Local that behaves like a busy DynamoDB table: it rejects some
 * BatchWriteItem calls with ProvisionedThroughputExceededException and answers others after writing
 * only half of the items, returning the rest as UnprocessedItems. DynamoDB Local never throttles,
 * and the writer must be tested against both answers.
 */
final class ThrottlingProxy implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> HOP_HEADERS =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String upstream;
  private final boolean alwaysThrottle;
  private final ExecutorService handlers = Executors.newFixedThreadPool(8);

  /** While set, every request's connection is closed unanswered: DynamoDB is unreachable. */
  volatile boolean down;

  /** While set, requests go through untouched (no throttling). */
  volatile boolean passThrough;

  final AtomicInteger refused = new AtomicInteger();
  final AtomicInteger batchCalls = new AtomicInteger();
  final AtomicInteger throttled = new AtomicInteger();
  final AtomicInteger partial = new AtomicInteger();

  ThrottlingProxy(String upstream, boolean alwaysThrottle) throws IOException {
    this.upstream = upstream.replaceAll("/$", "");
    this.alwaysThrottle = alwaysThrottle;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      if (down) {
        refused.incrementAndGet();
        return; // closed without a response
      }
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      if (!passThrough && target != null && target.endsWith(".BatchWriteItem")) {
        int n = batchCalls.incrementAndGet();
        if (alwaysThrottle || n % 3 == 1) {
          throttled.incrementAndGet();
          respond(
              ex,
              400,
              "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                  + "\"message\":\"throughput exceeded (injected by the test proxy)\"}");
          return;
        }
        if (n % 3 == 2) {
          ObjectNode request = (ObjectNode) JSON.readTree(body);
          ObjectNode items = (ObjectNode) request.get("RequestItems");
          ObjectNode unprocessed = JSON.createObjectNode();
          for (Iterator<Map.Entry<String, JsonNode>> it = items.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> table = it.next();
            ArrayNode all = (ArrayNode) table.getValue();
            if (all.size() > 1) {
              ArrayNode keep = JSON.createArrayNode();
              ArrayNode rest = JSON.createArrayNode();
              for (int i = 0; i < all.size(); i++) {
                (i < all.size() / 2 ? keep : rest).add(all.get(i));
              }
              table.setValue(keep);
              unprocessed.set(table.getKey(), rest);
            }
          }
          if (!unprocessed.isEmpty()) {
            HttpResponse<byte[]> r = forward(ex, JSON.writeValueAsBytes(request));
            if (r.statusCode() != 200) {
              relay(ex, r);
              return;
            }
            partial.incrementAndGet();
            respond(
                ex, 200, JSON.createObjectNode().set("UnprocessedItems", unprocessed).toString());
            return;
          }
        }
      }
      relay(ex, forward(ex, body));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange ex, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI()))
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    ex.getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(v -> b.header(name, v));
              }
            });
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void relay(HttpExchange ex, HttpResponse<byte[]> r) throws IOException {
    r.headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                ex.getResponseHeaders().put(name, List.copyOf(values));
              }
            });
    send(ex, r.statusCode(), r.body());
  }

  private static void respond(HttpExchange ex, int status, String json) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    send(ex, status, json.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
