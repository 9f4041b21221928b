package org.rambo.rank;

import java.util.Arrays;

/**
 * Blackbox ranking of rows with few positives, without sorting the row. The recall and AP
 * losses need only the positions of the positives, and under the perturbation only positives
 * move; so the forward counts, for each positive, the elements ranked above it, and the
 * backward counts, for each moved positive, the elements it passes. With p positives in a row
 * of n that is one pass of n · p comparisons forward and one of n · 2p backward instead of two
 * sorts: cheaper for the rows of a retrieval batch (a few positives among hundreds or thousands
 * of candidates).
 *
 * <p>Every element is compared by one long, {@link #pack}: its {@link RowSorter#descendingKey
 * key} in the high word and its column in the low word, so "a ranks above b" is
 * {@code pack(a) < pack(b)}: higher score first, equal scores by ascending column, exactly the
 * order of {@link RowSorter}. Positions and gradients are therefore identical to the sorting
 * path's.
 */
final class FewPositives {

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private FewPositives() {}

    /** The element's place in the descending order as one signed long (smaller = ranked higher). */
    static long pack(float value, int col) {
        return ((long) (RowSorter.descendingKey(value) ^ Integer.MIN_VALUE) << 32) | col;
    }

    /**
     * The {@code p} positives of the row at {@code base} in ranked order: their forward positions
     * (0 = top) into {@code positions[at..at+p)} and their columns into {@code columns[at..at+p)}.
     */
    static void rankPositives(
            float[] shifted, float[] relevance, int base, int cols, int p, int[] positions, int[] columns, int at) {
        Scratch s = SCRATCH.get();
        long[] positives = s.forward(p + 3);
        for (int j = 0, seen = 0; j < cols; j++) {
            if (relevance[base + j] != 0f) {
                // insertion into the ranked list of positives so far
                long v = pack(shifted[base + j], j);
                int i = seen++;
                while (i > 0 && positives[i - 1] > v) {
                    positives[i] = positives[i - 1];
                    i--;
                }
                positives[i] = v;
            }
        }
        // element j ranks above positive k iff k >= below(j), the number of positives at or
        // above j: a histogram of below(j) and its prefix sums give every positive's position
        int[] histogram = s.counts(p + 1);
        int padded = padToFour(positives, p);
        for (int j = 0; j < cols; j++) {
            long v = pack(shifted[base + j], j);
            int below = 0;
            for (int k = 0; k < padded; k += 4) {
                below += (positives[k] <= v ? 1 : 0)
                        + (positives[k + 1] <= v ? 1 : 0)
                        + (positives[k + 2] <= v ? 1 : 0)
                        + (positives[k + 3] <= v ? 1 : 0);
            }
            histogram[below]++;
        }
        int above = 0;
        for (int k = 0; k < p; k++) {
            above += histogram[k];
            positions[at + k] = above;
            columns[at + k] = (int) positives[k];
        }
        Arrays.fill(histogram, 0, p + 1, 0);
    }

