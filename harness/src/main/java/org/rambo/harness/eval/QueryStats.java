package org.rambo.harness.eval;

import java.util.Arrays;

/**
 * Per-query retrieval statistics computed from one row of distances. Candidates are ordered
 * by (distance, gallery index): a long key with the float bits high and the index low orders
 * exactly that way, because squared distances are never negative (non-negative float bits
 * sort like the floats) and indices are unique, so no two keys tie.
 *
 * <p>Only the positives' ranks matter: the first positive's rank gives recall@K and P@1; the
 * top R (R = number of positives) give R-precision and MAP@R. Both come from O(n) passes and
 * a selection, not a full sort, which is what makes 60k x 60k affordable.
 */
final class QueryStats {
    /** Rank (1-based) of the nearest positive; 0 when the query has no positive (skipped). */
    int firstPositiveRank;
    /** Number of positives R. */
    int r;

    double rPrecision;
    double mapAtR;

    private long[] keys = new long[0];
    private long[] top = new long[0];

    static long key(float dist, int index) {
        return ((long) Float.floatToRawIntBits(dist) << 32) | (index & 0xffffffffL);
    }

    /**
     * @param dist   distances to gallery items, dist[off .. off+n)
     * @param labels gallery labels
     * @param label  the query's label
     * @param self   gallery index of the query itself (excluded), or -1
     */
    void compute(float[] dist, int off, int n, int[] labels, int label, int self) {
        if (keys.length < n) {
            keys = new long[n];
        }
        int m = 0;
        int positives = 0;
        long bestPositive = Long.MAX_VALUE;
        for (int j = 0; j < n; j++) {
            if (j == self) {
                continue;
            }
            long k = key(dist[off + j], j);
            keys[m++] = k;
            if (labels[j] == label) {
                positives++;
                if (k < bestPositive) {
                    bestPositive = k;
                }
            }
        }
        r = positives;
        if (positives == 0) {
            firstPositiveRank = 0;
            rPrecision = Double.NaN;
            mapAtR = Double.NaN;
            return;
        }
        int before = 0;
        for (int i = 0; i < m; i++) {
            if (keys[i] < bestPositive) {
                before++;
            }
        }
        firstPositiveRank = before + 1;

        // The R nearest: select the R-th smallest key, gather keys up to it, sort those R.
        long threshold = select(keys, m, positives - 1);
        if (top.length < positives) {
            top = new long[positives];
        }
        int t = 0;
        for (int i = 0; i < m; i++) {
            if (keys[i] <= threshold) {
                top[t++] = keys[i];
            }
        }
        Arrays.sort(top, 0, t);
        int hits = 0;
        double sumPrecision = 0;
        for (int i = 0; i < t; i++) {
            int j = (int) top[i];
            if (labels[j] == label) {
                hits++;
                sumPrecision += (double) hits / (i + 1);
            }
        }
        rPrecision = (double) hits / positives;
        mapAtR = sumPrecision / positives;
    }

    /**
     * The same statistics from the {@code count} smallest keys of the whole row, already sorted,
     * when they are known to include the top {@code kq} (kq >= positives, kq >= the largest K).
     * The arithmetic is the same as {@link #compute}, in the same order, so the values are
     * bit-identical; a first positive beyond kq is reported at rank kq + 1 (past every K).
     *
     * @param positives R, the number of the query's positives in the whole row (at least 1)
     */
    void computeFromTop(long[] sorted, int count, int kq, int[] labels, int label, int positives) {
        r = positives;
        firstPositiveRank = kq + 1;
        for (int i = 0; i < kq && i < count; i++) {
            if (labels[(int) sorted[i]] == label) {
                firstPositiveRank = i + 1;
                break;
            }
        }
        int hits = 0;
        double sumPrecision = 0;
        for (int i = 0; i < positives; i++) {
            int j = (int) sorted[i];
            if (labels[j] == label) {
                hits++;
                sumPrecision += (double) hits / (i + 1);
            }
        }
        rPrecision = (double) hits / positives;
        mapAtR = sumPrecision / positives;
    }

    /** The k-th smallest (0-based) of a[0..m); reorders a. Iterative quickselect, median of three. */
    static long select(long[] a, int m, int k) {
        int lo = 0;
        int hi = m - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long x = a[lo], y = a[mid], z = a[hi];
            long pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }
}
