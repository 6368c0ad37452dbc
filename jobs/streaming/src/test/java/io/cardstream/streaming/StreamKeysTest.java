package io.cardstream.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.contract.TransactionSchema;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.privacy.KeyConfig;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.testing.MotoServer;
import io.cardstream.common.testing.SparkTestSession;
import io.cardstream.streaming.loop.NotifierJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream's and the notifier's keys: fail closed at start; read by id on the executors. */
class StreamKeysTest {

  private static final String KEY = "the-stream-key-in-secrets-manager-0123456789";

  @TempDir Path dir;

  /** Runs {@code main} of {@code job} in a JVM of its own without any key in its environment. */
  private static Process run(Class<?> job, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(job.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove(PanTokenizer.KEY_ENV);
    pb.environment().remove("CARDSTREAM_LINK_HMAC_KEY");
    return pb.start();
  }

  private static String output(Process p) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void theStreamWithoutAKeyAndWithoutDevKeysExitsAtStartNamingTheFix() throws Exception {
    String lake = dir.toUri().toString();
    Process p =
        run(
            ScoringStreamJob.class,
            List.of(
                "--kafka-bootstrap",
                "127.0.0.1:1",
                "--lake",
                lake,
                "--checkpoint",
                lake + "cp",
                "--registry",
                lake + "registry"));
    String out = output(p);
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(out)
        .contains(
            "stream: error: no card-token key: give --token-key-secret-id <Secrets Manager secret"
                + " id> (on AWS), or set CARDSTREAM_PAN_HMAC_KEY, or pass --dev-keys")
        .doesNotContain("SparkContext");
  }

  @Test
  void theNotifierWithoutALinkKeyExitsAtStart() throws Exception {
    Process p =
        run(
            NotifierJob.class,
            List.of(
                "--kafka-bootstrap", "127.0.0.1:1",
                "--lake", dir.toUri().toString(),
                "--checkpoint", dir.resolve("cp").toString(),
                "--smtp-host", "127.0.0.1",
                "--mail-from", "a@example.com",
                "--feedback-base-url", "http://127.0.0.1:1"));
    String out = output(p);
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(out).contains("notifier: error: no link-signing key: give --link-key-secret-id");
  }

  @Test
  void theExecutorsTokenizeWithTheSecretsKeyWhichNoPlanOrConfShows() throws Exception {
    try (MotoServer moto = MotoServer.start()) {
      moto.createSecret("cardstream/pan-hmac-key", KEY);
      PanTokenizer tokenizer =
          new KeyConfig("cardstream/pan-hmac-key", null, MotoServer.REGION, moto.endpoint(), false)
              .tokenizer(Map.of());
      SparkSession spark = SparkTestSession.create("stream-keys");
      try {
        String json =
            "{\"trans_num\":\"t1\",\"event_time\":\"2019-03-04 10:15:30\",\"cc_num\":"
                + "\"4556737586899855\",\"amt\":10,\"merchant\":\"m\",\"category\":\"home\"}";
        Timestamp now = Timestamp.from(Instant.now());
        StructType input = new StructType().add("payload", DataTypes.StringType);
        for (var f : TransactionSchema.INGEST.fields()) {
          input = input.add(f);
        }
        Dataset<Row> rows =
            spark.createDataFrame(
                List.of(RowFactory.create(json, "test", "0", "1", now, now)), input);
        Dataset<Row> parsed =
            EventParsing.parse(rows.repartition(2), tokenizer, ReaderOptions.defaults());
        List<Row> out = parsed.collectAsList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getString(parsed.schema().fieldIndex("card_id")))
            .isEqualTo(hmac(KEY, "4556737586899855"));
        assertThat(parsed.queryExecution().toString()).doesNotContain(KEY);
        assertThat(spark.conf().getAll().toString()).doesNotContain(KEY);
      } finally {
        spark.stop();
      }
    }
  }

  private static String hmac(String key, String pan) throws Exception {
    Mac m = Mac.getInstance("HmacSHA256");
    m.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(m.doFinal(pan.getBytes(StandardCharsets.US_ASCII)));
  }
}
