package io.cardstream.common.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeShapTest {

  private static final double EPS = 1e-9;

  // ---------------------------------------------------------------------------------------------
  // Trees as the tests write them: nested nodes, flattened to TreeShap's arrays in pre-order. The
  // brute force below reads these nested nodes, never TreeShap's arrays.

  sealed interface Node permits Leaf, Split {
    double cover();
  }

  record Leaf(double value, double cover) implements Node {}

  /** A split; categories == null: continuous ({@code x[feature] <= threshold} goes left). */
  record Split(int feature, double threshold, double[] categories, Node left, Node right)
      implements Node {
    @Override
    public double cover() {
      return left.cover() + right.cover();
    }

    boolean goesLeft(double v) {
      return categories == null ? v <= threshold : Arrays.stream(categories).anyMatch(c -> c == v);
    }
  }

  static Split split(int feature, double threshold, Node left, Node right) {
    return new Split(feature, threshold, null, left, right);
  }

  static Split categorical(int feature, double[] categories, Node left, Node right) {
    return new Split(feature, Double.NaN, categories, left, right);
  }

  static Leaf leaf(double value, double cover) {
    return new Leaf(value, cover);
  }

  record Model(int numFeatures, List<Node> trees, double[] weights) {
    TreeShap explainer() {
      List<ShapTree> ts = new ArrayList<>();
      for (Node root : trees) {
        ts.add(flatten(root));
      }
      return TreeShap.of(numFeatures, ts, weights);
    }
  }

  static Model model(int numFeatures, Node... trees) {
    double[] w = new double[trees.length];
    Arrays.fill(w, 1.0);
    return new Model(numFeatures, List.of(trees), w);
  }

  static ShapTree flatten(Node root) {
    List<Node> order = new ArrayList<>();
    preOrder(root, order);
    int n = order.size();
    int[] feature = new int[n];
    double[] threshold = new double[n];
    double[][] cats = new double[n][];
    int[] left = new int[n];
    int[] right = new int[n];
    double[] value = new double[n];
    double[] cover = new double[n];
    for (int i = 0; i < n; i++) {
      Node node = order.get(i);
      cover[i] = node.cover();
      if (node instanceof Split s) {
        feature[i] = s.feature();
        threshold[i] = s.threshold();
        cats[i] = s.categories();
        left[i] = indexOf(order, s.left());
        right[i] = indexOf(order, s.right());
        value[i] = expectation(s);
      } else {
        feature[i] = -1;
        left[i] = -1;
        right[i] = -1;
        value[i] = ((Leaf) node).value();
      }
    }
    return ShapTree.of(feature, threshold, cats, left, right, value, cover);
  }

  private static void preOrder(Node node, List<Node> out) {
    out.add(node);
    if (node instanceof Split s) {
      preOrder(s.left(), out);
      preOrder(s.right(), out);
    }
  }

  private static int indexOf(List<Node> order, Node node) {
    for (int i = 0; i < order.size(); i++) {
      if (order.get(i) == node) {
        return i;
      }
    }
    throw new AssertionError();
  }

  // ---------------------------------------------------------------------------------------------
  // Brute force: exact Shapley values by enumerating all 2^M coalitions.

  /**
   * The path-dependent value of coalition S (a bit mask) for one tree: at a split on a feature in S
   * follow the row, otherwise average both children weighted by their cover.
   */
  static double value(Node node, double[] x, int coalition) {
    if (node instanceof Leaf l) {
      return l.value();
    }
    Split s = (Split) node;
    if ((coalition & (1 << s.feature())) != 0) {
      return value(s.goesLeft(x[s.feature()]) ? s.left() : s.right(), x, coalition);
    }
    double cl = s.left().cover();
    double cr = s.right().cover();
    return (cl * value(s.left(), x, coalition) + cr * value(s.right(), x, coalition)) / (cl + cr);
  }

  static double expectation(Node node) {
    return value(node, new double[0], 0);
  }

  static double value(Model m, double[] x, int coalition) {
    double v = 0;
    for (int t = 0; t < m.trees().size(); t++) {
      v += m.weights()[t] * value(m.trees().get(t), x, coalition);
    }
    return v;
  }

  /** phi_i = sum over S not containing i of |S|! (M - |S| - 1)! / M! (v(S + i) - v(S)). */
  static double[] bruteForce(Model m, double[] x) {
    int n = m.numFeatures();
    double[] v = new double[1 << n];
    for (int s = 0; s < v.length; s++) {
      v[s] = value(m, x, s);
    }
    double[] fact = new double[n + 1];
    fact[0] = 1;
    for (int i = 1; i <= n; i++) {
      fact[i] = fact[i - 1] * i;
    }
    double[] phi = new double[n];
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < v.length; s++) {
        if ((s & (1 << i)) == 0) {
          int size = Integer.bitCount(s);
          phi[i] += fact[size] * fact[n - size - 1] / fact[n] * (v[s | (1 << i)] - v[s]);
        }
      }
    }
    return phi;
  }

  static double margin(Model m, double[] x) {
    return value(m, x, (1 << m.numFeatures()) - 1);
  }

  // ---------------------------------------------------------------------------------------------
  // (c) Known cases, computed by hand.

  /**
   * A depth-2 tree on two features, values by leaf, covers in parentheses:
   *
   * <pre>
   *   x0 <= 0.5 (100)
   *   |- x1 <= 0.5 (60):  10 (20) | 20 (40)
   *   `- x1 <= 0.5 (40):  30 (30) | 50 (10)
   * </pre>
   *
   * E = (10*20 + 20*40 + 30*30 + 50*10) / 100 = 24. For x = (0, 1) the tree outputs 20, and
   *
   * <pre>
   *   v{}    = 24
   *   v{0}   = (10*20 + 20*40) / 60  = 50/3    (follow x0 left, average the x1 split)
   *   v{1}   = 0.6 * 20 + 0.4 * 50   = 32      (average the root, follow x1 right twice)
   *   v{0,1} = 20
   *   phi0 = ((v{0} - v{}) + (v{0,1} - v{1})) / 2 = (-22/3 - 12) / 2 = -29/3
   *   phi1 = ((v{1} - v{}) + (v{0,1} - v{0})) / 2 = (8 + 10/3) / 2   =  17/3
   * </pre>
   *
   * and 24 - 29/3 + 17/3 = 20.
   */
  static final Node TEXTBOOK =
      split(
          0,
          0.5,
          split(1, 0.5, leaf(10, 20), leaf(20, 40)),
          split(1, 0.5, leaf(30, 30), leaf(50, 10)));

  @Test
  void depthTwoTreeHasTheValuesComputedByHand() {
    Model m = model(2, TEXTBOOK);
    TreeShap shap = m.explainer();
    double[] x = {0, 1};

    assertThat(shap.expectedValue()).isCloseTo(24, within(1e-12));
    assertThat(shap.margin(x)).isEqualTo(20);
    assertThat(shap.shapValues(x))
        .containsExactly(new double[] {-29.0 / 3, 17.0 / 3}, within(1e-12));
    // The brute force agrees, which vouches for it in the random tests.
    assertThat(bruteForce(m, x)).containsExactly(new double[] {-29.0 / 3, 17.0 / 3}, within(1e-12));
  }

  @Test
  void treeWeightsScaleExpectationMarginAndValues() {
    Model m = new Model(2, List.of(TEXTBOOK, TEXTBOOK), new double[] {0.5, 0.25});
    TreeShap shap = m.explainer();
    double[] x = {0, 1};

    assertThat(shap.expectedValue()).isCloseTo(18, within(1e-12));
    assertThat(shap.margin(x)).isCloseTo(15, within(1e-12));
    assertThat(shap.shapValues(x))
        .containsExactly(new double[] {-29.0 / 4, 17.0 / 4}, within(1e-12));
  }

  /**
   * x0 splits twice on one path, so the second split must unwind the first:
   *
   * <pre>
   *   x0 <= 0.5 (100)
   *   |- x1 <= 0.5 (60)
   *   |  |- x0 <= 0.2 (30):  1 (10) | 2 (20)
   *   |  `- 3 (30)
   *   `- 4 (40)
   * </pre>
   *
   * E = (10 + 40 + 90 + 160) / 100 = 3. For x = (0.1, 0.3) the tree outputs 1, and
   *
   * <pre>
   *   v{0}   = 0.5 * 1 + 0.5 * 3                      = 2
   *   v{1}   = 0.6 * (10*1 + 20*2) / 30 + 0.4 * 4     = 2.6
   *   phi0 = ((2 - 3) + (1 - 2.6)) / 2 = -1.3
   *   phi1 = ((2.6 - 3) + (1 - 2)) / 2 = -0.7
   * </pre>
   */
  @Test
  void featureRepeatedOnAPathIsUnwound() {
    Node tree =
        split(
            0,
            0.5,
            split(1, 0.5, split(0, 0.2, leaf(1, 10), leaf(2, 20)), leaf(3, 30)),
            leaf(4, 40));
    Model m = model(2, tree);
    TreeShap shap = m.explainer();
    double[] x = {0.1, 0.3};

    assertThat(shap.expectedValue()).isCloseTo(3, within(1e-12));
    assertThat(shap.shapValues(x)).containsExactly(new double[] {-1.3, -0.7}, within(1e-12));
    assertThat(bruteForce(m, x)).containsExactly(new double[] {-1.3, -0.7}, within(1e-12));
    // x = (0.9, 0.3) goes right at the root, to 4; x1 still matters when x0 is unknown:
    // v{0} = v{0,1} = 4, v{1} = 2.6, so phi0 = ((4 - 3) + (4 - 2.6)) / 2 = 1.2, phi1 = -0.2.
    assertThat(shap.shapValues(new double[] {0.9, 0.3}))
        .containsExactly(new double[] {1.2, -0.2}, within(1e-12));
  }

  /** Categories {1, 3} go left (cover 25, value 2), the rest right (75, 6): E = 5. */
  @Test
  void categoricalStump() {
    Node tree = categorical(0, new double[] {3, 1}, leaf(2, 25), leaf(6, 75));
    TreeShap shap = model(2, tree).explainer();

    assertThat(shap.expectedValue()).isEqualTo(5);
    assertThat(shap.shapValues(new double[] {3, 7})).containsExactly(-3, 0);
    assertThat(shap.shapValues(new double[] {1, 7})).containsExactly(-3, 0);
    assertThat(shap.shapValues(new double[] {2, 7})).containsExactly(1, 0);
    assertThat(shap.margin(new double[] {2, 7})).isEqualTo(6);
  }

  @Test
  void singleLeafTreeContributesOnlyToTheExpectation() {
    Model m =
        new Model(
            3, List.of(leaf(7, 12), split(2, 0.0, leaf(-1, 1), leaf(1, 3))), new double[] {2, 1});
    TreeShap shap = m.explainer();
    double[] x = {5, 5, -1};

    assertThat(shap.expectedValue()).isEqualTo(2 * 7 + 0.5);
    assertThat(shap.margin(x)).isEqualTo(13);
    assertThat(shap.shapValues(x)).containsExactly(0, 0, -1.5);
  }

  @Test
  void emptyEnsembleExplainsNothing() {
    TreeShap shap = TreeShap.of(2, List.of(), new double[0]);

    assertThat(shap.expectedValue()).isZero();
    assertThat(shap.margin(new double[] {1, 2})).isZero();
    assertThat(shap.shapValues(new double[] {1, 2})).containsExactly(0, 0);
  }

  // ---------------------------------------------------------------------------------------------
  // (d) Unused features, (e) symmetry.

  @Test
  void featureNoTreeUsesGetsExactlyZero() {
    Model m =
        new Model(
            5, List.of(TEXTBOOK, randomTree(new Random(7), 4, 5, false)), new double[] {1, 0.3});
    TreeShap shap = m.explainer();
    Random r = new Random(11);
    for (int k = 0; k < 50; k++) {
      double[] x = randomRow(r, 5);
      double[] phi = shap.shapValues(x);
      assertThat(phi[4]).isEqualTo(0.0);
      assertThat(phi).containsExactly(bruteForce(m, x), within(EPS));
    }
  }

  /**
   * x0 AND x1 with independent, balanced features: v{} = 1/4, v{0} = v{1} = 1/2, v{0,1} = 1, so
   * each gets ((1/2 - 1/4) + (1 - 1/2)) / 2 = 3/8, although x0 is split on first.
   */
  @Test
  void featuresUsedSymmetricallyGetEqualCredit() {
    Node and = split(0, 0.5, leaf(0, 50), split(1, 0.5, leaf(0, 25), leaf(1, 25)));
    TreeShap shap = model(2, and).explainer();

    assertThat(shap.shapValues(new double[] {1, 1})).containsExactly(0.375, 0.375);
    double[] one = shap.shapValues(new double[] {1, 0});
    double[] other = shap.shapValues(new double[] {0, 1});
    assertThat(one[0]).isCloseTo(other[1], within(1e-15));
    assertThat(one[1]).isCloseTo(other[0], within(1e-15));
  }

  @Test
  void mirroredTreesGiveMirroredFeaturesEqualCredit() {
    Random r = new Random(5);
    for (int k = 0; k < 20; k++) {
      Node tree = randomTree(r, 2, 4, false);
      TreeShap shap = new Model(3, List.of(tree, swap(tree)), new double[] {0.7, 0.7}).explainer();
      double c = r.nextDouble();
      double[] phi = shap.shapValues(new double[] {c, c, r.nextDouble()});
      assertThat(phi[0]).isCloseTo(phi[1], within(EPS));
      assertThat(phi[2]).isEqualTo(0.0);
    }
  }

  /** The tree with features 0 and 1 exchanged. */
  private static Node swap(Node node) {
    if (node instanceof Split s) {
      return new Split(
          1 - s.feature(), s.threshold(), s.categories(), swap(s.left()), swap(s.right()));
    }
    return node;
  }

  // ---------------------------------------------------------------------------------------------
  // (a) Random ensembles against the brute force, (b) local accuracy.

  /** Features f with f % 3 == 2 are categorical, valued 0..4; the others lie in [0, 1]. */
  private static boolean isCategorical(int f) {
    return f % 3 == 2;
  }

  // Counts of what the random trees exercise, so that the tests can check they do.
  private int repeats;
  private int categoricals;
  private int zeroCovers;

  private Node randomTree(Random r, int numFeatures, int maxDepth, boolean zeroCoverLeaves) {
    return randomNode(r, numFeatures, maxDepth, 0, new ArrayList<>(), zeroCoverLeaves);
  }

  private Node randomNode(
      Random r, int numFeatures, int maxDepth, int depth, List<Integer> path, boolean zeros) {
    if (depth == maxDepth || (depth > 0 && r.nextDouble() < 0.25)) {
      boolean zero = zeros && depth > 0 && r.nextDouble() < 0.1;
      zeroCovers += zero ? 1 : 0;
      return leaf(r.nextGaussian(), zero ? 0 : 1 + r.nextInt(50));
    }
    int f;
    if (!path.isEmpty() && r.nextDouble() < 0.35) {
      f = path.get(r.nextInt(path.size()));
    } else {
      f = r.nextInt(numFeatures);
    }
    repeats += path.contains(f) ? 1 : 0;
    path.add(f);
    Node left = randomNode(r, numFeatures, maxDepth, depth + 1, path, zeros);
    Node right = randomNode(r, numFeatures, maxDepth, depth + 1, path, zeros);
    path.remove(path.size() - 1);
    if (left.cover() + right.cover() == 0) {
      left = leaf(r.nextGaussian(), 1);
    }
    if (isCategorical(f)) {
      categoricals++;
      List<Double> cats = new ArrayList<>();
      for (int c = 0; c < 5; c++) {
        if (r.nextBoolean()) {
          cats.add((double) c);
        }
      }
      return categorical(f, cats.stream().mapToDouble(Double::doubleValue).toArray(), left, right);
    }
    // Thresholds on a grid that the rows sometimes hit exactly, to exercise "<=".
    return split(f, (1 + r.nextInt(9)) / 10.0, left, right);
  }

  private static double[] randomRow(Random r, int numFeatures) {
    double[] x = new double[numFeatures];
    for (int f = 0; f < numFeatures; f++) {
      if (isCategorical(f)) {
        x[f] = r.nextInt(5);
      } else {
        x[f] = r.nextDouble() < 0.3 ? r.nextInt(11) / 10.0 : r.nextDouble();
      }
    }
    return x;
  }

  private Model randomModel(Random r, int numFeatures, int maxTrees, int maxDepth) {
    int n = 1 + r.nextInt(maxTrees);
    List<Node> trees = new ArrayList<>();
    double[] w = new double[n];
    for (int t = 0; t < n; t++) {
      trees.add(randomTree(r, numFeatures, r.nextInt(maxDepth + 1), true));
      w[t] = r.nextDouble() < 0.1 ? -r.nextDouble() : 0.05 + 1.5 * r.nextDouble();
    }
    return new Model(numFeatures, trees, w);
  }

  @Test
  void randomEnsemblesMatchTheBruteForce() {
    Random r = new Random(20240607);
    int rows = 0;
    for (int k = 0; k < 400; k++) {
      Model m = randomModel(r, 4 + r.nextInt(3), 4, 5);
      TreeShap shap = m.explainer();
      assertThat(shap.expectedValue()).isCloseTo(value(m, new double[0], 0), within(EPS));
      for (int j = 0; j < 10; j++) {
        double[] x = randomRow(r, m.numFeatures());
        assertThat(shap.shapValues(x))
            .as("model %d row %d", k, j)
            .containsExactly(bruteForce(m, x), within(EPS));
        assertThat(shap.margin(x)).isCloseTo(margin(m, x), within(EPS));
        rows++;
      }
    }
    assertThat(rows).isEqualTo(4000);
    // The random trees did exercise what they are for.
    assertThat(repeats).isGreaterThan(500);
    assertThat(categoricals).isGreaterThan(500);
    assertThat(zeroCovers).isGreaterThan(50);
  }

  @Test
  void contributionsAddUpToTheMargin() {
    Random r = new Random(99);
    for (int k = 0; k < 20; k++) {
      // Larger than the brute force could handle: 40 trees, depth 8, 16 features.
      Model m = randomModel(r, 16, 40, 8);
      TreeShap shap = m.explainer();
      for (int j = 0; j < 200; j++) {
        double[] x = randomRow(r, 16);
        double sum = shap.expectedValue() + Arrays.stream(shap.shapValues(x)).sum();
        assertThat(sum).isCloseTo(shap.margin(x), within(EPS));
        assertThat(shap.margin(x)).isCloseTo(margin(m, x), within(EPS));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Plumbing.

  @Test
  void survivesJavaSerialization() throws Exception {
    Model m = randomModel(new Random(3), 6, 5, 5);
    TreeShap shap = m.explainer();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(shap);
    }
    TreeShap copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (TreeShap) in.readObject();
    }
    double[] x = randomRow(new Random(4), 6);
    assertThat(copy.expectedValue()).isEqualTo(shap.expectedValue());
    assertThat(copy.shapValues(x)).containsExactly(shap.shapValues(x));
  }

  @Test
  void copiesItsInputs() {
    int[] feature = {0, -1, -1};
    double[] threshold = {0.5, 0, 0};
    double[] value = {0, 1, 3};
    double[] cover = {2, 1, 1};
    ShapTree tree =
        ShapTree.of(
            feature, threshold, null, new int[] {1, -1, -1}, new int[] {2, -1, -1}, value, cover);
    TreeShap shap = TreeShap.of(1, List.of(tree), new double[] {1});
    value[1] = 100;
    threshold[0] = -1;

    assertThat(shap.expectedValue()).isEqualTo(2);
    assertThat(shap.shapValues(new double[] {0})).containsExactly(-1);
  }

  @Test
  void aBuiltTreeIsTheTreeOfItsArrays() {
    // Root: x0 <= 0.5; its right child: x1 in {3, 1} (unsorted), over leaves 2, 4 and 8.
    ShapTree.Builder b = new ShapTree.Builder(5);
    b.node(0, 0, 6).split(0, 0, 0.5, 1, 2);
    b.node(1, 2, 2);
    b.node(2, 0, 4).categoricalSplit(2, 1, new double[] {3, 1}, 3, 4);
    b.node(3, 4, 1);
    b.node(4, 8, 3);
    TreeShap built = TreeShap.of(2, List.of(b.build()), new double[] {1});
    TreeShap of =
        model(
                2,
                split(
                    0,
                    0.5,
                    leaf(2, 2),
                    categorical(1, new double[] {1, 3}, leaf(4, 1), leaf(8, 3))))
            .explainer();

    assertThat(built.expectedValue()).isCloseTo(of.expectedValue(), within(EPS));
    for (double[] x : new double[][] {{0, 1}, {1, 3}, {1, 2}}) {
      assertThat(built.margin(x)).isEqualTo(of.margin(x));
      assertThat(built.shapValues(x)).containsExactly(of.shapValues(x), within(EPS));
    }
    assertThatThrownBy(() -> b.node(1, 100, 2)).isInstanceOf(IllegalStateException.class);
  }

  /** A three-node tree, a split on feature f over two leaves, with the given arrays. */
  private static ShapTree tree(int f, int[] left, double[] cover) {
    return ShapTree.of(
        new int[] {f, -1, -1},
        new double[] {0.5, 0, 0},
        null,
        left,
        new int[] {2, -1, -1},
        new double[] {0, 1, 2},
        cover);
  }

  @Test
  void rejectsMalformedInput() {
    int[] left = {1, -1, -1};
    double[] cover = {2, 1, 1};
    assertThatThrownBy(() -> TreeShap.of(1, List.of(tree(1, left, cover)), new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature 1 of 1");
    assertThatThrownBy(() -> tree(0, new int[] {0, -1, -1}, cover))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("children 0, 2");
    assertThatThrownBy(() -> tree(0, left, new double[] {2, -1, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cover -1");
    assertThatThrownBy(() -> tree(0, left, new double[] {0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("children without cover");
    assertThatThrownBy(() -> tree(-1, left, cover))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node 1 is not reachable");
    TreeShap ok = TreeShap.of(2, List.of(tree(0, left, cover)), new double[] {1});
    assertThatThrownBy(() -> ok.shapValues(new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row has 1 of 2 features");
  }
}
