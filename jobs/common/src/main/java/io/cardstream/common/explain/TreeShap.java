package io.cardstream.common.explain;

import java.io.Serializable;
import java.util.List;

/**
 * Exact TreeSHAP (Lundberg, Erion &amp; Lee 2018, Algorithm 2) for a weighted ensemble of binary
 * trees, with the path-dependent value function that {@code shap}'s TreeExplainer uses by default:
 * for a coalition S of features, v(S) walks each tree, following the row at splits on features in S
 * and averaging both children, weighted by their training cover, at the others. The Shapley values
 * of v are computed in O(L D^2) per tree (L leaves, depth D) instead of O(2^M): one walk down the
 * tree carries, per subset size, the weight of the subsets that reach the current node, and extends
 * it at each split (EXTEND) or takes a feature back out of it (UNWIND).
 *
 * <p>{@link #expectedValue()} plus the sum of {@link #shapValues(double[])} is {@link
 * #margin(double[])} up to rounding. Instances are immutable and thread-safe; a call allocates its
 * result and one path buffer, reused for every tree.
 */
public final class TreeShap implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int numFeatures;
  private final ShapTree[] trees;
  private final double[] weights;
  private final double expectedValue;
  // Path cells the deepest tree needs: each level copies its parent's path (at most D + 1 long).
  private final int pathCells;

  private TreeShap(int numFeatures, ShapTree[] trees, double[] weights) {
    this.numFeatures = numFeatures;
    this.trees = trees;
    this.weights = weights;
    double e = 0;
    int maxDepth = 0;
    for (int t = 0; t < trees.length; t++) {
      e += weights[t] * trees[t].expectation(0);
      maxDepth = Math.max(maxDepth, trees[t].depth);
    }
    this.expectedValue = e;
    this.pathCells = (maxDepth + 1) * (maxDepth + 2) / 2;
  }

  /**
   * The explainer of the ensemble whose margin is {@code sum_t treeWeights[t] * leafValue_t(x)}.
   *
   * @param numFeatures length of the rows and of the returned contributions; every split feature
   *     must be below it
   */
  public static TreeShap of(int numFeatures, List<ShapTree> trees, double[] treeWeights) {
    if (numFeatures < 0) {
      throw new IllegalArgumentException("numFeatures < 0: " + numFeatures);
    }
    if (trees.size() != treeWeights.length) {
      throw new IllegalArgumentException(
          trees.size() + " trees but " + treeWeights.length + " tree weights");
    }
    ShapTree[] ts = trees.toArray(new ShapTree[0]);
    for (int t = 0; t < ts.length; t++) {
      if (!Double.isFinite(treeWeights[t])) {
        throw new IllegalArgumentException("tree " + t + ": weight " + treeWeights[t]);
      }
      for (int f : ts[t].feature) {
        if (f >= numFeatures) {
          throw new IllegalArgumentException(
              "tree " + t + " splits on feature " + f + " of " + numFeatures);
        }
      }
    }
    return new TreeShap(numFeatures, ts, treeWeights.clone());
  }

  public int numFeatures() {
    return numFeatures;
  }

  /** The margin expected over the training rows: trees' cover-weighted mean leaf values. */
  public double expectedValue() {
    return expectedValue;
  }

  /** The model's margin for the row x. */
  public double margin(double[] x) {
    checkRow(x);
    double m = 0;
    for (int t = 0; t < trees.length; t++) {
      ShapTree tree = trees[t];
      m += weights[t] * tree.value[tree.leaf(x)];
    }
    return m;
  }

  /** Each feature's exact Shapley contribution to the margin of the row x. */
  public double[] shapValues(double[] x) {
    checkRow(x);
    double[] phi = new double[numFeatures];
    ShapPath path = new ShapPath(pathCells);
    for (int t = 0; t < trees.length; t++) {
      // A single leaf is its own expectation: it contributes nothing to any feature.
      if (trees[t].feature[0] >= 0 && weights[t] != 0) {
        trees[t].shap(x, weights[t], phi, path, 0, 0, 0, 1, 1, -1);
      }
    }
    return phi;
  }

  private void checkRow(double[] x) {
    if (x.length < numFeatures) {
      throw new IllegalArgumentException(
          "row has " + x.length + " of " + numFeatures + " features");
    }
  }
}
