package org.rambo.rank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Ranks of scores, the combinatorial solver RaMBO differentiates through. */
public final class Ranking {

    private Ranking() {}

    /**
     * Per row, rank 1 for the highest score, divided by the row length, so values lie in
     * (0, 1]. Equal scores are ranked by ascending index. Accepts a row or a matrix.
     */
    public static NDArray ranks(NDArray scores) {
        Shape shape = scores.getShape();
        if (shape.dimension() < 1 || shape.dimension() > 2 || shape.size() == 0) {
            throw new IllegalArgumentException("scores must be a non-empty row or matrix, got shape " + shape);
        }
        int cols = Math.toIntExact(shape.get(shape.dimension() - 1));
        float[] y = ScoreMatrix.toFloat(scores);
        ScoreMatrix.checkScores(y, cols);
        int rows = y.length / cols;
        int[] ranks = new int[y.length];
        rankRows(y, rows, cols, ranks);
        float[] normalised = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            normalised[i] = ranks[i] / (float) cols;
        }
        return scores.getManager().create(normalised, shape);
    }

    /**
     * 1-based integer ranks of every row of a row-major matrix, one radix sort per row. Rows of
     * a large matrix are ranked in parallel, each by one thread: the result is the same.
     */
    public static void rankRows(float[] scores, int rows, int cols, int[] ranksOut) {
        int[] order = new int[rows == 1 ? cols : rows * cols];
        Blackbox.forEachRow(rows, cols, r -> {
            int base = r * cols;
            int at = rows == 1 ? 0 : base;
            Blackbox.sorter(cols).sort(scores, base, cols, order, at, null, 0);
            for (int pos = 0; pos < cols; pos++) {
                ranksOut[base + order[at + pos]] = pos + 1;
            }
        });
    }
}
