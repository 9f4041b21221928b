package org.rambo.harness.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Row blocks times a fixed matrix, transposed, by the engine's matrix product on one device:
 * the candidate finder of the fast neighbour search and k-means. The fixed matrix is copied to
 * the device once; each block is a fresh (rows x columns) float array, so memory is bounded by
 * the caller's block size. The values are approximate (the engine chooses the summation order);
 * callers bound their error with {@link RoundingBounds}.
 */
final class EngineProduct implements AutoCloseable {

    private final NDManager manager;
    private final NDArray rightT;
    private final int dim;
    private final int columns;

    /** {@code right}: columns x dim, row-major. */
    EngineProduct(Device device, float[] right, int columns, int dim) {
        this(device, right, columns, dim, false);
    }

    /**
     * {@code right}: columns x dim, row-major; with {@code transposedCopy} the device holds it
     * transposed (dim x columns, contiguous) instead of as a transposed view. A product of a
     * few rows is then a pass along contiguous rows, about twice as fast (k-means++ seeding
     * multiplies one centre at a time); for many rows either layout runs at the same speed.
     */
    EngineProduct(Device device, float[] right, int columns, int dim, boolean transposedCopy) {
        this.manager = NDManager.newBaseManager(device);
        this.dim = dim;
        this.columns = columns;
        this.rightT = transposedCopy
                ? manager.create(transpose(right, columns, dim), new Shape(dim, columns))
                : manager.create(right, new Shape(columns, dim)).transpose();
    }

    /** x (rows x cols, row-major) transposed, in square blocks that stay in cache. */
    static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        int b = 64;
        for (int r0 = 0; r0 < rows; r0 += b) {
            int r1 = Math.min(rows, r0 + b);
            for (int c0 = 0; c0 < cols; c0 += b) {
                int c1 = Math.min(cols, c0 + b);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        t[c * rows + r] = x[r * cols + c];
                    }
                }
            }
        }
        return t;
    }

    int columns() {
        return columns;
    }

    /** Rows [from, to) of {@code left} (row-major, dim wide) times the fixed matrix transposed: (to - from) x columns. */
    float[] times(float[] left, int from, int to) {
        float[] block = new float[(to - from) * dim];
        System.arraycopy(left, from * dim, block, 0, block.length);
        return times(block, to - from);
    }

    /**
     * Rows [r0, r1) of the fixed matrix times its columns [c0, c1) transposed: (r1 - r0) x
     * (c1 - c0), the set against itself with nothing copied from Java (the rows are a view of
     * the fixed matrix on the device).
     */
    float[] selfTimes(int r0, int r1, int c0, int c1) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray rows = rightT.get(new NDIndex(":, {}:{}", r0, r1)).transpose();
            NDArray cols = rightT.get(new NDIndex(":, {}:{}", c0, c1));
            rows.attach(sub);
            cols.attach(sub);
            return rows.matMul(cols).toFloatArray();
        }
    }

    /** {@code rows} rows of {@code block} (row-major, dim wide) times the fixed matrix transposed. */
    float[] times(float[] block, int rows) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray l = sub.create(block, new Shape(rows, dim));
            NDArray p = l.matMul(rightT);
            return p.toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
