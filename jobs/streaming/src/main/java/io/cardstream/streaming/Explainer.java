package io.cardstream.streaming;

import io.cardstream.common.explain.ShapTree;
import io.cardstream.common.explain.TreeShap;
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
 * Exact Shapley values of a gradient-boosted model's margin ({@link TreeShap}, path-dependent
 * TreeSHAP): each feature's contribution is its average marginal effect over all coalitions of the
 * other features, the trees' training covers standing in for the features left out. The expected
 * margin (the bias) plus all contributions is the margin exactly ({@code rawPrediction[1]}; the raw
 * probability is {@code 1 / (1 + exp(-2 margin))}). Unlike path attribution (Saabas), the credit
 * does not depend on the order of the splits, and a feature the model relies on more never gets
 * less. The trees are copied into flat arrays once per model.
 *
 * <p>The covers are Spark's {@code impurityStats().count()} (the weighted rows that reached a
 * node), which a saved model keeps: {@code private[ml]} in Scala, public in bytecode, so a Spark
 * upgrade may move it (ExplainerTest pins it against the model's own margin).
 */
final class Explainer implements Serializable {

  private static final long serialVersionUID = 2L;

  /** One feature's share of a row's margin. */
  record Contribution(String feature, double contribution) implements Serializable {}

  private final String[] names;
  private final TreeShap shap;

  private Explainer(GBTClassificationModel m, List<String> featureNames) {
    names = featureNames.toArray(String[]::new);
    List<ShapTree> trees = new ArrayList<>();
    for (DecisionTreeRegressionModel tree : m.trees()) {
      trees.add(new Copy(tree.numNodes()).of(tree.rootNode()));
    }
    shap = TreeShap.of(names.length, trees, m.treeWeights());
  }

  /** The explainer of a pipeline whose last stage is a GBT; null for any other model. */
  static Explainer of(PipelineModel model, List<String> featureNames) {
    Transformer last = model.stages()[model.stages().length - 1];
    return last instanceof GBTClassificationModel g ? new Explainer(g, featureNames) : null;
  }

  /** One tree copied in pre-order (children after their parent) into a TreeShap tree. */
  private static final class Copy {
    private final ShapTree.Builder tree;
    private int next;

    Copy(int nodes) {
      tree = new ShapTree.Builder(nodes);
    }

    ShapTree of(Node root) {
      copy(root);
      return tree.build();
    }

    /** Copies a subtree; returns its root's index. */
    private int copy(Node node) {
      int id = next++;
      tree.node(id, node.prediction(), node.impurityStats().count());
      if (node instanceof InternalNode in) {
        Split s = in.split();
        int left = copy(in.leftChild());
        int right = copy(in.rightChild());
        if (s instanceof ContinuousSplit c) {
          tree.split(id, s.featureIndex(), c.threshold(), left, right);
        } else {
          tree.categoricalSplit(
              id, s.featureIndex(), ((CategoricalSplit) s).leftCategories(), left, right);
        }
      }
      return id;
    }
  }

  /** The expected margin over the training rows: the margin of a row the trees know nothing of. */
  double bias() {
    return shap.expectedValue();
  }

  /** The model's margin for the row x (vector order): {@code rawPrediction[1]}. */
  double margin(double[] x) {
    return shap.margin(x);
  }

  /** Each feature's exact Shapley contribution to the margin of the row x (vector order). */
  double[] contributions(double[] x) {
    return shap.shapValues(x);
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
