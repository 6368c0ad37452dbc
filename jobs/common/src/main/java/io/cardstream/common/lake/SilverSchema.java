package io.cardstream.common.lake;

import io.cardstream.common.contract.TransactionSchema;
import io.cardstream.common.features.CardFeatures;
import java.util.Arrays;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Silver ({@link LakeTable#SILVER}): every valid event as the stream scored it. The one definition
 * of its columns: the stream shapes its rows with it, the nightly jobs and training name its
 * columns from it, and the Glue definition (glue/tables/scored_transactions.json) is tested against
 * it.
 *
 * <p>A row is the tokenized event with its ingest metadata, the per-card features (a feature named
 * like an input column, {@code age}, replaces it as a double with the -1 sentinel), the
 * challenger's shadow score, the decision, the event date (the partition) and the micro-batch.
 */
public final class SilverSchema {

  /** The challenger's fraud probability, beside the row (null: no challenger in the shadow). */
  public static final String CHALLENGER_SCORE = "challenger_score";

  public static final String CHALLENGER_VERSION = "challenger_version";

  /** The champion's fraud probability (null: decided by the rules alone). */
  public static final String SCORE = "score";

  public static final String DECISION = "decision";
  public static final String REASONS = "reasons";
  public static final String RULE_IDS = "rule_ids";
  public static final String MODEL_VERSION = "model_version";
  public static final String RULES_VERSION = "rules_version";

  /** Why the card is flagged (null: it is not). */
  public static final String FLAG_REASON = "flag_reason";

  /** For REVIEW and DECLINE, the model's top contributions. */
  public static final String EXPLANATION = "explanation";

  /** The micro-batch that scored the row (lineage; also gives end-to-end latency). */
  public static final String BATCH_ID = "batch_id";

  /** One contribution of {@link #EXPLANATION}: a feature and its share of the model's margin. */
  public static final StructType CONTRIBUTION =
      new StructType()
          .add("feature", DataTypes.StringType, false)
          .add("contribution", DataTypes.DoubleType, false);

  /** The columns the decide stage adds after the score, in order. */
  public static final StructType DECIDED =
      new StructType()
          .add(DECISION, DataTypes.StringType, false)
          .add(REASONS, DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add(RULE_IDS, DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add(MODEL_VERSION, DataTypes.StringType, false)
          .add(RULES_VERSION, DataTypes.StringType, false)
          .add(FLAG_REASON, DataTypes.StringType, true)
          .add(EXPLANATION, DataTypes.createArrayType(CONTRIBUTION, false), false);

  /** Silver's columns in the order the stream writes them (the partition column included). */
  public static final StructType SCHEMA = schema();

  private SilverSchema() {}

  /**
   * {@code rows} with the feature columns: a feature named like one of its columns replaces it as a
   * double, the others follow, then {@link CardFeatures#CARD_MEAN_AMT}.
   */
  public static StructType withFeatures(StructType rows) {
    StructType s = new StructType();
    for (StructField f : rows.fields()) {
      s =
          CardFeatures.NUMERIC.contains(f.name())
              ? s.add(f.name(), DataTypes.DoubleType, true)
              : s.add(f);
    }
    for (String f : CardFeatures.NUMERIC) {
      if (!Arrays.asList(s.fieldNames()).contains(f)) {
        s = s.add(f, DataTypes.DoubleType, true);
      }
    }
    return s.add(CardFeatures.CARD_MEAN_AMT, DataTypes.DoubleType, true);
  }

  private static StructType schema() {
    StructType s = TransactionSchema.TOKENIZED_OR_REJECTED;
    for (StructField f : TransactionSchema.INGEST.fields()) {
      s = s.add(f);
    }
    s =
        withFeatures(s)
            .add(CHALLENGER_SCORE, DataTypes.DoubleType, true)
            .add(CHALLENGER_VERSION, DataTypes.StringType, true)
            .add(SCORE, DataTypes.DoubleType, true);
    for (StructField f : DECIDED.fields()) {
      s = s.add(f);
    }
    return s.add(LakeTable.EVENT_DATE, DataTypes.DateType, true)
        .add(BATCH_ID, DataTypes.LongType, false);
  }
}
