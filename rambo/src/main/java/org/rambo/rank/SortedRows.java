package org.rambo.rank;

/**
 * The forward ranking both blackbox losses share: the margin-shifted scores and, for every row,
 * its positives in ranked order with their forward positions. Each loss then walks the
 * positives of a row ({@link #position}), records the incoming gradient of those it moves
 * ({@link #move}) and calls {@link #backward} once.
 *
 * <p>Two ways to get there, with identical results: when every row has few positives
 * ({@link #FEW_POSITIVES} or fewer) they are ranked by counting ({@link FewPositives}: no
 * sort); otherwise each row is sorted ({@link RowSorter}, positives tagged in the order) and the
 * backward merges the moved positives into the forward order ({@link Blackbox#backwardSparse}).
 */
final class SortedRows {

    /**
     * Rows with at most this many positives are ranked by counting. Measured on 256 rows of 511,
     * 1279 and 2559 elements (forward, moves and backward, 2 threads): counting takes 0.62 to
     * 0.75 of the sorting path's time with 3 positives per row, about the same (0.89 to 1.01)
     * with 8, and 1.3 to 1.6 times as long with 16.
     */
    static final int FEW_POSITIVES = 8;

    final float[] shifted;
    final int rows;
    final int cols;
    final int[] positivesPerRow;
    final int totalPositives;
    final int rowsWithPositives;

    /** Row r's positives are entries {@code positiveStart[r] .. positiveStart[r+1])}, in ranked order. */
    private final int[] positiveStart;

    private final int[] positions;
    private final int[] columns;
    private final boolean counted;

    /** The sorting path's order (columns by position) and sorted keys; null when counted. */
    private final int[] order;

    private final int[] keys;

    private final int[] moved;
    private final double[] movedD;
    private int movedCount;

    private SortedRows(float[] shifted, float[] relevance, int rows, int cols, int fewPositives) {
        this.shifted = shifted;
        this.rows = rows;
        this.cols = cols;
        this.positivesPerRow = new int[rows];
        Blackbox.forEachRow(rows, cols, r -> {
            int p = 0;
            for (int c = r * cols; c < (r + 1) * cols; c++) {
                p += relevance[c] != 0f ? 1 : 0;
            }
            positivesPerRow[r] = p;
        });
        this.positiveStart = new int[rows + 1];
        int withPositives = 0;
        int most = 0;
        for (int r = 0; r < rows; r++) {
            int p = positivesPerRow[r];
            positiveStart[r + 1] = positiveStart[r] + p;
            withPositives += p > 0 ? 1 : 0;
            most = Math.max(most, p);
        }
        this.totalPositives = positiveStart[rows];
        this.rowsWithPositives = withPositives;
        this.positions = new int[totalPositives];
        this.columns = new int[totalPositives];
        this.counted = most <= fewPositives;
        long start = System.nanoTime();
        if (counted) {
            order = null;
            keys = null;
            Blackbox.forEachRow(
                    rows,
                    cols,
                    r -> FewPositives.rankPositives(
                            shifted,
                            relevance,
                            r * cols,
                            cols,
                            positivesPerRow[r],
                            positions,
                            columns,
                            positiveStart[r]));
        } else {
            int n = shifted.length;
            order = new int[n];
            keys = new int[n];
            Blackbox.forEachRow(rows, cols, r -> {
                int base = r * cols;
                Blackbox.sorter(cols).sort(shifted, base, cols, order, base, keys, base, relevance);
                int at = positiveStart[r];
                for (int pos = 0; pos < cols && at < positiveStart[r + 1]; pos++) {
                    int tagged = order[base + pos];
                    if (tagged < 0) {
                        // a positive: the sort carried its tag here; clear it for the backward
                        int col = tagged & ~RowSorter.TAG;
                        order[base + pos] = col;
                        positions[at] = pos;
                        columns[at++] = col;
                    }
                }
            });
        }
        SortClock.add(System.nanoTime() - start);
        this.moved = new int[totalPositives];
        this.movedD = new double[totalPositives];
    }

    /** Shifts the scores by the margin and ranks every row. */
    static SortedRows sort(MarginNoise margin, float[] scores, float[] relevance, int rows, int cols) {
        return sort(margin, scores, relevance, rows, cols, FEW_POSITIVES);
    }

    /** As above, counting rather than sorting when no row has more than {@code fewPositives} positives. */
    static SortedRows sort(
            MarginNoise margin, float[] scores, float[] relevance, int rows, int cols, int fewPositives) {
        return new SortedRows(margin.shift(scores, relevance, rows, cols), relevance, rows, cols, fewPositives);
    }

    /** Forward position (0 = top) of the k-th ranked positive of row r. */
    int position(int r, int k) {
        return positions[positiveStart[r] + k];
    }

    /**
     * Records the incoming gradient {@code d} of the k-th ranked positive of row r; rows in
     * increasing order, and k increasing within a row.
     */
    void move(int r, int k, double d) {
        if (d != 0.0) {
            moved[movedCount] = positiveStart[r] + k;
            movedD[movedCount++] = d;
        }
    }

    /** The blackbox backward of every recorded positive, added into {@code gradient}. */
    void backward(float lambda, float[] gradient) {
        // moves are recorded in increasing index order: row r's are a contiguous run
        int[] rowStart = new int[rows + 1];
        for (int m = 0, r = 0; r < rows; r++) {
            while (m < movedCount && moved[m] < positiveStart[r + 1]) {
                m++;
            }
            rowStart[r + 1] = m;
        }
        if (!counted) {
            int[] movedPos = new int[movedCount];
            for (int m = 0; m < movedCount; m++) {
                movedPos[m] = positions[moved[m]];
            }
            Blackbox.backwardSparse(shifted, rows, cols, order, keys, rowStart, movedPos, movedD, lambda, gradient);
            return;
        }
        long start = System.nanoTime();
        double scale = Blackbox.backwardScale(cols, lambda);
        Blackbox.forEachRow(rows, cols, r -> {
            if (rowStart[r + 1] > rowStart[r]) {
                FewPositives.backward(
                        shifted,
                        r * cols,
                        cols,
                        positions,
                        columns,
                        moved,
                        movedD,
                        rowStart[r],
                        rowStart[r + 1],
                        lambda,
                        scale,
                        gradient);
            }
        });
        SortClock.add(System.nanoTime() - start);
    }
}
