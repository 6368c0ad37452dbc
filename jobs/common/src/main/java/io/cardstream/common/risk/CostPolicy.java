package io.cardstream.common.risk;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Review and decline thresholds on calibrated probabilities chosen by cost. A row with p below the
 * review threshold is approved, at or above the decline threshold declined, and reviewed between.
 * The cost of a row with amount a and label y:
 *
 * <ul>
 *   <li>approve: y a (an approved fraud loses its amount);
 *   <li>review: r + y (1 - c) a (the review fee; a reviewed fraud is caught with probability c);
 *   <li>decline: (1 - y) (d0 + d1 a) (a declined legitimate payment: a fixed cost plus a share).
 * </ul>
 *
 * <p>{@link #optimise} is exact over all threshold pairs: sorting once by p (O(n log n)), the cost
 * of "first i value groups approved, groups i..j-1 reviewed, the rest declined" is three prefix
 * sums, and min over i <= j of it is found in one pass with a running minimum over i (O(n)).
 */
public final class CostPolicy {

  /** A threshold no probability reaches: the band above it is empty. */
  public static final double NEVER = Math.nextUp(1.0);

  /**
   * The costs: {@code reviewCost} per reviewed row, a false decline costs {@code declineFixed +
   * declineShare * amount}, a reviewed fraud is caught with probability {@code reviewCatchRate}.
   */
  public record Costs(
      double reviewCost, double declineFixed, double declineShare, double reviewCatchRate) {
    public Costs {
      nonNegative("reviewCost", reviewCost);
      nonNegative("declineFixed", declineFixed);
      nonNegative("declineShare", declineShare);
      if (!(reviewCatchRate >= 0 && reviewCatchRate <= 1)) {
        throw new IllegalArgumentException(
            "reviewCatchRate must be a probability in [0, 1], was " + reviewCatchRate);
      }
    }

    /** Reviews catch every fraud. */
    public static Costs of(double reviewCost, double declineFixed, double declineShare) {
      return new Costs(reviewCost, declineFixed, declineShare, 1.0);
    }

    double approve(double amount, double fraud) {
      return fraud * amount;
    }

    double review(double amount, double fraud) {
      return reviewCost + missed(amount, fraud);
    }

    /** The expected loss of a reviewed row to frauds the review misses. */
    double missed(double amount, double fraud) {
      return fraud * (1 - reviewCatchRate) * amount;
    }

    double decline(double amount, double fraud) {
      return (1 - fraud) * (declineFixed + declineShare * amount);
    }

    private static void nonNegative(String name, double v) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(name + " must be a finite cost >= 0, was " + v);
      }
    }
  }

  /** What a rule did on the rows and what it cost; thresholds are NaN for the per-row rule. */
  public record Outcome(
      String rule,
      double reviewThreshold,
      double declineThreshold,
      long rows,
      long reviewed,
      long declined,
      long fraudsApproved,
      long fraudsReviewed,
      long legitDeclined,
      double fraudLoss,
      double reviewCost,
      double falseDeclineCost) {
    public double total() {
      return fraudLoss + reviewCost + falseDeclineCost;
    }
  }

  /** The cost-optimal thresholds, the recall-based ones passed in, and the per-row Bayes rule. */
  public record Comparison(Outcome optimal, Outcome alternative, Outcome bayes) {}

  private enum Action {
    APPROVE,
    REVIEW,
    DECLINE
  }

  private final Costs costs;

  public CostPolicy(Costs costs) {
    this.costs = costs;
  }

  public Comparison compare(
      double[] p, double[] amounts, int[] labels, double altReview, double altDecline) {
    return new Comparison(
        optimise(p, amounts, labels),
        evaluate(p, amounts, labels, altReview, altDecline, "alternative"),
        bayes(p, amounts, labels));
  }

  /**
   * The thresholds of least total cost on the rows. Each threshold is the midpoint between the two
   * distinct p it separates (0 when all rows are in the band, {@link #NEVER} when none); among
   * equal costs the higher thresholds win, i.e. fewer interventions.
   */
  public Outcome optimise(double[] p, double[] amounts, int[] labels) {
    check(p, amounts, labels);
    int n = p.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]));
    double[] v = new double[n];
    double[] ca = new double[n + 1]; // prefix sums over value groups of each action's cost
    double[] cr = new double[n + 1];
    double[] cd = new double[n + 1];
    int m = 0;
    for (int k = 0; k < n; m++) {
      v[m] = p[order[k]];
      double a = 0;
      double r = 0;
      double d = 0;
      for (; k < n && p[order[k]] == v[m]; k++) {
        int i = order[k];
        a += costs.approve(amounts[i], labels[i]);
        r += costs.review(amounts[i], labels[i]);
        d += costs.decline(amounts[i], labels[i]);
      }
      ca[m + 1] = ca[m] + a;
      cr[m + 1] = cr[m] + r;
      cd[m + 1] = cd[m] + d;
    }
    // cost(i, j) = ca[i] + (cr[j] - cr[i]) + (cd[m] - cd[j]), for 0 <= i <= j <= m.
    double best = Double.POSITIVE_INFINITY;
    double minOverI = Double.POSITIVE_INFINITY;
    int argI = 0;
    int bestI = 0;
    int bestJ = 0;
    for (int j = 0; j <= m; j++) {
      double candidate = ca[j] - cr[j];
      if (candidate <= minOverI) {
        minOverI = candidate;
        argI = j;
      }
      double cost = minOverI + cr[j] + cd[m] - cd[j];
      if (cost <= best) {
        best = cost;
        bestI = argI;
        bestJ = j;
      }
    }
    return evaluate(
        p, amounts, labels, threshold(v, m, bestI), threshold(v, m, bestJ), "cost-optimal");
  }

  /** The cost of thresholds fixed elsewhere, e.g. from recall targets. */
  public Outcome evaluate(
      double[] p, double[] amounts, int[] labels, double tReview, double tDecline, String rule) {
    check(p, amounts, labels);
    if (!(tReview <= tDecline)) {
      throw new IllegalArgumentException(
          "review threshold " + tReview + " is above decline threshold " + tDecline);
    }
    Action[] actions = new Action[p.length];
    for (int i = 0; i < p.length; i++) {
      actions[i] =
          p[i] >= tDecline ? Action.DECLINE : p[i] >= tReview ? Action.REVIEW : Action.APPROVE;
    }
    return tally(rule, tReview, tDecline, actions, amounts, labels);
  }

  /**
   * Each row's action of least expected cost given its own p and amount, as if p were exact. Not a
   * threshold rule (it depends on the amount), so it shows what thresholds on p alone give up.
   */
  public Outcome bayes(double[] p, double[] amounts, int[] labels) {
    check(p, amounts, labels);
    Action[] actions = new Action[p.length];
    for (int i = 0; i < p.length; i++) {
      actions[i] = bayesAction(p[i], amounts[i]);
    }
    return tally("bayes per row", Double.NaN, Double.NaN, actions, amounts, labels);
  }

  private Action bayesAction(double p, double amount) {
    double approve = costs.approve(amount, p);
    double review = costs.review(amount, p);
    double decline = costs.decline(amount, p);
    if (approve <= review && approve <= decline) {
      return Action.APPROVE;
    }
    return review <= decline ? Action.REVIEW : Action.DECLINE;
  }

  private Outcome tally(
      String rule, double tr, double td, Action[] actions, double[] amounts, int[] labels) {
    long reviewed = 0;
    long declined = 0;
    long fraudsApproved = 0;
    long fraudsReviewed = 0;
    long legitDeclined = 0;
    double loss = 0;
    double review = 0;
    double decline = 0;
    for (int i = 0; i < actions.length; i++) {
      double a = amounts[i];
      int y = labels[i];
      switch (actions[i]) {
        case APPROVE -> {
          fraudsApproved += y;
          loss += costs.approve(a, y);
        }
        case REVIEW -> {
          reviewed++;
          fraudsReviewed += y;
          review += costs.reviewCost();
          loss += costs.missed(a, y);
        }
        case DECLINE -> {
          declined++;
          legitDeclined += 1 - y;
          decline += costs.decline(a, y);
        }
      }
    }
    return new Outcome(
        rule,
        tr,
        td,
        actions.length,
        reviewed,
        declined,
        fraudsApproved,
        fraudsReviewed,
        legitDeclined,
        loss,
        review,
        decline);
  }

  // The threshold putting value groups i.. above it: between v[i-1] and v[i].
  private static double threshold(double[] v, int m, int i) {
    if (i == 0) {
      return 0;
    }
    if (i == m) {
      return NEVER;
    }
    double mid = (v[i - 1] + v[i]) / 2;
    return mid > v[i - 1] ? mid : v[i]; // adjacent doubles: the midpoint rounds onto v[i-1]
  }

  private static void check(double[] p, double[] amounts, int[] labels) {
    Checks.probabilities(p, labels, null);
    if (amounts.length != p.length) {
      throw new IllegalArgumentException(
          "amounts and probabilities differ in length: " + amounts.length + " vs " + p.length);
    }
    for (int i = 0; i < amounts.length; i++) {
      if (!(amounts[i] >= 0) || Double.isInfinite(amounts[i])) {
        throw new IllegalArgumentException(
            "amount " + i + " must be finite and >= 0, was " + amounts[i]);
      }
    }
  }
}
