package io.cardstream.streaming;

import java.util.Iterator;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Row;

/** A partition's rows mapped one at a time, lazily: a partition is never held in memory whole. */
final class Rows {

  private Rows() {}

  static Iterator<Row> map(Iterator<Row> rows, UnaryOperator<Row> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        return f.apply(rows.next());
      }
    };
  }
}
