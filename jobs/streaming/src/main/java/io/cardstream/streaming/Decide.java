package io.cardstream.streaming;

import static org.apache.spark.sql.functions.lit;

import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.decision.Decision;
import io.cardstream.common.decision.DecisionEngine;
import io.cardstream.common.features.CardFeatures;
import io.cardstream.common.features.FeatureProfile;
import io.cardstream.common.lake.SilverSchema;
import io.cardstream.common.registry.ModelRegistry;
import io.cardstream.common.registry.RegistryLayout;
import io.cardstream.common.status.StatusSnapshot;
import io.cardstream.streaming.control.Controls;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The decide stage, once per micro-batch: the control plane's rules and flags and the registry's
 * champion model (both re-read between batches) score the valid rows; the rules, the flags and the
 * score give the decision, its reasons, the versions of the rules and the model, and the flag's
 * reason for a flagged card.
 */
public final class Decide {

  private static final String CATEGORY_INDEX = "category_index";

  /** How many of the model's feature contributions a REVIEW or DECLINE carries. */
  static final int EXPLAINED = 3;

  /**
   * A batch's decided rows, the model version that scored them ({@code none}: rules only), the
   * control plane's state they were decided with, and the model's training profile (null: none).
   */
  public record Decided(
      Dataset<Row> rows, String modelVersion, Controls.Snapshot controls, FeatureProfile profile) {}

  /** The decision of a row that failed: never stored, the row goes to the quarantine. */
  static final String ERROR = "ERROR";

  private final Controls controls;
  private final ChampionModel champion;
  private final ChampionModel challenger;

  public Decide(Controls controls, ModelRegistry registry) {
    this.controls = controls;
    this.champion = new ChampionModel(registry);
    this.challenger = new ChampionModel(registry, RegistryLayout.Pointer.CHALLENGER);
  }

  /**
   * Valid featured rows → the same rows plus score, decision, reasons, rule_ids, versions, and
   * flag_reason; the control plane and the models' pointers are read first (once per batch).
   */
  public Decided apply(Dataset<Row> valid) {
    Controls.Snapshot c = controls.current();
    champion.refresh();
    challenger.refresh();
    return decide(valid, c);
  }

  /**
   * Decides with the control state given and the models in use, reading nothing: a batch's rows
   * decided again, or part of them, see the same rules, flags and models.
   */
  Decided decide(Dataset<Row> valid, Controls.Snapshot c) {
    Optional<ChampionModel.Loaded> model = champion.current();
    Optional<ChampionModel.Loaded> shadow =
        challenger
            .current()
            .filter(ch -> model.isEmpty() || !ch.version().equals(model.get().version()));
    Map<String, String> flagReasons = new HashMap<>();
    c.flags().forEach((card, flag) -> flagReasons.put(card, flag.reason()));
    Dataset<Row> withShadow;
    try {
      withShadow = shadow(valid, shadow);
    } catch (Exception e) { // AnalysisException is a checked one, thrown unchecked
      // A challenger that cannot even plan its scoring decides nothing: set it aside.
      challenger.setAside(e);
      withShadow = shadow(valid, Optional.empty());
    }
    Optional<ChampionModel.Loaded> scoring = model;
    while (true) {
      try {
        // The rules file's model policy picks the thresholds: its own, or the model's cost ones.
        DecisionEngine engine =
            new DecisionEngine(
                scoring.map(m -> m.rulesFor(c.rules())).orElse(c.rules()), flagReasons.keySet());
        return new Decided(
            score(withShadow, scoring, engine, flagReasons),
            scoring.map(ChampionModel.Loaded::version).orElse(DecisionEngine.NO_MODEL),
            c,
            scoring.map(ChampionModel.Loaded::profile).orElse(null));
      } catch (Exception e) { // AnalysisException is a checked one, thrown unchecked
        if (scoring.isEmpty()) {
          throw Outages.unchecked(e);
        }
        scoring = champion.setAside(e);
      }
    }
  }

