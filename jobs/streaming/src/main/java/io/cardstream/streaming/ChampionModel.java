package io.cardstream.streaming;

import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.features.CardFeatures;
import io.cardstream.common.features.FeatureProfile;
import io.cardstream.common.registry.CostMetrics;
import io.cardstream.common.registry.FraudScore;
import io.cardstream.common.registry.ModelMetrics;
import io.cardstream.common.registry.ModelRegistry;
import io.cardstream.common.registry.RegistryLayout;
import io.cardstream.common.risk.Calibrator;
import io.cardstream.common.status.StatusSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's champion (or challenger), re-read between micro-batches: when the pointer names
 * another version, that model is loaded and used from the next batch on, without a restart. If the
 * new model cannot be loaded the previous one stays in use; if none was ever loaded, decisions rest
 * on the rules alone. A challenger whose pointer is removed (promoted or beaten) is dropped; a
 * champion whose pointer cannot be read is kept.
 */
final class ChampionModel {

  private static final Logger LOG = LoggerFactory.getLogger(ChampionModel.class);

  /**
   * A loaded model, its score's calibration (null for a model trained before calibration: its raw
   * score is its score), its cost-optimal thresholds (null for a model trained without them), its
   * training rows' profile (null for a model trained without one), its explainer (null for a model
   * that is not a GBT) and its compiled form, broadcast once to the executors (null for a model of
   * another shape: it scores through Spark ML, its trees in every task).
   */
  record Loaded(
      String version,
      PipelineModel model,
      Calibrator calibration,
      CostMetrics costs,
      FeatureProfile profile,
      Explainer explainer,
      Broadcast<CompiledModel> compiled) {

    /**
     * The rules as this model decides under them: with {@code policy: cost}, its cost-optimal
     * thresholds instead of the file's (the file's when it has none).
     */
    RuleSet rulesFor(RuleSet rules) {
      return rules.policy() == RuleSet.ThresholdPolicy.COST && costs != null
          ? rules.withThresholds(costs.reviewThreshold(), costs.declineThreshold())
          : rules;
    }

    /** The rows scored: the calibrated fraud probability in {@code column}. */
    Dataset<Row> score(Dataset<Row> rows, String column) {
      return compiled != null
          ? CompiledModel.score(rows, compiled, column)
          : FraudScore.add(model, calibration, rows, column);
    }

    /** The explainer the executors use: the broadcast one when there is one. */
    Explainer shippedExplainer() {
      return compiled != null ? null : explainer;
    }
  }

  /** Names of the model's vector positions as explanations show them. */
  static final List<String> VECTOR_NAMES = vectorNames();

  private static List<String> vectorNames() {
    List<String> names = new ArrayList<>(CardFeatures.NUMERIC);
    names.add(CardFeatures.CATEGORY);
    return List.copyOf(names);
  }

  private final ModelRegistry registry;
  private final RegistryLayout.Pointer pointer;
  private Loaded current;
  private Loaded previous;
  private String failedVersion;

  /** The last model that loaded but failed when scoring, as the status file reports it. */
  private StatusSnapshot.SetAside lastSetAside;

  ChampionModel(ModelRegistry registry) {
    this(registry, RegistryLayout.Pointer.CHAMPION);
  }

  ChampionModel(ModelRegistry registry, RegistryLayout.Pointer pointer) {
    this.registry = registry;
    this.pointer = pointer;
  }

