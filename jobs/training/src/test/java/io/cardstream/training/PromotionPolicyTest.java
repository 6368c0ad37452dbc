package io.cardstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.training.PromotionPolicy.Evidence;
import io.cardstream.training.PromotionPolicy.Verdict;
import io.cardstream.training.TrainConfig.Promote;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The promotion policy alone: what the run found in, promote, shadow or refuse out. */
class PromotionPolicyTest {

  private static final List<String> DRIFT = List.of("category: PSI 5.000 > 0.25");

  private static Evidence clean(Double championPrAuc) {
    return new Evidence(List.of(), true, 0.80, championPrAuc, championPrAuc != null);
  }

  @Test
  void autoPromotesWhenNothingBlocksAndThePrAucIsNotBelowTheChampions() {
    assertThat(PromotionPolicy.decide(Promote.AUTO, clean(null)))
        .isEqualTo(new Verdict(true, false, List.of()));
    assertThat(PromotionPolicy.decide(Promote.AUTO, clean(0.80)).promote()).isTrue();
    Verdict lower = PromotionPolicy.decide(Promote.AUTO, clean(0.85));
    assertThat(lower.promote()).isFalse();
    assertThat(lower.challenge()).isFalse();
    assertThat(lower.refusedBecause())
        .containsExactly("PR-AUC 0.8000 is below the champion's 0.8500 on the same test rows");
  }

  @Test
  void gatedDriftRefusesAndUngatedDriftIsOnlyReported() {
    Verdict gated = PromotionPolicy.decide(Promote.AUTO, new Evidence(DRIFT, true, 0.9, 0.5, true));
    assertThat(gated.promote()).isFalse();
    assertThat(gated.refusedBecause()).isEqualTo(DRIFT);
    Verdict shortPeriod =
        PromotionPolicy.decide(Promote.AUTO, new Evidence(DRIFT, false, 0.9, 0.5, true));
    assertThat(shortPeriod).isEqualTo(new Verdict(true, false, List.of()));
    Verdict both = PromotionPolicy.decide(Promote.AUTO, new Evidence(DRIFT, true, 0.4, 0.5, true));
    assertThat(both.refusedBecause())
        .containsExactly(
            DRIFT.get(0), "PR-AUC 0.4000 is below the champion's 0.5000 on the same test rows");
  }

  @Test
  void forcePromotesAndNeverRefusesWhateverWasFound() {
    Evidence blocked = new Evidence(DRIFT, true, 0.4, 0.5, true);
    assertThat(PromotionPolicy.decide(Promote.FORCE, blocked))
        .isEqualTo(new Verdict(true, false, List.of()));
    assertThat(PromotionPolicy.decide(Promote.NEVER, clean(null)))
        .isEqualTo(new Verdict(false, false, List.of()));
    // never still says what would have kept the model out
    assertThat(PromotionPolicy.decide(Promote.NEVER, blocked).refusedBecause()).hasSize(2);
  }

  @Test
  void shadowPromotesTheFirstModelAndPutsALaterWinnerBesideTheChampion() {
    assertThat(PromotionPolicy.decide(Promote.SHADOW, clean(null)))
        .isEqualTo(new Verdict(true, false, List.of()));
    assertThat(PromotionPolicy.decide(Promote.SHADOW, clean(0.7)))
        .isEqualTo(new Verdict(false, true, List.of()));
    // a champion that could not score the test rows still exists: the winner goes to the shadow
    assertThat(
            PromotionPolicy.decide(Promote.SHADOW, new Evidence(List.of(), true, 0.8, null, true)))
        .isEqualTo(new Verdict(false, true, List.of()));
    Verdict lost = PromotionPolicy.decide(Promote.SHADOW, clean(0.9));
    assertThat(lost.promote()).isFalse();
    assertThat(lost.challenge()).isFalse();
    assertThat(lost.refusedBecause()).hasSize(1);
  }

  /** Scores that rank frauds above legitimate rows with some overlap, from a seeded generator. */
  private static double[] scores(int[] labels, double separation, long seed) {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    double[] s = new double[labels.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = rnd.nextDouble() + (labels[i] == 1 ? separation : 0);
    }
    return s;
  }

  @Test
  void autoReplacesAChampionOnlyWhenThePairedBootstrapGainIsAboveZero() {
    int[] labels = new int[3000];
    for (int i = 0; i < labels.length; i += 30) {
      labels[i] = 1;
    }
    double[] champion = scores(labels, 0.3, 1);
    double[] better = scores(labels, 0.9, 2);
    double[] same = champion.clone();
    Evaluation.TestScores clear =
        new Evaluation.TestScores(better, better, labels, new double[3000], champion, null);
    Evaluation.TestScores tie =
        new Evaluation.TestScores(same, same, labels, new double[3000], champion, null);
    var gain = Uncertainty.of(clear, 0.5, 7).prAucVsChampion();
    var none = Uncertainty.of(tie, 0.5, 7).prAucVsChampion();
    assertThat(gain.lower()).isPositive();
    assertThat(none.lower()).isZero();
    assertThat(none.upper()).isZero();

    Verdict promoted =
        PromotionPolicy.decide(
            Promote.AUTO, new Evidence(List.of(), true, gain.estimate() + 0.5, 0.5, true, gain));
    assertThat(promoted).isEqualTo(new Verdict(true, false, List.of()));
    // Not worse, but not better beyond noise: the champion stays, and the run says why.
    Verdict kept =
        PromotionPolicy.decide(Promote.AUTO, new Evidence(List.of(), true, 0.5, 0.5, true, none));
    assertThat(kept.promote()).isFalse();
    assertThat(kept.refusedBecause())
        .containsExactly(
            "the paired bootstrap's lower bound of the PR-AUC gain over the champion is 0.0000,"
                + " not above 0 (gain 0.0000 [0.0000, 0.0000] on the same test rows): not better"
                + " beyond noise");
    // shadow: the same model still goes beside the champion, to be tested on the stream's events
    assertThat(
            PromotionPolicy.decide(
                Promote.SHADOW, new Evidence(List.of(), true, 0.5, 0.5, true, none)))
        .isEqualTo(new Verdict(false, true, List.of()));
  }
}
