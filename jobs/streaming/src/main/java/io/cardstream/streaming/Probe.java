package io.cardstream.streaming;

import io.cardstream.common.features.CardFeatures;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One made-up, ordinary row of a dataset's shape (zeros, a known category, the epoch), to tell a
 * model that fails on everything from rows it fails on.
 */
final class Probe {

  private Probe() {}

  static Dataset<Row> of(Dataset<Row> like) {
    StructType schema = like.schema();
    Object[] v = new Object[schema.size()];
    for (int i = 0; i < v.length; i++) {
      StructField f = schema.fields()[i];
      v[i] = f.name().equals(CardFeatures.CATEGORY) ? "misc_pos" : zero(f.dataType());
    }
    return like.sparkSession().createDataFrame(List.of(RowFactory.create(v)), schema);
  }

  private static Object zero(DataType t) {
    if (t.equals(DataTypes.DoubleType)) {
      return 0.0;
    }
    if (t.equals(DataTypes.LongType)) {
      return 0L;
    }
    if (t.equals(DataTypes.IntegerType)) {
      return 0;
    }
    if (t.equals(DataTypes.StringType)) {
      return "probe";
    }
    if (t.equals(DataTypes.TimestampType)) {
      return new Timestamp(0);
    }
    return null;
  }
}