  /**
   * Scores one synthetic row of {@code valid}'s shape with each model in use; a model that fails on
   * it is set aside. True when one was: the batch's failure was the model's, not its rows'.
   */
  boolean setAsideFailingModels(Dataset<Row> valid) {
    Dataset<Row> probe = Probe.of(valid);
    boolean any = false;
    for (ChampionModel m : List.of(champion, challenger)) {
      Optional<ChampionModel.Loaded> loaded = m.current();
      if (loaded.isEmpty()) {
        continue;
      }
      try {
        loaded.get().score(probe, "probe_score").collectAsList();
      } catch (Exception e) { // Spark's own exceptions are checked ones, thrown unchecked
        m.setAside(e);
        any = true;
      }
    }
    return any;
  }

  /** The models set aside since the stream started (latest per pointer). */
  List<StatusSnapshot.SetAside> setAside() {
    List<StatusSnapshot.SetAside> out = new java.util.ArrayList<>();
    champion.lastSetAside().ifPresent(out::add);
    challenger.lastSetAside().ifPresent(out::add);
    return out;
  }

  /**
   * The challenger's score beside the row (it decides nothing): the shadow comparison in the
   * nightly training reads it from silver. Null columns without a challenger.
   */
  static Dataset<Row> shadow(Dataset<Row> valid, Optional<ChampionModel.Loaded> challenger) {
    if (challenger.isEmpty()) {
      return valid
          .withColumn(SilverSchema.CHALLENGER_SCORE, lit(null).cast("double"))
          .withColumn(SilverSchema.CHALLENGER_VERSION, lit(null).cast("string"));
    }
    return challenger
        .get()
        .score(valid, SilverSchema.CHALLENGER_SCORE)
        .drop(CATEGORY_INDEX)
        .withColumn(SilverSchema.CHALLENGER_VERSION, lit(challenger.get().version()));
  }

  static Dataset<Row> score(
      Dataset<Row> valid,
      Optional<ChampionModel.Loaded> model,
      DecisionEngine engine,
      Map<String, String> flagReasons) {
    Dataset<Row> scored;
    String version;
    if (model.isPresent()) {
      scored = model.get().score(valid, SilverSchema.SCORE);
      version = model.get().version();
    } else {
      scored = valid.withColumn(SilverSchema.SCORE, lit(null).cast("double"));
      version = DecisionEngine.NO_MODEL;
    }
    StructType in = scored.schema();
    StructType out = in;
    for (StructField f : SilverSchema.DECIDED.fields()) {
      out = out.add(f);
    }
    out =
        out.add(EventParsing.REJECT_REASON, DataTypes.StringType, true)
            .add(EventParsing.REJECT_DETAIL, DataTypes.StringType, true)
            .add(EventParsing.MASKED_PAYLOAD, DataTypes.StringType, true);
    // The tasks carry the model's broadcast handle, not its trees (one copy per executor).
    Broadcast<CompiledModel> compiled = model.map(ChampionModel.Loaded::compiled).orElse(null);
    Explainer shipped = model.map(ChampionModel.Loaded::shippedExplainer).orElse(null);
    boolean explained = model.map(ChampionModel.Loaded::explainer).isPresent();
    String modelVersion = version;
    Dataset<Row> decided =
        scored.mapPartitions(
            (MapPartitionsFunction<Row, Row>)
                it -> {
                  Explainer explainer = compiled != null ? compiled.value().explainer() : shipped;
                  return Rows.map(
                      it, new RowDecider(in, engine, flagReasons, modelVersion, explainer)::apply);
                },
            Encoders.row(out));
    return explained ? decided.drop(CATEGORY_INDEX) : decided;
  }

  /**
   * Decides row by row; a row the rules, the score or the explanation fail on comes out marked as a
   * reject ({@code PROCESSING_ERROR}) for the quarantine instead of failing the batch.
   */
  private static final class RowDecider {
    private final DecisionEngine engine;
    private final Map<String, String> flagReasons;
    private final String modelVersion;
    private final Explainer explainer;
    private final int card;
    private final int amt;
    private final int mean;
    private final int score;
    private final int categoryIndex;
    private final int[] features;

