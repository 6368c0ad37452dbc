package io.cardstream.streaming;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.tree.CategoricalSplit;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.tree.Split;

/**
 * Tree-path attribution of a gradient-boosted model's margin (Saabas): walking each tree from the
 * root to the row's leaf, every split adds the change of the node value it causes to the split's
 * feature, times the tree's weight. The root values, weighted, are the bias; bias plus all
 * contributions is the margin exactly ({@code rawPrediction[1]}; the fraud probability is {@code 1
 * / (1 + exp(-2 margin))}). The trees are copied into flat arrays once per model, so scoring a row
 * walks a few hundred array cells and allocates nothing but the result.
 */
final class Explainer implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One feature's share of a row's margin. */
  record Contribution(String feature, double contribution) implements Serializable {}

  private final String[] names;
  private final double[] weights;
  // Per tree, per node: split feature (-1: leaf), threshold, left categories (categorical
  // splits, else null), children, and the node's value.
  private final int[][] feature;
  private final double[][] threshold;
  private final double[][][] leftCategories;
  private final int[][] left;
  private final int[][] right;
  private final double[][] value;

  private Explainer(GBTClassificationModel m, List<String> featureNames) {
    DecisionTreeRegressionModel[] trees = m.trees();
    names = featureNames.toArray(String[]::new);
    weights = m.treeWeights().clone();
    feature = new int[trees.length][];
    threshold = new double[trees.length][];
    leftCategories = new double[trees.length][][];
    left = new int[trees.length][];
    right = new int[trees.length][];
    value = new double[trees.length][];
    for (int t = 0; t < trees.length; t++) {
      int n = trees[t].numNodes();
      feature[t] = new int[n];
      threshold[t] = new double[n];
      leftCategories[t] = new double[n][];
      left[t] = new int[n];
      right[t] = new int[n];
      value[t] = new double[n];
      copy(t, trees[t].rootNode(), new int[] {0});
    }
  }

  /** The explainer of a pipeline whose last stage is a GBT; null for any other model. */
  static Explainer of(PipelineModel model, List<String> featureNames) {
    Transformer last = model.stages()[model.stages().length - 1];
    return last instanceof GBTClassificationModel g ? new Explainer(g, featureNames) : null;
  }

  /** Copies a subtree in pre-order; returns its root's index. */
  private int copy(int t, Node node, int[] next) {
    int id = next[0]++;
    value[t][id] = node.prediction();
    if (node instanceof InternalNode in) {
      Split s = in.split();
      feature[t][id] = s.featureIndex();
      if (s instanceof ContinuousSplit c) {
        threshold[t][id] = c.threshold();
      } else {
        double[] cats = ((CategoricalSplit) s).leftCategories().clone();
        Arrays.sort(cats);
        leftCategories[t][id] = cats;
      }
      left[t][id] = copy(t, in.leftChild(), next);
      right[t][id] = copy(t, in.rightChild(), next);
    } else {
      feature[t][id] = -1;
    }
    return id;
  }

  /** The weighted root values: the margin of a row about which the trees know nothing. */
  double bias() {
    double b = 0;
    for (int t = 0; t < weights.length; t++) {
      b += weights[t] * value[t][0];
    }
    return b;
  }

  /** Each feature's contribution to the margin of the row x (in the model's vector order). */
  double[] contributions(double[] x) {
    double[] c = new double[names.length];
    for (int t = 0; t < weights.length; t++) {
      int node = 0;
      while (feature[t][node] >= 0) {
        int f = feature[t][node];
        int child = goesLeft(t, node, x[f]) ? left[t][node] : right[t][node];
        c[f] += weights[t] * (value[t][child] - value[t][node]);
        node = child;
      }
    }
    return c;
  }

  private boolean goesLeft(int t, int node, double v) {
    double[] cats = leftCategories[t][node];
    return cats == null ? v <= threshold[t][node] : Arrays.binarySearch(cats, v) >= 0;
  }

  /** The {@code n} features that pushed the row's score up the most, largest first. */
  List<Contribution> top(double[] x, int n) {
    double[] c = contributions(x);
    Integer[] order = new Integer[c.length];
    for (int i = 0; i < c.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -c[i]));
    List<Contribution> top = new ArrayList<>(n);
    for (int i = 0; i < Math.min(n, order.length); i++) {
      top.add(new Contribution(names[order[i]], c[order[i]]));
    }
    return top;
  }
}
