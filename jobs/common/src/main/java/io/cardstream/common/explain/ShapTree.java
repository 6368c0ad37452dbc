package io.cardstream.common.explain;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One tree of a {@link TreeShap} ensemble as flat arrays indexed by node id, root 0, children after
 * their parent (Spark's pre-order numbering qualifies). Immutable: {@link #of} copies its
 * arguments.
 */
public final class ShapTree implements Serializable {

  private static final long serialVersionUID = 1L;

  final int[] feature;
  private final double[] threshold;
  private final double[][] leftCategories;
  private final int[] left;
  private final int[] right;
  final double[] value;
  private final double[] cover;
  // Set once, by checked(), before the tree is handed out.
  int depth;

  /** A tree of n nodes, all zero: {@link #of} or a {@link Builder} fills it, then checks it. */
  private ShapTree(int n) {
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
   * @param leftCategories per node, the category values sent left by a categorical split, null for
   *     a continuous split or a leaf; the whole array may be null if no split is categorical
   * @param left left child per internal node
   * @param right right child per internal node
   * @param value the node's prediction; only the leaves' are used
   * @param cover training rows (or their weight) that reached the node; an internal node's children
   *     must not both have zero cover
   */
  public static ShapTree of(
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
    ShapTree t = new ShapTree(n);
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
  private ShapTree checked() {
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
   * Fills a tree node by node, for a copy of another library's tree: every node gets {@link #node},
   * a split also {@link #split} or {@link #categoricalSplit}, with the arguments {@link
   * ShapTree#of} takes per node. {@link #build} checks it as {@code of} does.
   */
  public static final class Builder {
    private ShapTree tree;

    /** A tree of {@code nodes} nodes, root 0, children after their parent. */
    public Builder(int nodes) {
      if (nodes == 0) {
        throw new IllegalArgumentException("a tree needs at least one node");
      }
      tree = new ShapTree(nodes);
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
    public ShapTree build() {
      ShapTree t = open();
      tree = null;
      return t.checked();
    }

    private ShapTree children(int id, int feature, int left, int right) {
      open().feature[id] = feature;
      tree.left[id] = left;
      tree.right[id] = right;
      return tree;
    }

    private ShapTree open() {
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

  int leaf(double[] x) {
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
  double expectation(int node) {
    if (feature[node] < 0) {
      return value[node];
    }
    double l = cover[left[node]];
    double r = cover[right[node]];
    return (l * expectation(left[node]) + r * expectation(right[node])) / (l + r);
  }

  /**
   * Algorithm 2's RECURSE. The path of the parent lies at [parentStart, parentStart + depth); this
   * node's copy of it, extended by the split that led here (feature pFeature, taken by a pZero
   * share of the rows and by the row itself iff pOne is 1), goes right after, so the parent's path
   * is still intact for its other child.
   */
  void shap(
      double[] x,
      double scale,
      double[] phi,
      ShapPath p,
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
