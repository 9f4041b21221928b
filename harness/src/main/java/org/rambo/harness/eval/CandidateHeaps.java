package org.rambo.harness.eval;

/**
 * Every query's candidates while the symmetric search walks the tiles of the score matrix: one
 * bounded max-heap per query on v = |g_j|^2 / 2 - s_ij (the approximate distance less the
 * query's own norm, halved), keeping the {@code cap[i]} smallest. A score enters query i's heap
 * only below {@code top[i]}, its largest entry once full; queries with cap 0 take nothing.
 *
 * <p>Threads may feed different queries at once: each query's heap is written only by the task
 * that owns its row or column band of the tile.
 */
final class CandidateHeaps {

    /** Heap entries of query i: values[offset[i] .. offset[i] + cap[i]), items likewise. */
    final double[] values;

    final int[] items;
    final int[] offset;
    final int[] cap;
    private final int[] size;
    private final double[] top;

    CandidateHeaps(int[] cap) {
        int n = cap.length;
        this.cap = cap;
        this.offset = new int[n + 1];
        for (int i = 0; i < n; i++) {
            offset[i + 1] = offset[i] + cap[i];
        }
        this.values = new double[offset[n]];
        this.items = new int[offset[n]];
        this.size = new int[n];
        this.top = new double[n];
        for (int i = 0; i < n; i++) {
            top[i] = cap[i] == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
    }

    /**
     * Rows a0..a1 of a tile (queries a0.. against items c0..c1; the tile's first row is r0 and
     * it is c1 - c0 wide) offered to those queries; an item is never its own candidate.
     */
    void scanRows(float[] s, double[] gn, int r0, int c0, int c1, int a0, int a1) {
        int width = c1 - c0;
        for (int i = a0; i < a1; i++) {
            int base = (i - r0) * width - c0;
            double bound = top[i];
            for (int j = c0; j < c1; j++) {
                double v = 0.5 * gn[j] - s[base + j];
                if (v < bound && j != i) {
                    bound = offer(i, v, j);
                }
            }
        }
    }

    /**
     * Columns b0..b1 of a tile (rows r0..r1 as items, columns c0.. as queries, c1 - c0 wide)
     * offered to the column queries: the transposed half of an off-diagonal tile.
     */
    void scanColumns(float[] s, double[] gn, int r0, int r1, int c0, int c1, int b0, int b1) {
        int width = c1 - c0;
        for (int i = r0; i < r1; i++) {
            int base = (i - r0) * width - c0;
            double half = 0.5 * gn[i];
            for (int j = b0; j < b1; j++) {
                double v = half - s[base + j];
                if (v < top[j]) {
                    offer(j, v, i);
                }
            }
        }
    }

    /** Offers (v, j) to query i's heap; returns its new entry threshold. */
    private double offer(int i, double v, int j) {
        size[i] = push(values, items, offset[i], size[i], cap[i], v, j);
        if (size[i] == cap[i]) {
            top[i] = values[offset[i]];
        }
        return top[i];
    }

    /**
     * Offers (v, j) to the max-heap hv/hi[off .. off + cap) holding {@code size} entries: kept
     * while there is room, else it replaces the largest when smaller. Returns the new size.
     */
    static int push(double[] hv, int[] hi, int off, int size, int cap, double v, int j) {
        if (size < cap) {
            int at = size;
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (hv[off + parent] >= v) {
                    break;
                }
                hv[off + at] = hv[off + parent];
                hi[off + at] = hi[off + parent];
                at = parent;
            }
            hv[off + at] = v;
            hi[off + at] = j;
            return size + 1;
        }
        if (!(v < hv[off])) {
            return size;
        }
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= cap) {
                break;
            }
            if (child + 1 < cap && hv[off + child + 1] > hv[off + child]) {
                child++;
            }
            if (hv[off + child] <= v) {
                break;
            }
            hv[off + at] = hv[off + child];
            hi[off + at] = hi[off + child];
            at = child;
        }
        hv[off + at] = v;
        hi[off + at] = j;
        return size;
    }
}
