package io.cardstream.common.explain;

/**
 * The paths of one walk, in struct-of-arrays form. Per element: the feature, the share of training
 * rows that pass its splits (zero), whether the row does (one), and, by subset size rather than by
 * element, the weight of the coalitions of that size.
 */
final class ShapPath {
  final int[] feature;
  final double[] zero;
  final double[] one;
  final double[] weight;

  ShapPath(int cells) {
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