    RowDecider(
        StructType in,
        DecisionEngine engine,
        Map<String, String> flagReasons,
        String modelVersion,
        Explainer explainer) {
      this.engine = engine;
      this.flagReasons = flagReasons;
      this.modelVersion = modelVersion;
      this.explainer = explainer;
      this.card = in.fieldIndex("card_id");
      this.amt = in.fieldIndex("amt");
      this.mean = in.fieldIndex(CardFeatures.CARD_MEAN_AMT);
      this.score = in.fieldIndex(SilverSchema.SCORE);
      this.categoryIndex = explainer == null ? -1 : in.fieldIndex(CATEGORY_INDEX);
      this.features = CardFeatures.NUMERIC.stream().mapToInt(in::fieldIndex).toArray();
    }

    Row apply(Row r) {
      Object[] v = new Object[r.size() + 10];
      for (int i = 0; i < r.size(); i++) {
        v[i] = r.get(i);
      }
      try {
        decide(r, v);
      } catch (RuntimeException e) {
        v[r.size()] = ERROR;
        v[r.size() + 1] = seq(List.of());
        v[r.size() + 2] = seq(List.of());
        v[r.size() + 3] = modelVersion;
        v[r.size() + 4] = engine.rules().version();
        v[r.size() + 5] = null;
        v[r.size() + 6] = seq(List.of());
        v[r.size() + 7] = ReasonCode.PROCESSING_ERROR.name();
        v[r.size() + 8] = Rejects.failed("deciding", e);
        v[r.size() + 9] =
            Rejects.idsPayload(
                r.getAs("trans_num"), r.getAs("event_time"), r.getAs("card_last4"), r.getAs("amt"));
      }
      return RowFactory.create(v);
    }

    private void decide(Row r, Object[] v) {
      double[] f = new double[features.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = r.getDouble(features[i]);
      }
      Double p = r.isNullAt(score) ? null : r.getDouble(score);
      if (p != null && !(p >= 0 && p <= 1)) {
        throw new ArithmeticException("the model's score is " + p);
      }
      Decision d =
          engine.decide(
              r.getString(card),
              r.getDouble(amt),
              f,
              r.isNullAt(mean) ? null : r.getDouble(mean),
              p,
              modelVersion);
      v[r.size()] = d.decision();
      v[r.size() + 1] = seq(d.reasons());
      v[r.size() + 2] = seq(d.ruleIds());
      v[r.size() + 3] = d.modelVersion();
      v[r.size() + 4] = d.rulesVersion();
      v[r.size() + 5] = flagReasons.get(r.getString(card));
      v[r.size() + 6] =
          explainer == null || Decision.APPROVE.equals(d.decision())
              ? seq(List.of())
              : seq(explain(explainer, f, r.getDouble(categoryIndex)));
    }
  }

  /**
   * Arrays as Scala sequences, as Spark's rows hold them: the next stage may read these rows
   * without a round trip through the encoder ({@code Row.getList} expects a Seq).
   */
  private static <T> scala.collection.Seq<T> seq(List<T> values) {
    return scala.collection.JavaConverters.asScalaBuffer(new java.util.ArrayList<>(values))
        .toList();
  }

  private static List<Row> explain(Explainer explainer, double[] numeric, double categoryIndex) {
    double[] x = Arrays.copyOf(numeric, numeric.length + 1);
    x[numeric.length] = categoryIndex;
    return explainer.top(x, EXPLAINED).stream()
        .map(
            c -> {
              if (!Double.isFinite(c.contribution())) {
                throw new ArithmeticException(
                    "the contribution of " + c.feature() + " is " + c.contribution());
              }
              return RowFactory.create(c.feature(), c.contribution());
            })
        .toList();
  }
}
