package io.cardstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.lake.RunDates;
import io.cardstream.common.lake.WarehouseTable;
import io.cardstream.common.testing.SparkTestSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staging CSV files, byte for byte (one SparkSession for the class). */
class StagingExportTest {

  private static SparkSession spark;
  @TempDir static Path dir;
  private static String lake;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.createWithDelta("StagingExportTest");
    lake = dir.resolve("lake").toUri().toString();
    TestLake.write(spark, lake);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static WarehouseConfig config() {
    return WarehouseConfig.postgres(
        lake, RunDates.of(TestLake.DAY1), "jdbc:postgresql://h/db", null);
  }

  private static List<String> lines(Path out) {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        assertThat(p.getFileName().toString()).endsWith(".csv.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          if (!text.isEmpty()) {
            lines.addAll(List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  @Test
  void factsOfTheRunDateInWarehouseColumnOrderWithNullMarkerQuotingAndUtcMicros() {
    Path out = dir.resolve("fact");
    StagingExport.export(spark, config(), WarehouseTable.FACT_TRANSACTIONS, out.toUri().toString());

    assertThat(lines(out))
        .containsExactlyInAnyOrder(
            "t1,2020-06-01 08:15:30.123456,2020-06-01,aaaa0001,0001,fraud_Kirlin and Sons,"
                + "grocery_pos,12.5,F,30.0,25-34,Columbus,OH,43210,40.0,-83.0,900000,"
                + "\"Engineer, \"\"site\"\"\",40.1,-83.1,0,0.0123,APPROVE,__NULL__,v1,rules-1",
            "t2,2020-06-01 23:59:59.999999,2020-06-01,bbbb0002,0002,fraud_Haley Group,"
                + "shopping_net,1500.0,M,__NULL__,unknown,__NULL__,CA,\"\",40.0,-83.0,900000,"
                + "Nurse,40.1,-83.1,__NULL__,__NULL__,DECLINE,\"AMOUNT_OVER_1000,NEW_CARD\","
                + "v1,rules-1",
            "t3,2020-06-01 00:00:00.000000,2020-06-01,cccc0003,0003,fraud_Kirlin and Sons,"
                + "grocery_pos,77.0,M,70.0,65+,Columbus,OH,43210,40.0,-83.0,900000,Teacher,"
                + "40.1,-83.1,1,0.81,REVIEW,HIGH_SCORE,v1,rules-1");
  }

  @Test
  void goldRowsOfTheRunDateOnly() {
    Path out = dir.resolve("regional");
    StagingExport.export(spark, config(), WarehouseTable.REGIONAL_DAILY, out.toUri().toString());

    assertThat(lines(out))
        .containsExactlyInAnyOrder(
            "2020-06-01,OH,Columbus,grocery_pos,20,850.0,42.5,2,0.1,4,0.2,2,0.1,2,0.1,17",
            "2020-06-01,CA,unknown,shopping_net,10,425.0,42.5,1,0.1,2,0.2,1,0.1,1,0.1,7");
  }

  @Test
  void factsHoldOneRowPerCardAndIdAndKeepTwoCardsThatShareAnId() {
    org.apache.spark.sql.types.StructType schema =
        new org.apache.spark.sql.types.StructType()
            .add("event_date", "date")
            .add("card_id", "string")
            .add("trans_num", "string")
            .add("batch_id", "long")
            .add("source_partition", "string")
            .add("source_offset", "string");
    java.sql.Date day = java.sql.Date.valueOf("2019-01-05");
    List<org.apache.spark.sql.Row> rows =
        List.of(
            org.apache.spark.sql.RowFactory.create(day, "card-a", "t1", 7L, "0", "12"),
            // The same card's id again, scored later (a redelivery after the 24-hour window).
            org.apache.spark.sql.RowFactory.create(day, "card-a", "t1", 9L, "1", "3"),
            org.apache.spark.sql.RowFactory.create(day, "card-b", "t1", 8L, "0", "13"));
    List<String> kept =
        StagingExport.firstOfEachKey(spark.createDataFrame(rows, schema)).collectAsList().stream()
            .map(r -> r.getString(1) + "/" + r.getString(2) + "@" + r.getLong(3))
            .sorted()
            .toList();
    assertThat(kept).containsExactly("card-a/t1@7", "card-b/t1@8");
  }
}
