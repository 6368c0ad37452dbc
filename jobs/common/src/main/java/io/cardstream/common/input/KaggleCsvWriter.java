package io.cardstream.common.input;

import io.cardstream.common.contract.EventTimes;
import io.cardstream.common.contract.Transaction;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes transactions in the exact layout of the Kaggle fraudTrain.csv / fraudTest.csv files: an
 * unnamed 0-based index column, quotes only where needed, amounts with two decimals, integral zip
 * codes and population, and {@code is_fraud} as 0/1.
 */
public final class KaggleCsvWriter implements Closeable {

  public static final String HEADER =
      ",trans_date_trans_time,cc_num,merchant,category,amt,first,last,gender,street,city,state,zip,"
          + "lat,long,city_pop,job,dob,trans_num,unix_time,merch_lat,merch_long,is_fraud";

  private final Writer out;
  private final StringBuilder line = new StringBuilder(512);
  private long index;

  public KaggleCsvWriter(Writer out) throws IOException {
    this.out = out;
    out.write(HEADER);
    out.write('\n');
  }

  public void write(Transaction t) throws IOException {
    StringBuilder b = line;
    b.setLength(0);
    b.append(index++).append(',');
    b.append(EventTimes.formatSparkov(t.eventTime())).append(',');
    b.append(t.ccNum()).append(',');
    b.append(Csv.quote(nz(t.merchant()))).append(',');
    b.append(nz(t.category())).append(',');
    fixed(b, t.amt(), 2).append(',');
    b.append(Csv.quote(nz(t.first()))).append(',');
    b.append(Csv.quote(nz(t.last()))).append(',');
    b.append(nz(t.gender())).append(',');
    b.append(Csv.quote(nz(t.street()))).append(',');
    b.append(Csv.quote(nz(t.city()))).append(',');
    b.append(nz(t.state())).append(',');
    b.append(t.zip() == null ? "" : stripLeadingZeros(t.zip())).append(',');
    fixed(b, t.lat(), 4).append(',');
    fixed(b, t.lon(), 4).append(',');
    b.append(t.cityPop() == null ? "" : t.cityPop().toString()).append(',');
    b.append(Csv.quote(nz(t.job()))).append(',');
    b.append(t.dob() == null ? "" : t.dob().toString()).append(',');
    b.append(t.transNum()).append(',');
    b.append(t.unixTime() == null ? "" : t.unixTime().toString()).append(',');
    fixed(b, t.merchLat(), 6).append(',');
    fixed(b, t.merchLong(), 6).append(',');
    b.append(t.isFraud() == null ? "" : t.isFraud().toString()).append('\n');
    out.append(b);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  // The published files store zip as an integer, so New England zips lose their leading zero.
  private static String stripLeadingZeros(String zip) {
    int i = 0;
    while (i < zip.length() - 1 && zip.charAt(i) == '0') {
      i++;
    }
    return zip.substring(i);
  }

  /** Appends {@code v} rounded half-up to {@code decimals} places, without String.format's cost. */
  static StringBuilder fixed(StringBuilder b, Double v, int decimals) {
    if (v == null) {
      return b;
    }
    long scale = 1;
    for (int i = 0; i < decimals; i++) {
      scale *= 10;
    }
    long scaled = Math.round(Math.abs(v) * scale);
    if (v < 0 && scaled != 0) {
      b.append('-');
    }
    b.append(scaled / scale).append('.');
    String frac = Long.toString(scaled % scale);
    for (int i = frac.length(); i < decimals; i++) {
      b.append('0');
    }
    return b.append(frac);
  }
}