    /**
     * Adds the blackbox gradient of one row: the positives listed by {@code moved[from..to)}
     * (indices into {@code positions}/{@code columns}) move by {@code lambda · d}; every element
     * gets {@code -(forward position - perturbed position) · scale}, where the position changes.
     *
     * <p>An unmoved element's position changes by the moved elements that were above it and
     * are no longer, minus those that now are and were not: (moved above it before) - (moved
     * above it after), two counts. A moved element's new position is the unmoved elements above
     * its new place plus the moved ones ranked above it after the move: a histogram over "moved
     * above after" of the unmoved elements and its prefix sums, as in the forward.
     */
    static void backward(
            float[] shifted,
            int base,
            int cols,
            int[] positions,
            int[] columns,
            int[] moved,
            double[] movedD,
            int from,
            int to,
            float lambda,
            double scale,
            float[] gradient) {
        Scratch s = SCRATCH.get();
        int q = to - from;
        long[] forward = s.forward(q + 3);
        long[] after = s.perturbed(q + 3); // perturbed places, in ranked order
        int[] afterIndex = s.afterIndex(q); // the entry of moved[] each belongs to
        int[] histogram = s.counts(q + 1);
        boolean[] isMoved = s.isMoved(cols);
        for (int t = 0; t < q; t++) {
            int col = columns[moved[from + t]];
            forward[t] = pack(shifted[base + col], col);
            long v = pack((float) (shifted[base + col] + (double) lambda * movedD[from + t]), col);
            int i = t;
            while (i > 0 && after[i - 1] > v) {
                after[i] = after[i - 1];
                afterIndex[i] = afterIndex[i - 1];
                i--;
            }
            after[i] = v;
            afterIndex[i] = from + t;
            isMoved[col] = true;
        }
        int padded = padToFour(forward, q);
        padToFour(after, q);
        for (int j = 0; j < cols; j++) {
            long v = pack(shifted[base + j], j);
            int aboveBefore = 0;
            int aboveAfter = 0;
            for (int t = 0; t < padded; t += 4) {
                aboveBefore += (forward[t] < v ? 1 : 0)
                        + (forward[t + 1] < v ? 1 : 0)
                        + (forward[t + 2] < v ? 1 : 0)
                        + (forward[t + 3] < v ? 1 : 0);
                aboveAfter += (after[t] < v ? 1 : 0)
                        + (after[t + 1] < v ? 1 : 0)
                        + (after[t + 2] < v ? 1 : 0)
                        + (after[t + 3] < v ? 1 : 0);
            }
            histogram[aboveAfter]++;
            int diff = aboveBefore - aboveAfter;
            if (diff != 0 && !isMoved[j]) {
                gradient[base + j] += (float) (-diff * scale);
            }
        }
        // the moved elements went into the histogram at their forward places: take them out
        for (int t = 0; t < q; t++) {
            int aboveAfter = 0;
            for (int u = 0; u < q; u++) {
                aboveAfter += after[u] < forward[t] ? 1 : 0;
            }
            histogram[aboveAfter]--;
        }
        int unmovedAbove = 0;
        for (int k = 0; k < q; k++) {
            unmovedAbove += histogram[k];
            int entry = moved[afterIndex[k]];
            int diff = positions[entry] - (unmovedAbove + k);
            if (diff != 0) {
                gradient[base + columns[entry]] += (float) (-diff * scale);
            }
        }
        for (int t = 0; t < q; t++) {
            isMoved[columns[moved[from + t]]] = false;
        }
        Arrays.fill(histogram, 0, q + 1, 0);
    }

    /**
     * Fills {@code packed[n..)} up to a multiple of four with a place below every element (the
     * counting loops compare four at a time, unrolled); returns that multiple.
     */
    private static int padToFour(long[] packed, int n) {
        int padded = (n + 3) & ~3;
        Arrays.fill(packed, n, padded, Long.MAX_VALUE);
        return padded;
    }

    /** Per-thread buffers; {@code counts} and {@code isMoved} are all zero / false between calls. */
    private static final class Scratch {
        private long[] forward = new long[16];
        private long[] perturbed = new long[16];
        private int[] counts = new int[17];
        private boolean[] isMoved = new boolean[0];
        private int[] afterIndex = new int[16];

        int[] afterIndex(int n) {
            return afterIndex.length >= n ? afterIndex : (afterIndex = new int[n]);
        }

        long[] forward(int n) {
            return forward.length >= n ? forward : (forward = new long[n]);
        }

        long[] perturbed(int n) {
            return perturbed.length >= n ? perturbed : (perturbed = new long[n]);
        }

        int[] counts(int n) {
            return counts.length >= n ? counts : (counts = new int[n]);
        }

        boolean[] isMoved(int n) {
            return isMoved.length >= n ? isMoved : (isMoved = new boolean[n]);
        }
    }
}
