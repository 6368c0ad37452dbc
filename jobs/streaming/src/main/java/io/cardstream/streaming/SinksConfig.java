package io.cardstream.streaming;

import io.cardstream.common.delta.DeltaMultiWriter;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.Topics;

/**
 * Where the scoring stream's results go ({@link StreamConfig#sinks()}).
 *
 * @param lake the Delta lake (bronze, silver, quarantine)
 * @param kafkaBootstrap Kafka servers of the decision, alert and dead-letter topics
 * @param kafkaAuth how the Kafka clients authenticate
 * @param dynamodb the DynamoDB tables
 * @param deltaLog the Delta commit ledger, when other applications (the nightly maintenance) commit
 *     to the same tables on S3; null: the stream commits alone
 * @param lakeTopic the decisions query's hand-off to the lake query ({@link Topics#LAKE})
 */
public record SinksConfig(
    Lake lake,
    String kafkaBootstrap,
    KafkaAuth kafkaAuth,
    DynamoDb dynamodb,
    DeltaMultiWriter deltaLog,
    String lakeTopic) {
  public SinksConfig {
    kafkaAuth = kafkaAuth == null ? KafkaAuth.NONE : kafkaAuth;
    StreamConfig.require(lakeTopic, "--lake-topic");
  }

  /**
   * @param endpoint endpoint override (DynamoDB Local), or null for AWS
   * @param region AWS region of the tables
   * @param tablePrefix prefix of the table names ("" locally)
   */
  public record DynamoDb(String endpoint, String region, String tablePrefix) {
    public DynamoDb {
      StreamConfig.require(region, "--dynamodb-region");
      tablePrefix = tablePrefix == null ? "" : tablePrefix;
    }

    /** The deployed name of one of {@link DynamoTables}. */
    public String table(String name) {
      return DynamoTables.name(tablePrefix, name);
    }
  }
}
