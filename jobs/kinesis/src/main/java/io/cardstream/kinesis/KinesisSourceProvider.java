package io.cardstream.kinesis;

import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code spark.readStream().format("cardstream-kinesis")}: a Kinesis stream as a micro-batch source
 * (Data Source V2). Options: {@link KinesisOptions}. One row per user record (aggregated KPL
 * records are unpacked), in the columns of {@link #SCHEMA}.
 */
public final class KinesisSourceProvider implements TableProvider, DataSourceRegister {

  public static final String NAME = "cardstream-kinesis";

  public static final StructType SCHEMA =
      new StructType()
          .add("data", DataTypes.BinaryType, false)
          .add("streamName", DataTypes.StringType, false)
          .add("shardId", DataTypes.StringType, false)
          .add("partitionKey", DataTypes.StringType, false)
          .add("sequenceNumber", DataTypes.StringType, false)
          .add("subSequenceNumber", DataTypes.LongType, false)
          .add("approximateArrivalTimestamp", DataTypes.TimestampType, true);

  @Override
  public String shortName() {
    return NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return SCHEMA;
  }

  @Override
  public Table getTable(
      StructType schema, Transform[] partitioning, Map<String, String> properties) {
    KinesisOptions options = KinesisOptions.from(properties);
    return new KinesisTable(options);
  }

  /** The stream as a table that can only be read as a stream of micro-batches. */
  record KinesisTable(KinesisOptions options) implements SupportsRead {

    @Override
    public String name() {
      return "kinesis:" + options.stream();
    }

    @Override
    public StructType schema() {
      return SCHEMA;
    }

    @Override
    public Set<TableCapability> capabilities() {
      return Set.of(TableCapability.MICRO_BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
      return () ->
          new Scan() {
            @Override
            public StructType readSchema() {
              return SCHEMA;
            }

            @Override
            public String description() {
              return name();
            }

            @Override
            public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
              return new KinesisMicroBatchStream(options);
            }
          };
    }
  }
}
