package org.rambo.rank;

/**
 * Blackbox ranking of rows with few positives, without sorting the row. The recall and AP
 * losses need only the positions of the positives, and under the perturbation only positives
 * move; so the forward counts, for each positive, the elements ranked above it, and the
 * backward counts, for each moved positive, the elements it passes. With p positives in a row
 * of n that is about 2·p passes of n comparisons instead of two sorts: far cheaper for the
 * rows of a retrieval batch (a few positives among hundreds or thousands of candidates).
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
     * The positives of the row at {@code base} in ranked order: their forward positions (0 =
     * top) into {@code positions[at..at+p)} and their columns into {@code columns[at..at+p)}.
     */
    static void rankPositives(
            float[] shifted, float[] relevance, int base, int cols, int[] positions, int[] columns, int at) {
        Scratch s = SCRATCH.get();
        long[] positives = s.forward(cols);
        int p = 0;
        for (int j = 0; j < cols; j++) {
            if (relevance[base + j] != 0f) {
                // insertion into the ranked list of positives so far
                long v = pack(shifted[base + j], j);
                int i = p++;
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
        for (int j = 0; j < cols; j++) {
            long v = pack(shifted[base + j], j);
            int below = 0;
            for (int k = 0; k < p; k++) {
                below += positives[k] <= v ? 1 : 0;
            }
            histogram[below]++;
        }
        int above = 0;
        for (int k = 0; k < p; k++) {
            above += histogram[k];
            positions[at + k] = above;
            columns[at + k] = (int) positives[k];
        }
        java.util.Arrays.fill(histogram, 0, p + 1, 0);
    }

    /**
     * Adds the blackbox gradient of one row: the positives listed by {@code moved[from..to)}
     * (indices into {@code positions}/{@code columns}) move by {@code lambda · d}; every element
     * gets {@code -(forward position - perturbed position) · scale}, where the position changes.
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
        long[] forward = s.forward(q);
        long[] perturbed = s.perturbed(q);
        long[] lo = s.lo(q);
        long[] hi = s.hi(q);
        int[] above = s.counts(q);
        int[] sign = s.sign(q);
        boolean[] isMoved = s.isMoved(cols);
        for (int t = 0; t < q; t++) {
            int col = columns[moved[from + t]];
            forward[t] = pack(shifted[base + col], col);
            perturbed[t] = pack((float) (shifted[base + col] + (double) lambda * movedD[from + t]), col);
            lo[t] = Math.min(forward[t], perturbed[t]);
            hi[t] = Math.max(forward[t], perturbed[t]);
            sign[t] = perturbed[t] < forward[t] ? -1 : 1;
            isMoved[col] = true;
        }
        for (int j = 0; j < cols; j++) {
            long v = pack(shifted[base + j], j);
            // an unmoved element between a moved one's old and new place swaps order with it:
            // one place down when the moved one comes up past it, one place up otherwise
            int diff = 0;
            for (int t = 0; t < q; t++) {
                above[t] += v < perturbed[t] ? 1 : 0;
                diff += (v > lo[t]) & (v < hi[t]) ? sign[t] : 0; // no branch: the test is unpredictable
            }
            if (diff != 0 && !isMoved[j]) {
                gradient[base + j] += (float) (-diff * scale);
            }
        }
        for (int t = 0; t < q; t++) {
            // the loop compared the moved positives by their forward places: use the perturbed ones
            long m = perturbed[t];
            int perturbedPos = above[t];
            for (int u = 0; u < q; u++) {
                perturbedPos += (perturbed[u] < m ? 1 : 0) - (forward[u] < m ? 1 : 0);
            }
            int col = columns[moved[from + t]];
            int diff = positions[moved[from + t]] - perturbedPos;
            if (diff != 0) {
                gradient[base + col] += (float) (-diff * scale);
            }
        }
        for (int t = 0; t < q; t++) {
            above[t] = 0;
            isMoved[columns[moved[from + t]]] = false;
        }
    }

    /** Per-thread buffers; {@code counts} and {@code isMoved} are all zero / false between calls. */
    private static final class Scratch {
        private long[] forward = new long[16];
        private long[] perturbed = new long[16];
        private long[] lo = new long[16];
        private long[] hi = new long[16];
        private int[] counts = new int[17];
        private boolean[] isMoved = new boolean[0];
        private int[] sign = new int[16];

        int[] sign(int n) {
            return sign.length >= n ? sign : (sign = new int[n]);
        }

        long[] forward(int n) {
            return forward.length >= n ? forward : (forward = new long[n]);
        }

        long[] perturbed(int n) {
            return perturbed.length >= n ? perturbed : (perturbed = new long[n]);
        }

        long[] lo(int n) {
            return lo.length >= n ? lo : (lo = new long[n]);
        }

        long[] hi(int n) {
            return hi.length >= n ? hi : (hi = new long[n]);
        }

        int[] counts(int n) {
            return counts.length >= n ? counts : (counts = new int[n]);
        }

        boolean[] isMoved(int n) {
            return isMoved.length >= n ? isMoved : (isMoved = new boolean[n]);
        }
    }
}
