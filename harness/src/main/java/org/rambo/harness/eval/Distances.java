package org.rambo.harness.eval;

/**
 * The one definition of distance every evaluation path uses: squared Euclidean distance,
 * accumulated in float with fused multiply-add, dimension 0 first. Ranking by the squared distance gives the same
 * order as the distance itself, and because blocked, threaded and brute-force code all call
 * these functions, they produce bit-identical values and therefore identical tie-breaking.
 */
public final class Distances {
    private Distances() {}

    /** Squared L2 distance between a[ao..ao+dim) and b[bo..bo+dim). */
    public static float squaredL2(float[] a, int ao, float[] b, int bo, int dim) {
        float s = 0f;
        for (int d = 0; d < dim; d++) {
            float t = a[ao + d] - b[bo + d];
            s = Math.fma(t, t, s);
        }
        return s;
    }

    /**
     * Four distances from one query row to four rows of b at once, written to out[oo..oo+4).
     * Each accumulator sums in the same order as {@link #squaredL2}, so the results are
     * bit-identical to four single calls; the four independent chains only buy throughput.
     */
    static void squaredL2x4(float[] q, int qo, float[] b, int b0, int b1, int b2, int b3, int dim,
                            float[] out, int oo) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        for (int d = 0; d < dim; d++) {
            float x = q[qo + d];
            float t0 = x - b[b0 + d];
            float t1 = x - b[b1 + d];
            float t2 = x - b[b2 + d];
            float t3 = x - b[b3 + d];
            s0 = Math.fma(t0, t0, s0);
            s1 = Math.fma(t1, t1, s1);
            s2 = Math.fma(t2, t2, s2);
            s3 = Math.fma(t3, t3, s3);
        }
        out[oo] = s0;
        out[oo + 1] = s1;
        out[oo + 2] = s2;
        out[oo + 3] = s3;
    }

    /**
     * Distances from query rows [q0, q1) of {@code queries} to all rows of {@code gallery},
     * into out (row-major, (q1-q0) x n). Tiled over the gallery so a tile stays in cache
     * while every query of the block passes over it.
     */
    static void block(float[] queries, int q0, int q1, float[] gallery, int n, int dim, int tile, float[] out) {
        for (int g0 = 0; g0 < n; g0 += tile) {
            int g1 = Math.min(n, g0 + tile);
            for (int q = q0; q < q1; q++) {
                int qo = q * dim;
                int row = (q - q0) * n;
                int g = g0;
                for (; g + 4 <= g1; g += 4) {
                    squaredL2x4(queries, qo, gallery, g * dim, (g + 1) * dim, (g + 2) * dim, (g + 3) * dim,
                            dim, out, row + g);
                }
                for (; g < g1; g++) {
                    out[row + g] = squaredL2(queries, qo, gallery, g * dim, dim);
                }
            }
        }
    }
}
