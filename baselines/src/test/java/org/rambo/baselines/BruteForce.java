package org.rambo.baselines;

import java.util.List;

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

    static double contrastive(float[] x, int[] y, int dim, double mPos, double mNeg, boolean nonzero) {
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
                double d = l2(x, i, j, dim);
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
        return (posCount == 0 ? 0 : posSum / posCount) + (negCount == 0 ? 0 : negSum / negCount);
    }

    static double triplet(float[] x, int dim, List<Triplet> triplets, double margin, boolean nonzero) {
        double sum = 0;
        int count = 0;
        for (Triplet t : triplets) {
            double v = Math.max(0, l2(x, t.anchor(), t.positive(), dim) - l2(x, t.anchor(), t.negative(), dim) + margin);
            sum += v;
            count += !nonzero || v > 0 ? 1 : 0;
        }
        return count == 0 ? 0 : sum / count;
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** Smooth-AP, general form: query i against all j != i. */
    static double smoothAp(float[] x, int[] y, int dim, double tau) {
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
                double sp = cosineSim(x, i, p, dim);
                double rankAll = 1;
                double rankPos = 1;
                for (int j = 0; j < n; j++) {
                    if (j == i || j == p) {
                        continue;
                    }
                    double s = sigmoid((cosineSim(x, i, j, dim) - sp) / tau);
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
            Integer[] order = java.util.stream.IntStream.range(0, n).filter(j -> j != q).boxed().toArray(Integer[]::new);
            java.util.Arrays.sort(order, (a, b) -> {
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

    static double margin(float[] normalised, int dim, List<long[]> pairs, double alpha, double beta) {
        double sum = 0;
        int count = 0;
        for (long[] p : pairs) {
            double d = l2(normalised, (int) p[0], (int) p[1], dim);
            double v = Math.max(0, alpha + p[2] * (d - beta));
            sum += v;
            count += v > 0 ? 1 : 0;
        }
        return count == 0 ? 0 : sum / count;
    }
}
