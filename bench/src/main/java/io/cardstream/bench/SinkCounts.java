package io.cardstream.bench;

import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * What the stream's sinks hold, read as a consumer downstream would (topics read_committed, Delta
 * at its latest version): the benchmarks that check exactly once count through here.
 */
final class SinkCounts {

  private SinkCounts() {}

  /** Silver's, bronze's and the quarantine's rows (a quarantine never written counts 0). */
  record LakeRows(long silver, long silverDistinct, long bronze, long quarantine) {}

  static LakeRows lake(SparkSession spark, Lake lake) {
    Dataset<Row> silver = spark.read().format("delta").load(lake.path(LakeTable.SILVER));
    Dataset<Row> bronze = spark.read().format("delta").load(lake.path(LakeTable.BRONZE));
    return new LakeRows(
        silver.count(),
        silver.select("trans_num").distinct().count(),
        bronze.count(),
        Files.isDirectory(Path.of(java.net.URI.create(lake.path(LakeTable.QUARANTINE))))
            ? spark.read().format("delta").load(lake.path(LakeTable.QUARANTINE)).count()
            : 0L);
  }

  /** Silver's ids, one per row (duplicates kept). */
  static List<String> silverIds(SparkSession spark, Lake lake) {
    return spark
        .read()
        .format("delta")
        .load(lake.path(LakeTable.SILVER))
        .select("trans_num")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  /** Items in DynamoDB's {@code transactions}. */
  static long dynamodbTransactions(DynamoDbClient ddb) {
    return ddb
        // Pages of 2,000: DynamoDB Local on disk answers 500 to larger COUNT scans.
        .scanPaginator(
            ScanRequest.builder().tableName("transactions").select("COUNT").limit(2000).build())
        .stream()
        .mapToLong(r -> r.count())
        .sum();
  }

  /** The keys of every committed record of the topics, from their beginning to their end. */
  static List<String> keys(String bootstrap, List<String> topics) {
    List<String> out = new ArrayList<>();
    for (String topic : topics) {
      out.addAll(keys(bootstrap, topic));
    }
    return out;
  }

  private static List<String> keys(String bootstrap, String topic) {
    List<String> out = new ArrayList<>();
    KafkaClients.readToEnd(
        bootstrap, KafkaAuth.NONE, topic, Map.of(), Duration.ofSeconds(120), r -> out.add(r.key()));
    return out;
  }
}
