package org.rambo.rank;

/**
 * The two halves of blackbox differentiation of ranking, on row-major arrays.
 * Forward: one sort per row gives the order and the ranks. Backward: perturb the scores by
 * lambda times the incoming gradient, sort once more, and return
 * {@code -(rank(y) - rank(y + lambda g)) / (lambda + 1e-8)} in normalised ranks.
 */
final class Blackbox {

    /** The reference implementation adds this to lambda in the backward division. */
    static final double LAMBDA_EPSILON = 1e-8;

    private Blackbox() {}

    /**
     * Sorts every row descending. {@code order[base + pos]} is the column at position pos
     * of the row starting at base; {@code ranks[base + col]} its 1-based rank.
     */
    static void sortRows(float[] scores, int rows, int cols, int[] order, int[] ranks) {
        long start = System.nanoTime();
        RowSorter sorter = new RowSorter();
        int[] rowOrder = new int[cols];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            sorter.sortDescending(scores, base, cols, rowOrder);
            System.arraycopy(rowOrder, 0, order, base, cols);
            for (int pos = 0; pos < cols; pos++) {
                ranks[base + rowOrder[pos]] = pos + 1;
            }
        }
        SortClock.add(System.nanoTime() - start);
    }

    /**
     * Adds to {@code gradient} the blackbox gradient w.r.t. the scores, given the gradient of
     * the loss w.r.t. the normalised ranks ({@code dRank}) and the forward pass's order.
     *
     * <p>Elements whose incoming gradient is zero keep their score under the perturbation, so
     * their relative order is the forward order. When few elements move (for the recall and AP
     * losses only positives carry gradient), the perturbed ranking is the merge of those
     * unmoved elements, in forward order, with the moved ones sorted on their own: a sort of
     * the moved elements and a linear pass instead of a full sort. The merge breaks ties by
     * ascending index, exactly as a full sort would, so both paths give identical ranks.
     */
    static void backward(float[] scores, int rows, int cols, int[] order, int[] ranks, double[] dRank,
                         float lambda, float[] gradient) {
        long start = System.nanoTime();
        double scale = 1.0 / (cols * (lambda + LAMBDA_EPSILON));
        RowSorter sorter = new RowSorter();
        int[] movedColumns = new int[cols];
        float[] movedScores = new float[cols];
        int[] movedOrder = new int[cols];
        int[] perturbedRank = new int[cols];
        // moved flags by forward position: the merge reads them in order (dRank by column would
        // be a random access per element)
        boolean[] movedAtPosition = new boolean[cols];
        float[] rowPerturbed = null;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            int moved = 0;
            for (int c = 0; c < cols; c++) {
                if (dRank[base + c] != 0.0) {
                    movedColumns[moved] = c;
                    movedScores[moved] = (float) (scores[base + c] + (double) lambda * dRank[base + c]);
                    moved++;
                }
            }
            if (moved == 0) {
                continue; // nothing moves: every rank is unchanged, the gradient is zero
            }
            if (moved > cols / 4) {
                if (rowPerturbed == null) {
                    rowPerturbed = new float[cols];
                }
                System.arraycopy(scores, base, rowPerturbed, 0, cols);
                for (int k = 0; k < moved; k++) {
                    rowPerturbed[movedColumns[k]] = movedScores[k];
                }
                sorter.ranks(rowPerturbed, 0, cols, movedOrder, perturbedRank);
            } else {
                // moved elements sorted on their own; ties keep ascending column order because
                // movedColumns is ascending and the sorter breaks ties by position
                sorter.sortDescending(movedScores, 0, moved, movedOrder);
                java.util.Arrays.fill(movedAtPosition, false);
                for (int k = 0; k < moved; k++) {
                    movedAtPosition[ranks[base + movedColumns[k]] - 1] = true;
                }
                int f = 0;
                int m = 0;
                for (int pos = 0; pos < cols; pos++) {
                    while (f < cols && movedAtPosition[f]) {
                        f++; // skip moved elements in the forward order
                    }
                    boolean takeMoved;
                    if (m >= moved) {
                        takeMoved = false;
                    } else if (f >= cols) {
                        takeMoved = true;
                    } else {
                        float mv = movedScores[movedOrder[m]];
                        int mc = movedColumns[movedOrder[m]];
                        int fc = order[base + f];
                        float fv = scores[base + fc];
                        takeMoved = mv > fv || (mv == fv && mc < fc);
                    }
                    if (takeMoved) {
                        perturbedRank[movedColumns[movedOrder[m++]]] = pos + 1;
                    } else {
                        perturbedRank[order[base + f++]] = pos + 1;
                    }
                }
            }
            for (int c = 0; c < cols; c++) {
                int diff = ranks[base + c] - perturbedRank[c];
                if (diff != 0) {
                    gradient[base + c] += (float) (-diff * scale);
                }
            }
        }
        SortClock.add(System.nanoTime() - start);
    }
}
