package io.cardstream.training;

import static org.apache.spark.sql.functions.col;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.TokenizedTransaction;
import io.cardstream.common.contract.TransactionSchema;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.RecordParser;
import io.cardstream.common.privacy.PanTokenizer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Loads training inputs as tokenized transactions, with the same parser and tokenizer as every
 * other path. Files are parsed on the executors; rejected records are counted per reason.
 */
final class TrainingData {

  /** Tokenized rows plus what was rejected on the way. */
  record Loaded(Dataset<Row> rows, Map<String, Long> rejected) {}

  // As the stream parses: a rejected record is a row of nulls with its reason.
  private static final StructType PARSED =
      TransactionSchema.TOKENIZED_OR_REJECTED.add(
          TransactionSchema.REJECT_REASON, DataTypes.StringType, true);

  private TrainingData() {}

  static Loaded load(
      SparkSession spark, List<String> paths, String format, PanTokenizer tokenizer) {
    for (String p : paths) {
      requireExists(spark, p);
    }
    if (format.equals("delta")) {
      Dataset<Row> df = null;
      for (String p : paths) {
        Dataset<Row> one = spark.read().format("delta").load(p);
        List<String> missing =
            Arrays.stream(TransactionSchema.TOKENIZED.fieldNames())
                .filter(f -> !Arrays.asList(one.columns()).contains(f))
                .toList();
        if (!missing.isEmpty()) {
          throw new IllegalArgumentException(
              p + " is not a tokenized transactions table (bronze): missing columns " + missing);
        }
        Dataset<Row> cols =
            one.select(
                Arrays.stream(TransactionSchema.TOKENIZED.fieldNames())
                    .map(org.apache.spark.sql.functions::col)
                    .toArray(org.apache.spark.sql.Column[]::new));
        df = df == null ? cols : df.unionByName(cols);
      }
      return new Loaded(df, Map.of());
    }
    InputFormat fmt = InputFormat.fromName(format);
    ReaderOptions options = ReaderOptions.defaults();
    Dataset<Row> all = null;
    for (String p : paths) {
      JavaRDD<String> lines = spark.read().textFile(readable(p)).javaRDD();
      String header = null;
      JavaRDD<Tuple2<String, Long>> records;
      if (fmt.hasHeader()) {
        List<String> first = lines.take(1);
        if (first.isEmpty()) {
          throw new IllegalArgumentException(
              p + " is empty: expected a " + format + " CSV with a header line");
        }
        header = first.get(0);
        // Fails here, on the driver, with a clear message when the header is of another format.
        RecordParser.forFormat(fmt, header, options);
        final String h = header;
        records =
            lines
                .zipWithIndex()
                .filter(t -> t._2() > 0 || !t._1().equals(h))
                .map(t -> new Tuple2<>(t._1(), t._2()));
      } else {
        records = lines.zipWithIndex().map(t -> new Tuple2<>(t._1(), t._2() + 1));
      }
      final String h = header;
      if (records.getNumPartitions() < spark.sparkContext().defaultParallelism()) {
        // A gzipped file is one partition: parse and tokenize it on every core.
        records = records.repartition(spark.sparkContext().defaultParallelism());
      }
      JavaRDD<Row> rows =
          records
              .filter(t -> !t._1().isBlank())
              .mapPartitions(it -> parse(it, fmt, h, options, tokenizer));
      Dataset<Row> df = spark.createDataFrame(rows, PARSED);
      all = all == null ? df : all.union(df);
    }
    Dataset<Row> parsed = all.cache();
    Map<String, Long> rejected = new LinkedHashMap<>();
    for (Row r :
        parsed
            .filter(col(TransactionSchema.REJECT_REASON).isNotNull())
            .groupBy(TransactionSchema.REJECT_REASON)
            .count()
            .collectAsList()) {
      rejected.put(r.getString(0), r.getLong(1));
    }
    return new Loaded(
        parsed
            .filter(col(TransactionSchema.REJECT_REASON).isNull())
            .drop(TransactionSchema.REJECT_REASON),
        rejected);
  }

  private static Iterator<Row> parse(
      Iterator<Tuple2<String, Long>> it,
      InputFormat fmt,
      String header,
      ReaderOptions options,
      PanTokenizer tokenizer) {
    RecordParser parser = RecordParser.forFormat(fmt, header, options);
    int width = PARSED.size();
    // Lazy: a partition is never held in memory as a whole.
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Row next() {
        Tuple2<String, Long> t = it.next();
        Object[] values = new Object[width];
        ParseResult r = parser.parse(t._1(), t._2());
        if (r instanceof ParseResult.Valid v) {
          Row row = TransactionSchema.toRow(TokenizedTransaction.of(v.transaction(), tokenizer));
          for (int i = 0; i < row.size(); i++) {
            values[i] = row.get(i);
          }
        } else {
          values[width - 1] = ((ParseResult.Rejected) r).reason().name();
        }
        return RowFactory.create(values);
      }
    };
  }

  /**
   * A path Spark's text reader can read: as given (plain or {@code .gz}, which Hadoop
   * decompresses), or, for a local {@code .zip} as Kaggle serves it, its one data file extracted to
   * a temporary file. Archives of other kinds are refused with the fix.
   */
  static String readable(String p) {
    String lower = p.toLowerCase(java.util.Locale.ROOT);
    if (!lower.endsWith(".zip")) {
      if (lower.matches(".*\\.(bz2|xz|7z|rar|tar|tgz|zst|lz4)$")) {
        throw new IllegalArgumentException(
            "input " + p + " is an archive Spark cannot read as text: give .csv, .csv.gz or .zip");
      }
      return p;
    }
    java.nio.file.Path local =
        p.startsWith("file:")
            ? java.nio.file.Path.of(java.net.URI.create(p))
            : java.nio.file.Path.of(p);
    if (p.contains("://") && !p.startsWith("file:")) {
      throw new IllegalArgumentException(
          "input " + p + " is a zip on a remote file system: unzip it there (or gzip it) first");
    }
    try {
      java.nio.file.Path out = java.nio.file.Files.createTempFile("cardstream-input-", ".txt");
      out.toFile().deleteOnExit();
      try (java.io.BufferedReader in = io.cardstream.common.input.InputFiles.open(local);
          java.io.BufferedWriter w =
              java.nio.file.Files.newBufferedWriter(out, java.nio.charset.StandardCharsets.UTF_8)) {
        in.transferTo(w);
      }
      return out.toUri().toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("reading " + p + " failed: " + e.getMessage(), e);
    }
  }

  private static void requireExists(SparkSession spark, String p) {
    try {
      Path path = new Path(p);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw new IllegalArgumentException("input " + p + " does not exist");
      }
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot access input " + p + ": " + e.getMessage(), e);
    }
  }
}
