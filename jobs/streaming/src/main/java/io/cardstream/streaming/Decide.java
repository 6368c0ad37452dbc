package io.cardstream.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cardstream.common.decision.Decision;
import io.cardstream.common.decision.DecisionEngine;
import io.cardstream.common.features.CardFeatures;
import io.cardstream.common.features.FeatureProfile;
import io.cardstream.common.registry.ModelRegistry;
import io.cardstream.streaming.control.Controls;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The decide stage, once per micro-batch: the control plane's rules and flags and the registry's
 * champion model (both re-read between batches) score the valid rows; the rules, the flags and the
 * score give the decision, its reasons, the versions of the rules and the model, and the flag's
 * reason for a flagged card.
 */
public final class Decide {

  private static final String CATEGORY_INDEX = "category_index";
  private static final String[] MODEL_COLUMNS = {
    "features", "rawPrediction", "probability", "prediction"
  };

  /** How many of the model's feature contributions a REVIEW or DECLINE carries. */
  static final int EXPLAINED = 3;

  /** The explanation column: the features that raised the margin most, with their share. */
  static final StructType CONTRIBUTION =
      new StructType()
          .add("feature", DataTypes.StringType, false)
          .add("contribution", DataTypes.DoubleType, false);

  /**
   * A batch's decided rows, the model version that scored them ({@code none}: rules only), the
   * control plane's state they were decided with, and the model's training profile (null: none).
   */
  public record Decided(
      Dataset<Row> rows, String modelVersion, Controls.Snapshot controls, FeatureProfile profile) {}

  /** The challenger's score and version in silver (null: no challenger in the shadow). */
  public static final String CHALLENGER_SCORE = "challenger_score";

  public static final String CHALLENGER_VERSION = "challenger_version";

  private final Controls controls;
  private final ChampionModel champion;
  private final ChampionModel challenger;

  public Decide(Controls controls, ModelRegistry registry) {
    this.controls = controls;
    this.champion = new ChampionModel(registry);
    this.challenger = new ChampionModel(registry, ModelRegistry.CHALLENGER);
  }

  /**
   * Valid featured rows → the same rows plus score, decision, reasons, rule_ids, versions, and
   * flag_reason.
   */
  public Decided apply(Dataset<Row> valid) {
    Controls.Snapshot c = controls.current();
    Optional<ChampionModel.Loaded> model = champion.refresh();
    Optional<ChampionModel.Loaded> shadow =
        challenger
            .refresh()
            .filter(ch -> model.isEmpty() || !ch.version().equals(model.get().version()));
    Map<String, String> flagReasons = new HashMap<>();
    c.flags().forEach((card, flag) -> flagReasons.put(card, flag.reason()));
    return new Decided(
        score(
            shadow(valid, shadow),
            model,
            new DecisionEngine(c.rules(), flagReasons.keySet()),
            flagReasons),
        model.map(ChampionModel.Loaded::version).orElse(DecisionEngine.NO_MODEL),
        c,
        model.map(ChampionModel.Loaded::profile).orElse(null));
  }

  /**
   * The challenger's score beside the row (it decides nothing): the shadow comparison in the
   * nightly training reads it from silver. Null columns without a challenger.
   */
  static Dataset<Row> shadow(Dataset<Row> valid, Optional<ChampionModel.Loaded> challenger) {
    if (challenger.isEmpty()) {
      return valid
          .withColumn(CHALLENGER_SCORE, lit(null).cast("double"))
          .withColumn(CHALLENGER_VERSION, lit(null).cast("string"));
    }
    return probability(challenger.get(), valid, CHALLENGER_SCORE)
        .drop(CATEGORY_INDEX)
        .withColumn(CHALLENGER_VERSION, lit(challenger.get().version()));
  }

  /**
   * The rows scored by a model: its fraud probability in {@code column}, its other outputs gone.
   */
  private static Dataset<Row> probability(
      ChampionModel.Loaded model, Dataset<Row> rows, String column) {
    return model
        .model()
        .transform(rows)
        .withColumn(
            column,
            org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64").getItem(1))
        .drop(MODEL_COLUMNS);
  }

  static Dataset<Row> score(
      Dataset<Row> valid,
      Optional<ChampionModel.Loaded> model,
      DecisionEngine engine,
      Map<String, String> flagReasons) {
    Dataset<Row> scored;
    String version;
    if (model.isPresent()) {
      scored = probability(model.get(), valid, "score");
      version = model.get().version();
    } else {
      scored = valid.withColumn("score", lit(null).cast("double"));
      version = DecisionEngine.NO_MODEL;
    }
    StructType in = scored.schema();
    StructType out =
        in.add("decision", DataTypes.StringType, false)
            .add("reasons", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("rule_ids", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("model_version", DataTypes.StringType, false)
            .add("rules_version", DataTypes.StringType, false)
            .add("flag_reason", DataTypes.StringType, true)
            .add("explanation", DataTypes.createArrayType(CONTRIBUTION, false), false);
    int card = in.fieldIndex("card_id");
    int amt = in.fieldIndex("amt");
    int mean = in.fieldIndex(CardFeatures.CARD_MEAN_AMT);
    int score = in.fieldIndex("score");
    int[] features = CardFeatures.NUMERIC.stream().mapToInt(in::fieldIndex).toArray();
    String modelVersion = version;
    Explainer explainer = model.map(ChampionModel.Loaded::explainer).orElse(null);
    int categoryIndex = explainer == null ? -1 : in.fieldIndex(CATEGORY_INDEX);
    Dataset<Row> decided =
        scored.mapPartitions(
            (MapPartitionsFunction<Row, Row>)
                it ->
                    new Iterator<>() {
                      @Override
                      public boolean hasNext() {
                        return it.hasNext();
                      }

                      @Override
                      public Row next() {
                        Row r = it.next();
                        double[] f = new double[features.length];
                        for (int i = 0; i < f.length; i++) {
                          f[i] = r.getDouble(features[i]);
                        }
                        Decision d =
                            engine.decide(
                                r.getString(card),
                                r.getDouble(amt),
                                f,
                                r.isNullAt(mean) ? null : r.getDouble(mean),
                                r.isNullAt(score) ? null : r.getDouble(score),
                                modelVersion);
                        Object[] v = new Object[r.size() + 7];
                        for (int i = 0; i < r.size(); i++) {
                          v[i] = r.get(i);
                        }
                        v[r.size()] = d.decision();
                        v[r.size() + 1] = d.reasons().toArray(new String[0]);
                        v[r.size() + 2] = d.ruleIds().toArray(new String[0]);
                        v[r.size() + 3] = d.modelVersion();
                        v[r.size() + 4] = d.rulesVersion();
                        v[r.size() + 5] = flagReasons.get(r.getString(card));
                        v[r.size() + 6] =
                            explainer == null || Decision.APPROVE.equals(d.decision())
                                ? new Row[0]
                                : explain(explainer, f, r.getDouble(categoryIndex));
                        return RowFactory.create(v);
                      }
                    },
            Encoders.row(out));
    return explainer == null ? decided : decided.drop(CATEGORY_INDEX);
  }

  private static Row[] explain(Explainer explainer, double[] numeric, double categoryIndex) {
    double[] x = Arrays.copyOf(numeric, numeric.length + 1);
    x[numeric.length] = categoryIndex;
    return explainer.top(x, EXPLAINED).stream()
        .map(c -> RowFactory.create(c.feature(), c.contribution()))
        .toArray(Row[]::new);
  }
}
