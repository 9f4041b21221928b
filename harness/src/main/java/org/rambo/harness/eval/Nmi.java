package org.rambo.harness.eval;

import java.util.HashMap;
import java.util.Map;

/**
 * Normalised mutual information with the arithmetic-mean normalisation,
 * NMI = I(U;V) / ((H(U) + H(V)) / 2), natural logarithms: scikit-learn's default, which the
 * Reality Check and pytorch-metric-learning report. Two labelings that are both constant
 * count as identical (1.0), as in scikit-learn.
 */
public final class Nmi {
    private Nmi() {}

    public static double nmi(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("labelings differ in length: " + a.length + " vs " + b.length);
        }
        int n = a.length;
        if (n == 0) {
            return Double.NaN;
        }
        Map<Integer, Integer> ca = new HashMap<>();
        Map<Integer, Integer> cb = new HashMap<>();
        Map<Long, Integer> joint = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ca.merge(a[i], 1, Integer::sum);
            cb.merge(b[i], 1, Integer::sum);
            joint.merge(((long) a[i] << 32) | (b[i] & 0xffffffffL), 1, Integer::sum);
        }
        if (ca.size() == 1 && cb.size() == 1) {
            return 1.0;
        }
        double ha = entropy(ca, n);
        double hb = entropy(cb, n);
        double mi = 0;
        // Sorted keys so the floating-point sum has a fixed order (HashMap order could change).
        long[] keys =
                joint.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        for (long k : keys) {
            int nij = joint.get(k);
            int ai = (int) (k >> 32);
            int bj = (int) k;
            mi += (double) nij / n * Math.log((double) n * nij / ((double) ca.get(ai) * cb.get(bj)));
        }
        double denom = (ha + hb) / 2;
        if (denom <= 0) {
            return 1.0;
        }
        return Math.max(0.0, Math.min(1.0, mi / denom));
    }

    private static double entropy(Map<Integer, Integer> counts, int n) {
        int[] keys =
                counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        double h = 0;
        for (int k : keys) {
            double p = (double) counts.get(k) / n;
            h -= p * Math.log(p);
        }
        return h;
    }
}
