package io.cardstream.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.delta.DeltaMultiWriter;
import io.cardstream.common.lake.DynamoTables;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What {@link DeltaMultiWriterIT} checks, read straight from s3proxy and DynamoDB Local. */
final class DeltaLogs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeltaLogs() {}

  /**
   * Hadoop settings for s3proxy through S3A, under {@code s3a:} and (S3A again) {@code s3:}, plus
   * the ledger's settings as a Spark session would hand them to the LogStore.
   */
  static Configuration hadoop(Endpoints e, String ledger) {
    Configuration c = new Configuration();
    c.set("fs.s3a.endpoint", e.s3Endpoint());
    c.set("fs.s3a.path.style.access", "true");
    c.set("fs.s3a.connection.ssl.enabled", "false");
    c.set("fs.s3a.endpoint.region", Endpoints.REGION);
    c.set("fs.s3a.access.key", e.s3AccessKey());
    c.set("fs.s3a.secret.key", e.s3SecretKey());
    c.set(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    c.set("fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    c.set("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    new DeltaMultiWriter(ledger, Endpoints.REGION, e.dynamodbEndpoint())
        .sparkConf()
        .forEach(c::set);
    return c;
  }

  /** The versions of the commit files in {@code table}'s log, ascending. */
  static List<Long> versions(Configuration c, String table) throws IOException {
    List<Long> out = new ArrayList<>();
    for (FileStatus f : fs(c, table).listStatus(new Path(table, "_delta_log"))) {
      String n = f.getPath().getName();
      if (n.matches("\\d{20}\\.json")) {
        out.add(Long.parseLong(n.substring(0, 20)));
      }
    }
    out.sort(null);
    return out;
  }

  /** How many commits of each operation (WRITE, OPTIMIZE, …) the log holds. */
  static Map<String, Integer> operations(Configuration c, String table) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    for (long v : versions(c, table)) {
      String text = new String(bytes(c, commit(table, v)), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        JsonNode info = line.isBlank() ? null : JSON.readTree(line).get("commitInfo");
        if (info != null) {
          out.merge(info.get("operation").asText(), 1, Integer::sum);
        }
      }
    }
    return out;
  }

  static Path commit(String table, long version) {
    return new Path(table, String.format("_delta_log/%020d.json", version));
  }

  static byte[] bytes(Configuration c, Path p) throws IOException {
    try (InputStream in = fs(c, p.toString()).open(p)) {
      return in.readAllBytes();
    }
  }

  static boolean exists(Configuration c, Path p) throws IOException {
    return fs(c, p.toString()).exists(p);
  }

  static FileSystem fs(Configuration c, String path) throws IOException {
    return FileSystem.get(URI.create(path), c);
  }

  /** Every ledger entry of the table with key {@code tableKey}, by file name. */
  static Map<String, Map<String, AttributeValue>> entries(
      DynamoDbClient ddb, String ledger, String tableKey) {
    Map<String, Map<String, AttributeValue>> out = new TreeMap<>();
    String pk = DynamoTables.DELTA_LOG_KEY.get(0);
    ddb.queryPaginator(
            q ->
                q.tableName(ledger)
                    .keyConditionExpression("#p = :p")
                    .expressionAttributeNames(Map.of("#p", pk))
                    .expressionAttributeValues(
                        Map.of(":p", AttributeValue.builder().s(tableKey).build()))
                    .consistentRead(true))
        .items()
        .forEach(i -> out.put(i.get(DynamoTables.DELTA_LOG_KEY.get(1)).s(), i));
    return out;
  }
}
