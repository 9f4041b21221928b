package org.rambo.baselines;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Plain-Java double-precision versions of the losses: explicit loops over pairs and triplets. */
final class BruteForce {

    private BruteForce() {}

    static double l2(float[] x, int i, int j, int dim) {
        double s = 0;
        for (int d = 0; d < dim; d++) {
            double diff = (double) x[i * dim + d] - x[j * dim + d];
            s += diff * diff;
        }
        return Math.sqrt(s + 1e-12);
    }

    static double cosineSim(float[] x, int i, int j, int dim) {
        double dot = 0;
        double ni = 0;
        double nj = 0;
        for (int d = 0; d < dim; d++) {
            dot += (double) x[i * dim + d] * x[j * dim + d];
            ni += (double) x[i * dim + d] * x[i * dim + d];
            nj += (double) x[j * dim + d] * x[j * dim + d];
        }
        return dot / Math.sqrt(ni * nj);
    }

    /** "l2", "squared-l2" or "cosine" (1 - cos). */
    static double distance(String kind, float[] x, int i, int j, int dim) {
        return switch (kind) {
            case "l2" -> l2(x, i, j, dim);
            case "squared-l2" -> {
                double d = l2(x, i, j, dim);
                yield d * d - 1e-12;
            }
            case "cosine" -> 1 - cosineSim(x, i, j, dim);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static double[] distances(String kind, float[] x, int n, int dim) {
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i * n + j] = distance(kind, x, i, j, dim);
            }
        }
        return d;
    }

    static float[] normalised(float[] x, int dim) {
        float[] out = x.clone();
        for (int i = 0; i < x.length / dim; i++) {
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                norm += (double) x[i * dim + d] * x[i * dim + d];
            }
            for (int d = 0; d < dim; d++) {
                out[i * dim + d] = (float) (x[i * dim + d] / Math.sqrt(norm));
            }
        }
        return out;
    }

    private static double mean(double sum, int count) {
        return count == 0 ? 0 : sum / count;
    }

    /** All ordered pairs i != j; positive and negative terms averaged separately, then summed. */
    static double contrastive(float[] x, int[] y, int dim, String dist, double mPos, double mNeg, boolean nonzero) {
        int n = y.length;
        double posSum = 0;
        double negSum = 0;
        int posCount = 0;
        int negCount = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                double d = distance(dist, x, i, j, dim);
                if (y[i] == y[j]) {
                    double t = Math.max(0, d - mPos);
                    posSum += t;
                    posCount += !nonzero || t > 0 ? 1 : 0;
                } else {
                    double t = Math.max(0, mNeg - d);
                    negSum += t;
                    negCount += !nonzero || t > 0 ? 1 : 0;
                }
            }
        }
        return mean(posSum, posCount) + mean(negSum, negCount);
    }

    /** Every (a, p, n) with y[p] = y[a], p != a, y[n] != y[a], in loop order. */
    static List<Triplet> allTriplets(int[] y) {
        int n = y.length;
        List<Triplet> out = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int p = 0; p < n; p++) {
                for (int q = 0; q < n; q++) {
                    if (p != a && y[p] == y[a] && y[q] != y[a]) {
                        out.add(new Triplet(a, p, q));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The triplets a mining strategy keeps, found by scanning every (a, p, n) on its own:
     * "all" every valid triplet; "semihard" those with d_ap < d_an < d_ap + margin; "batchhard"
     * per anchor the valid triplet whose positive is farthest and, among those, whose negative is
     * nearest, lowest indices first on ties. In a, p, n loop order.
     */
    static List<Triplet> minedTriplets(String mining, double[] d, int[] y, double margin) {
        int n = y.length;
        List<Triplet> out = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            Triplet hardest = null;
            for (int p = 0; p < n; p++) {
                for (int q = 0; q < n; q++) {
                    if (p == a || y[p] != y[a] || y[q] == y[a]) {
                        continue;
                    }
                    double dap = d[a * n + p];
                    double dan = d[a * n + q];
                    switch (mining) {
                        case "all" -> out.add(new Triplet(a, p, q));
                        case "semihard" -> {
                            if (dap < dan && dan < dap + margin) {
                                out.add(new Triplet(a, p, q));
                            }
                        }
                        case "batchhard" -> {
                            if (hardest == null
                                    || dap > d[a * n + hardest.positive()]
                                    || (dap == d[a * n + hardest.positive()] && dan < d[a * n + hardest.negative()])) {
                                hardest = new Triplet(a, p, q);
                            }
                        }
                        default -> throw new IllegalArgumentException(mining);
                    }
                }
            }
            if (hardest != null) {
                out.add(hardest);
            }
        }
        return out;
    }

    static double triplet(float[] x, int dim, String dist, List<Triplet> triplets, double margin, boolean nonzero) {
        double sum = 0;
        int count = 0;
        for (Triplet t : triplets) {
            double v = Math.max(
                    0,
                    distance(dist, x, t.anchor(), t.positive(), dim)
                            - distance(dist, x, t.anchor(), t.negative(), dim)
                            + margin);
            sum += v;
            count += !nonzero || v > 0 ? 1 : 0;
        }
        return mean(sum, count);
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** Cosine similarity of the raw rows, or -distance of the normalised rows xn. */
    private static double similarity(String distance, float[] x, float[] xn, int i, int j, int dim) {
        return distance.equals("cosine") ? cosineSim(x, i, j, dim) : -distance(distance, xn, i, j, dim);
    }

    /** Smooth-AP, general form: query i against all j != i, on cosine similarity. */
    static double smoothAp(float[] x, int[] y, int dim, double tau) {
        return smoothAp(x, y, dim, tau, "cosine");
    }

    /** Smooth-AP on the similarity -distance of normalised embeddings (cosine: the cosine itself). */
    static double smoothAp(float[] x, int[] y, int dim, double tau, String distance) {
        float[] xn = normalised(x, dim);
        int n = y.length;
        double apSum = 0;
        int queries = 0;
        for (int i = 0; i < n; i++) {
            double apI = 0;
            int positives = 0;
            for (int p = 0; p < n; p++) {
                if (p == i || y[p] != y[i]) {
                    continue;
                }
                positives++;
                double sp = similarity(distance, x, xn, i, p, dim);
                double rankAll = 1;
                double rankPos = 1;
                for (int j = 0; j < n; j++) {
                    if (j == i || j == p) {
                        continue;
                    }
                    double s = sigmoid((similarity(distance, x, xn, i, j, dim) - sp) / tau);
                    rankAll += s;
                    if (y[j] == y[i]) {
                        rankPos += s;
                    }
                }
                apI += rankPos / rankAll;
            }
            if (positives > 0) {
                apSum += apI / positives;
                queries++;
            }
        }
        return 1 - apSum / queries;
    }

    /** 1 - exact mean AP by sorting cosine similarity (ties by index), query excluded. */
    static double oneMinusExactAp(float[] x, int[] y, int dim) {
        int n = y.length;
        double apSum = 0;
        int queries = 0;
        for (int i = 0; i < n; i++) {
            final int q = i;
            Integer[] order = IntStream.range(0, n).filter(j -> j != q).boxed().toArray(Integer[]::new);
            Arrays.sort(order, (a, b) -> {
                int c = Double.compare(cosineSim(x, q, b, dim), cosineSim(x, q, a, dim));
                return c != 0 ? c : Integer.compare(a, b);
            });
            int seen = 0;
            double ap = 0;
            for (int k = 0; k < order.length; k++) {
                if (y[order[k]] == y[i]) {
                    seen++;
                    ap += (double) seen / (k + 1);
                }
            }
            if (seen > 0) {
                apSum += ap / seen;
                queries++;
            }
        }
        return 1 - apSum / queries;
    }

    /** FastAP with bins+1 triangular kernels over squared distances of normalised embeddings. */
    static double fastAp(float[] x, int[] y, int dim, int bins) {
        return fastAp(x, y, dim, bins, "squared-l2", 4);
    }

    /** FastAP over the given distance of normalised embeddings, histogram over [0, range]. */
    static double fastAp(float[] x, int[] y, int dim, int bins, String distance, double range) {
        float[] xn = normalised(x, dim);
        int n = y.length;
        double delta = range / bins;
        double apSum = 0;
        int queries = 0;
        for (int i = 0; i < n; i++) {
            double[] hPos = new double[bins + 1];
            double[] hAll = new double[bins + 1];
            int positives = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double d2 = distance.equals("squared-l2")
                        ? 2 - 2 * cosineSim(x, i, j, dim)
                        : distance(distance, xn, i, j, dim);
                positives += y[j] == y[i] ? 1 : 0;
                for (int l = 0; l <= bins; l++) {
                    double pulse = Math.max(0, 1 - Math.abs(d2 - l * delta) / delta);
                    hAll[l] += pulse;
                    if (y[j] == y[i]) {
                        hPos[l] += pulse;
                    }
                }
            }
            if (positives == 0) {
                continue;
            }
            double cumPos = 0;
            double cumAll = 0;
            double ap = 0;
            for (int l = 0; l <= bins; l++) {
                cumPos += hPos[l];
                cumAll += hAll[l];
                if (cumAll > 0) {
                    ap += hPos[l] * cumPos / cumAll;
                }
            }
            apSum += ap / positives;
            queries++;
        }
        return 1 - apSum / queries;
    }

    /** Wu et al.'s margin loss on given pairs of the normalised embeddings, beta per class or global. */
    static double margin(float[] x, int[] y, int dim, List<Pair> pairs, double alpha, double[] beta, double nu) {
        return margin(x, y, dim, pairs, alpha, beta, nu, true);
    }

    static double margin(
            float[] x, int[] y, int dim, List<Pair> pairs, double alpha, double[] beta, double nu, boolean nonzero) {
        return margin(x, y, dim, pairs, alpha, beta, nu, nonzero, "l2");
    }

    /** The margin loss with D the given distance of the normalised embeddings. */
    static double margin(
            float[] x,
            int[] y,
            int dim,
            List<Pair> pairs,
            double alpha,
            double[] beta,
            double nu,
            boolean nonzero,
            String distance) {
        float[] xn = normalised(x, dim);
        double sum = 0;
        int count = 0;
        double betaSum = 0;
        for (Pair p : pairs) {
            double b = beta.length == 1 ? beta[0] : beta[y[p.anchor()]];
            double d = distance(distance, xn, p.anchor(), p.other(), dim);
            double v = Math.max(0, alpha + (p.positive() ? 1 : -1) * (d - b));
            sum += v;
            count += !nonzero || v > 0 ? 1 : 0;
            betaSum += b;
        }
        return mean(sum, count) + (pairs.isEmpty() ? 0 : nu * betaSum / pairs.size());
    }
}
