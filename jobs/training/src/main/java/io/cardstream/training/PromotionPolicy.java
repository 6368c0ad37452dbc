package io.cardstream.training;

import io.cardstream.common.registry.IntervalMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a trained model becomes the champion, goes into the shadow as the challenger, or neither,
 * by the run's {@code --promote} policy and what the run found. Pure: no Spark, no registry.
 *
 * <p>Nothing may block a model under {@code auto} and {@code shadow}: no gated drift (a feature's
 * PSI, unseen categories) and a PR-AUC not below the champion's on the same test rows. {@code auto}
 * replaces a champion only when the model is better beyond noise: the lower bound of the paired
 * bootstrap interval of its PR-AUC minus the champion's, on the same test rows and resamples, is
 * above 0. {@code shadow} promotes only when there is no champion yet; with one, a model that would
 * be promoted goes into the shadow instead, where the shadow comparison applies the same test on
 * the stream's own events ({@link #beats}).
 */
final class PromotionPolicy {

  /**
   * What the run found.
   *
   * @param driftBlocking why the test rows' drift blocks a model (ignored when not gated)
   * @param driftGated whether the test period was long enough for drift to block
   * @param prAuc the model's PR-AUC on the test rows
   * @param championPrAuc the champion's on the same rows (null: none, or it could not score them)
   * @param championExists whether there is a champion
   * @param prAucGain the paired bootstrap interval of the PR-AUC minus the champion's (null: no
   *     champion scored the test rows)
   */
  record Evidence(
      List<String> driftBlocking,
      boolean driftGated,
      double prAuc,
      Double championPrAuc,
      boolean championExists,
      IntervalMetrics.Interval prAucGain) {

    Evidence(
        List<String> driftBlocking,
        boolean driftGated,
        double prAuc,
        Double championPrAuc,
        boolean championExists) {
      this(driftBlocking, driftGated, prAuc, championPrAuc, championExists, null);
    }
  }

  /** Whether a challenger beats the champion beyond noise: its gain's lower bound is above 0. */
  static boolean beats(IntervalMetrics.Interval gain) {
    return gain.lower() > 0;
  }

  /**
   * @param refusedBecause why it was neither promoted nor put into the shadow (empty when it was)
   */
  record Verdict(boolean promote, boolean challenge, List<String> refusedBecause) {}

  private PromotionPolicy() {}

  static Verdict decide(TrainConfig.Promote policy, Evidence e) {
    List<String> refused = new ArrayList<>(e.driftGated() ? e.driftBlocking() : List.of());
    if (e.championPrAuc() != null && e.prAuc() < e.championPrAuc()) {
      refused.add(
          String.format(
              "PR-AUC %.4f is below the champion's %.4f on the same test rows",
              e.prAuc(), e.championPrAuc()));
    }
    // Replacing a champion takes more than not being worse: a gain beyond the bootstrap's noise.
    List<String> notBetter = new ArrayList<>(refused);
    if (e.prAucGain() != null && !beats(e.prAucGain())) {
      notBetter.add(
          String.format(
              "the paired bootstrap's lower bound of the PR-AUC gain over the champion is %.4f,"
                  + " not above 0 (gain %s on the same test rows): not better beyond noise",
              e.prAucGain().lower(), e.prAucGain().describe()));
    }
    boolean promote =
        switch (policy) {
          case FORCE -> true;
          case NEVER -> false;
          case AUTO -> notBetter.isEmpty();
          case SHADOW -> refused.isEmpty() && !e.championExists();
        };
    boolean challenge =
        policy == TrainConfig.Promote.SHADOW && refused.isEmpty() && e.championExists();
    List<String> why = policy == TrainConfig.Promote.SHADOW ? refused : notBetter;
    return new Verdict(promote, challenge, promote || challenge ? List.of() : List.copyOf(why));
  }
}
