package org.rambo.rank;

/**
 * The forward sort both blackbox losses share: the margin-shifted scores, each row sorted
 * descending with the positives tagged in the order ({@link RowSorter#TAG}), the sorted keys
 * the backward merges against, and the positives counted per row. Each loss then walks the
 * positives of a row in sorted order, records the incoming gradient of those it moves
 * ({@link #move}) and calls {@link #backward} once.
 */
final class SortedRows {

    final float[] shifted;
    final int[] order;
    final int[] keys;
    final int rows;
    final int cols;
    final int[] positivesPerRow;
    final int totalPositives;
    final int rowsWithPositives;

    /** Per row, the range of {@link #movedPos}/{@link #movedD} holding its moved positives. */
    private final int[] rowStart;

    private final int[] movedPos;
    private final double[] movedD;
    private int moved;
    private int row;

    private SortedRows(float[] shifted, float[] relevance, int rows, int cols) {
        this.shifted = shifted;
        this.rows = rows;
        this.cols = cols;
        int n = shifted.length;
        this.order = new int[n];
        this.keys = new int[n];
        Blackbox.sortRowsWithKeys(shifted, rows, cols, order, keys, relevance);
        this.positivesPerRow = new int[rows];
        int total = 0;
        int withPositives = 0;
        for (int r = 0; r < rows; r++) {
            int p = 0;
            for (int c = 0; c < cols; c++) {
                p += (int) relevance[r * cols + c];
            }
            positivesPerRow[r] = p;
            total += p;
            withPositives += p > 0 ? 1 : 0;
        }
        this.totalPositives = total;
        this.rowsWithPositives = withPositives;
        this.rowStart = new int[rows + 1];
        this.movedPos = new int[total];
        this.movedD = new double[total];
    }

    /** Shifts the scores by the margin and sorts every row. */
    static SortedRows sort(MarginNoise margin, float[] scores, float[] relevance, int rows, int cols) {
        return new SortedRows(margin.shift(scores, relevance), relevance, rows, cols);
    }

    /** Starts recording row {@code r}; rows are visited in increasing order. */
    void startRow(int r) {
        while (row <= r) {
            rowStart[row++] = moved;
        }
    }

    /**
     * If the order entry at sorted position {@code pos} of row {@code base / cols} is a
     * positive, clears its tag (the backward reads plain columns) and returns true.
     */
    boolean takePositive(int base, int pos) {
        int tagged = order[base + pos];
        if (tagged >= 0) {
            return false; // a negative: no tag
        }
        order[base + pos] = tagged & ~RowSorter.TAG;
        return true;
    }

    /** Records the incoming gradient {@code d} of the positive at sorted position {@code pos}. */
    void move(int pos, double d) {
        if (d != 0.0) {
            movedPos[moved] = pos;
            movedD[moved++] = d;
        }
    }

    /** The blackbox backward of every recorded positive, added into {@code gradient}. */
    void backward(float lambda, float[] gradient) {
        startRow(rows);
        Blackbox.backwardSparse(shifted, rows, cols, order, keys, rowStart, movedPos, movedD, lambda, gradient);
    }
}
