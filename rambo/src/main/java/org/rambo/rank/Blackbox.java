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
     * the loss w.r.t. the normalised ranks ({@code dRank}). Costs one more sort per row.
     */
    static void backward(float[] scores, int rows, int cols, int[] ranks, double[] dRank, float lambda,
                         float[] gradient) {
        int n = rows * cols;
        float[] perturbed = new float[n];
        for (int i = 0; i < n; i++) {
            perturbed[i] = (float) (scores[i] + (double) lambda * dRank[i]);
        }
        int[] perturbedRanks = new int[n];
        long start = System.nanoTime();
        Ranking.rankRows(perturbed, rows, cols, perturbedRanks);
        SortClock.add(System.nanoTime() - start);
        double scale = 1.0 / (cols * (lambda + LAMBDA_EPSILON));
        for (int i = 0; i < n; i++) {
            gradient[i] += (float) (-(ranks[i] - perturbedRanks[i]) * scale);
        }
    }
}