  /** Checks the pointer and swaps models if it moved. Never throws: scoring must go on. */
  Optional<Loaded> refresh() {
    try {
      Optional<String> champion = registry.pointer(pointer);
      if (champion.isEmpty() && pointer == RegistryLayout.Pointer.CHALLENGER && current != null) {
        LOG.info("challenger {} is no longer in the shadow", current.version());
        drop(current);
        current = null;
      }
      if (champion.isPresent()
          && (current == null || !current.version().equals(champion.get()))
          && !champion.get().equals(failedVersion)) {
        String v = champion.get();
        try {
          PipelineModel m = PipelineModel.load(registry.modelPath(v).toString());
          // A calibration that cannot be read fails the load: its thresholds mean probabilities.
          Calibrator calibration = registry.calibration(v).orElse(null);
          FeatureProfile profile = profile(v);
          LOG.info(
              "{} {} loaded (was {}), score {}{}",
              pointer.name().toLowerCase(java.util.Locale.ROOT),
              v,
              current == null ? "none" : current.version(),
              calibration == null ? "raw (no calibration)" : "calibrated",
              profile == null ? "; it has no training profile: no drift figures" : "");
          // The trees are copied once: the explainer's arrays are also the compiled model's.
          Explainer explainer = Explainer.of(m, VECTOR_NAMES);
          drop(previous);
          previous = current;
          current =
              new Loaded(
                  v,
                  m,
                  calibration,
                  costs(v),
                  profile,
                  explainer,
                  broadcast(CompiledModel.of(m, explainer, calibration)));
        } catch (Exception e) { // Spark's I/O errors are checked ones, thrown unchecked
          failedVersion = v;
          LOG.warn(
              "{} {} cannot be loaded ({}); keeping {}",
              pointer.name().toLowerCase(java.util.Locale.ROOT),
              v,
              e.getMessage(),
              current == null ? "rules only" : current.version());
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn(
          "cannot read the {} pointer ({}); keeping {}",
          pointer,
          e.getMessage(),
          current == null ? "rules only" : current.version());
    }
    return Optional.ofNullable(current);
  }

  /** The model in use, without looking at the pointer. */
  Optional<Loaded> current() {
    return Optional.ofNullable(current);
  }

  /**
   * Sets the current model aside because it failed when scoring: the previous one (or none: the
   * rules alone) decides from now on, until the pointer names another version.
   *
   * @return the model now in use
   */
  Optional<Loaded> setAside(Throwable failure) {
    if (current == null) {
      return Optional.empty();
    }
    String reason = Rejects.failed("scoring", failure);
    lastSetAside =
        new StatusSnapshot.SetAside(
            pointer.name().toLowerCase(java.util.Locale.ROOT),
            current.version(),
            reason,
            java.time.Instant.now());
    failedVersion = current.version();
    // A challenger decides nothing: without it there is simply no shadow score.
    Loaded fallback =
        previous != null
                && !previous.version().equals(current.version())
                && pointer != RegistryLayout.Pointer.CHALLENGER
            ? previous
            : null;
    LOG.warn(
        "{} {} set aside, it failed when scoring ({}); now {}",
        lastSetAside.pointer(),
        current.version(),
        reason,
        fallback == null ? "rules only" : fallback.version());
    drop(current);
    if (previous != fallback) {
      drop(previous);
    }
    current = fallback;
    previous = null;
    return Optional.ofNullable(current);
  }

  Optional<StatusSnapshot.SetAside> lastSetAside() {
    return Optional.ofNullable(lastSetAside);
  }

  private static Broadcast<CompiledModel> broadcast(CompiledModel compiled) {
    if (compiled == null) {
      return null;
    }
    SparkContext sc = SparkSession.active().sparkContext();
    return JavaSparkContext.fromSparkContext(sc).broadcast(compiled);
  }

  /**
   * Frees a model's copies on the executors once it is out of use (unpersist, not destroy: a task
   * still running, or a batch decided again, fetches it from the driver again).
   */
  private static void drop(Loaded model) {
    if (model != null && model.compiled() != null) {
      model.compiled().unpersist(false);
    }
  }

  private CostMetrics costs(String version) {
    try {
      return registry.metrics(version).map(ModelMetrics::costs).orElse(null);
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn(
          "cannot read the metrics of {} ({}): a cost policy uses the rules file's thresholds",
          version,
          e.getMessage());
      return null;
    }
  }

  private FeatureProfile profile(String version) {
    try {
      return registry.profile(version).orElse(null);
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("cannot read the profile of {} ({}): no drift figures", version, e.getMessage());
      return null;
    }
  }
}
