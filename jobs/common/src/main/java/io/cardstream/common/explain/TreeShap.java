package io.cardstream.common.explain;

import java.io.Serializable;
import java.util.Arrays;
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
  private final Tree[] trees;
  private final double[] weights;
  private final double expectedValue;
  // Path cells the deepest tree needs: each level copies its parent's path (at most D + 1 long).
  private final int pathCells;

  private TreeShap(int numFeatures, Tree[] trees, double[] weights) {
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
  public static TreeShap of(int numFeatures, List<Tree> trees, double[] treeWeights) {
    if (numFeatures < 0) {
      throw new IllegalArgumentException("numFeatures < 0: " + numFeatures);
    }
    if (trees.size() != treeWeights.length) {
      throw new IllegalArgumentException(
          trees.size() + " trees but " + treeWeights.length + " tree weights");
    }
    Tree[] ts = trees.toArray(new Tree[0]);
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
      Tree tree = trees[t];
      m += weights[t] * tree.value[tree.leaf(x)];
    }
    return m;
  }

  /** Each feature's exact Shapley contribution to the margin of the row x. */
  public double[] shapValues(double[] x) {
    checkRow(x);
    double[] phi = new double[numFeatures];
    Path path = new Path(pathCells);
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

  /**
   * One tree as flat arrays indexed by node id, root 0, children after their parent (Spark's
   * pre-order numbering qualifies). Immutable: {@link #of} copies its arguments.
   */
  public static final class Tree implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] feature;
    private final double[] threshold;
    private final double[][] leftCategories;
    private final int[] left;
    private final int[] right;
    private final double[] value;
    private final double[] cover;
    // Set once, by checked(), before the tree is handed out.
    private int depth;

    /** A tree of n nodes, all zero: {@link #of} or a {@link Builder} fills it, then checks it. */
    private Tree(int n) {
      feature = new int[n];
      threshold = new double[n];
      leftCategories = new double[n][];
      left = new int[n];
      right = new int[n];
      value = new double[n];
      cover = new double[n];
    }

    /**
     * A tree from its node arrays.
     *
     * @param feature split feature per node, -1 for a leaf
     * @param threshold continuous splits send x to the left when {@code x[feature] <= threshold}
     * @param leftCategories per node, the category values sent left by a categorical split, null
     *     for a continuous split or a leaf; the whole array may be null if no split is categorical
     * @param left left child per internal node
     * @param right right child per internal node
     * @param value the node's prediction; only the leaves' are used
     * @param cover training rows (or their weight) that reached the node; an internal node's
     *     children must not both have zero cover
     */
    public static Tree of(
        int[] feature,
        double[] threshold,
        double[][] leftCategories,
        int[] left,
        int[] right,
        double[] value,
        double[] cover) {
      int n = feature.length;
      if (n == 0) {
        throw new IllegalArgumentException("a tree needs at least one node");
      }
      if (threshold.length != n
          || (leftCategories != null && leftCategories.length != n)
          || left.length != n
          || right.length != n
          || value.length != n
          || cover.length != n) {
        throw new IllegalArgumentException("node arrays differ in length");
      }
      Tree t = new Tree(n);
      System.arraycopy(feature, 0, t.feature, 0, n);
      System.arraycopy(threshold, 0, t.threshold, 0, n);
      System.arraycopy(left, 0, t.left, 0, n);
      System.arraycopy(right, 0, t.right, 0, n);
      System.arraycopy(value, 0, t.value, 0, n);
      System.arraycopy(cover, 0, t.cover, 0, n);
      if (leftCategories != null) {
        for (int i = 0; i < n; i++) {
          if (leftCategories[i] != null && feature[i] >= 0) {
            t.sendLeft(i, leftCategories[i]);
          }
        }
      }
      return t.checked();
    }

    /** Copies and sorts a categorical split's left categories: goesLeft binary-searches them. */
    private void sendLeft(int node, double[] categories) {
      leftCategories[node] = categories.clone();
      Arrays.sort(leftCategories[node]);
    }

    /** Validates the filled arrays (see {@link #of}) and sets the depth; returns this tree. */
    private Tree checked() {
      boolean[] seen = new boolean[feature.length];
      depth = validate(0, seen);
      for (int i = 0; i < seen.length; i++) {
        if (!seen[i]) {
          throw new IllegalArgumentException("node " + i + " is not reachable from the root");
        }
      }
      return this;
    }

    /**
     * Fills a tree node by node, for a copy of another library's tree: every node gets {@link
     * #node}, a split also {@link #split} or {@link #categoricalSplit}, with the arguments {@link
     * Tree#of} takes per node. {@link #build} checks it as {@code of} does.
     */
    public static final class Builder {
      private Tree tree;

      /** A tree of {@code nodes} nodes, root 0, children after their parent. */
      public Builder(int nodes) {
        if (nodes == 0) {
          throw new IllegalArgumentException("a tree needs at least one node");
        }
        tree = new Tree(nodes);
      }

      /** Node {@code id}'s prediction and cover; a leaf unless a split follows. */
      public Builder node(int id, double value, double cover) {
        open().value[id] = value;
        tree.cover[id] = cover;
        tree.feature[id] = -1;
        return this;
      }

      /** Node {@code id} sends x left when {@code x[feature] <= threshold}. */
      public Builder split(int id, int feature, double threshold, int left, int right) {
        children(id, feature, left, right).threshold[id] = threshold;
        return this;
      }

      /** Node {@code id} sends x left when {@code x[feature]} is one of {@code leftCategories}. */
      public Builder categoricalSplit(
          int id, int feature, double[] leftCategories, int left, int right) {
        children(id, feature, left, right).sendLeft(id, leftCategories);
        return this;
      }

      /** The tree, checked; the builder is done with. */
      public Tree build() {
        Tree t = open();
        tree = null;
        return t.checked();
      }

      private Tree children(int id, int feature, int left, int right) {
        open().feature[id] = feature;
        tree.left[id] = left;
        tree.right[id] = right;
        return tree;
      }

      private Tree open() {
        if (tree == null) {
          throw new IllegalStateException("the tree is built");
        }
        return tree;
      }
    }

    public int numNodes() {
      return feature.length;
    }

    /** Edges on the longest root-to-leaf path; 0 for a single leaf. */
    public int depth() {
      return depth;
    }

    /** Checks the subtree at node; returns its depth. */
    private int validate(int node, boolean[] seen) {
      if (seen[node]) {
        throw new IllegalArgumentException("node " + node + " has two parents");
      }
      seen[node] = true;
      if (!(cover[node] >= 0) || cover[node] == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException("node " + node + ": cover " + cover[node]);
      }
      if (feature[node] < 0) {
        if (!Double.isFinite(value[node])) {
          throw new IllegalArgumentException("leaf " + node + ": value " + value[node]);
        }
        return 0;
      }
      int l = left[node];
      int r = right[node];
      // Children after the parent: rules out cycles, so the recursion ends.
      if (l <= node || r <= node || l == r || l >= feature.length || r >= feature.length) {
        throw new IllegalArgumentException("node " + node + ": children " + l + ", " + r);
      }
      if (leftCategories[node] == null && Double.isNaN(threshold[node])) {
        throw new IllegalArgumentException("node " + node + ": NaN threshold");
      }
      if (!(cover[l] + cover[r] > 0)) {
        throw new IllegalArgumentException("node " + node + ": children without cover");
      }
      return 1 + Math.max(validate(l, seen), validate(r, seen));
    }

    private boolean goesLeft(int node, double v) {
      double[] cats = leftCategories[node];
      return cats == null ? v <= threshold[node] : Arrays.binarySearch(cats, v) >= 0;
    }

    private int leaf(double[] x) {
      int node = 0;
      while (feature[node] >= 0) {
        node = goesLeft(node, x[feature[node]]) ? left[node] : right[node];
      }
      return node;
    }

    /**
     * The cover-weighted mean of the leaves under node. Children are weighted by their share of the
     * children's total cover rather than of the node's own, so that the expectation and the SHAP
     * values use the same probabilities even if a model's covers do not add up exactly.
     */
    private double expectation(int node) {
      if (feature[node] < 0) {
        return value[node];
      }
      double l = cover[left[node]];
      double r = cover[right[node]];
      return (l * expectation(left[node]) + r * expectation(right[node])) / (l + r);
    }

    /**
     * Algorithm 2's RECURSE. The path of the parent lies at [parentStart, parentStart + depth);
     * this node's copy of it, extended by the split that led here (feature pFeature, taken by a
     * pZero share of the rows and by the row itself iff pOne is 1), goes right after, so the
     * parent's path is still intact for its other child.
     */
    private void shap(
        double[] x,
        double scale,
        double[] phi,
        Path p,
        int node,
        int parentStart,
        int depth,
        double pZero,
        double pOne,
        int pFeature) {
      int s = parentStart + depth;
      p.copy(parentStart, s, depth);
      p.extend(s, depth, pZero, pOne, pFeature);
      int f = feature[node];
      if (f < 0) {
        double v = scale * value[node];
        // Element 0 is the root's placeholder, not a feature.
        for (int i = 1; i <= depth; i++) {
          double w = p.unwoundSum(s, depth, i);
          phi[p.feature[s + i]] += w * (p.one[s + i] - p.zero[s + i]) * v;
        }
        return;
      }
      boolean goLeft = goesLeft(node, x[f]);
      int hot = goLeft ? left[node] : right[node];
      int cold = goLeft ? right[node] : left[node];
      double total = cover[left[node]] + cover[right[node]];
      double inZero = 1;
      double inOne = 1;
      int d = depth;
      // The players are features, not splits: a feature split on higher up is taken off the path
      // and its fractions carried into this split's, so that it appears on the path only once.
      for (int i = 1; i <= d; i++) {
        if (p.feature[s + i] == f) {
          inZero = p.zero[s + i];
          inOne = p.one[s + i];
          p.unwind(s, d, i);
          d--;
          break;
        }
      }
      double hotZero = cover[hot] / total * inZero;
      double coldZero = cover[cold] / total * inZero;
      // A child that neither the row nor any training row reaches adds exactly nothing, and
      // skipping it keeps UNWIND from dividing by a zero fraction further down.
      if (hotZero != 0 || inOne != 0) {
        shap(x, scale, phi, p, hot, s, d + 1, hotZero, inOne, f);
      }
      if (coldZero != 0) {
        shap(x, scale, phi, p, cold, s, d + 1, coldZero, 0, f);
      }
    }
  }

  /**
   * The paths of one walk, in struct-of-arrays form. Per element: the feature, the share of
   * training rows that pass its splits (zero), whether the row does (one), and, by subset size
   * rather than by element, the weight of the coalitions of that size.
   */
  private static final class Path {
    final int[] feature;
    final double[] zero;
    final double[] one;
    final double[] weight;

    Path(int cells) {
      feature = new int[cells];
      zero = new double[cells];
      one = new double[cells];
      weight = new double[cells];
    }

    void copy(int from, int to, int n) {
      System.arraycopy(feature, from, feature, to, n);
      System.arraycopy(zero, from, zero, to, n);
      System.arraycopy(one, from, one, to, n);
      System.arraycopy(weight, from, weight, to, n);
    }

    /** EXTEND: appends element d to the path at s, growing every subset by it or not. */
    void extend(int s, int d, double z, double o, int f) {
      feature[s + d] = f;
      zero[s + d] = z;
      one[s + d] = o;
      weight[s + d] = d == 0 ? 1 : 0;
      for (int i = d - 1; i >= 0; i--) {
        weight[s + i + 1] += o * weight[s + i] * (i + 1) / (d + 1);
        weight[s + i] = z * weight[s + i] * (d - i) / (d + 1);
      }
    }

    /** UNWIND: removes element k from the path at s of length d + 1 (inverts its EXTEND). */
    void unwind(int s, int d, int k) {
      double o = one[s + k];
      double z = zero[s + k];
      double next = weight[s + d];
      for (int i = d - 1; i >= 0; i--) {
        if (o != 0) {
          double w = weight[s + i];
          weight[s + i] = next * (d + 1) / ((i + 1) * o);
          next = w - weight[s + i] * z * (d - i) / (d + 1);
        } else {
          weight[s + i] = weight[s + i] * (d + 1) / (z * (d - i));
        }
      }
      for (int i = k; i < d; i++) {
        feature[s + i] = feature[s + i + 1];
        zero[s + i] = zero[s + i + 1];
        one[s + i] = one[s + i + 1];
      }
    }

    /** The total weight the path would have without element k, without changing it. */
    double unwoundSum(int s, int d, int k) {
      double o = one[s + k];
      double z = zero[s + k];
      double total = 0;
      if (o != 0) {
        double next = weight[s + d];
        for (int i = d - 1; i >= 0; i--) {
          double w = next * (d + 1) / ((i + 1) * o);
          total += w;
          next = weight[s + i] - w * z * (d - i) / (d + 1);
        }
      } else {
        for (int i = d - 1; i >= 0; i--) {
          total += weight[s + i] * (d + 1) / (z * (d - i));
        }
      }
      return total;
    }
  }
}
