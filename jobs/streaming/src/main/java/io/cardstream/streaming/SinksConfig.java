package io.cardstream.streaming;

import io.cardstream.common.aws.DynamoDbTarget;
import io.cardstream.common.delta.DeltaMultiWriter;
import io.cardstream.common.kafka.KafkaAuth;
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
    DynamoDbTarget dynamodb,
    DeltaMultiWriter deltaLog,
    String lakeTopic) {
  public SinksConfig {
    kafkaAuth = kafkaAuth == null ? KafkaAuth.NONE : kafkaAuth;
    StreamConfig.require(lakeTopic, "--lake-topic");
    StreamConfig.require(dynamodb == null ? null : dynamodb.region(), "--dynamodb-region");
  }
}
