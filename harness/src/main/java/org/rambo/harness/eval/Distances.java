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
     * Four distances from one query row to the rows of b at offsets b0..b3 at once, written to
     * out[oo..oo+4).
     * Each accumulator sums in the same order as {@link #squaredL2}, so the results are
     * bit-identical to four single calls; the four independent chains only buy throughput.
     */
    static void squaredL2x4(
            float[] q, int qo, float[] b, int b0, int b1, int b2, int b3, int dim, float[] out, int oo) {
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
     * Two query rows against four consecutive gallery rows (from offset b0): eight independent accumulators, each summed in
     * the same order as {@link #squaredL2} (bit-identical), with each loaded value used twice or
     * four times, which roughly halves memory traffic per distance.
     */
    static void squaredL2x2x4(float[] q, int qa, int qb, float[] b, int b0, int dim, float[] out, int oa, int ob) {
        int b1 = b0 + dim;
        int b2 = b1 + dim;
        int b3 = b2 + dim;
        float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f, c0 = 0f, c1 = 0f, c2 = 0f, c3 = 0f;
        for (int d = 0; d < dim; d++) {
            float x = q[qa + d];
            float y = q[qb + d];
            float g0 = b[b0 + d];
            float g1 = b[b1 + d];
            float g2 = b[b2 + d];
            float g3 = b[b3 + d];
            float t;
            t = x - g0;
            a0 = Math.fma(t, t, a0);
            t = x - g1;
            a1 = Math.fma(t, t, a1);
            t = x - g2;
            a2 = Math.fma(t, t, a2);
            t = x - g3;
            a3 = Math.fma(t, t, a3);
            t = y - g0;
            c0 = Math.fma(t, t, c0);
            t = y - g1;
            c1 = Math.fma(t, t, c1);
            t = y - g2;
            c2 = Math.fma(t, t, c2);
            t = y - g3;
            c3 = Math.fma(t, t, c3);
        }
        out[oa] = a0;
        out[oa + 1] = a1;
        out[oa + 2] = a2;
        out[oa + 3] = a3;
        out[ob] = c0;
        out[ob + 1] = c1;
        out[ob + 2] = c2;
        out[ob + 3] = c3;
    }

    /**
     * Distances from query rows [q0, q1) of {@code queries} to all rows of {@code gallery},
     * into out (row-major, (q1-q0) x n). Tiled over the gallery so a tile stays in cache
     * while every query of the block passes over it.
     */
    static void block(float[] queries, int q0, int q1, float[] gallery, int n, int dim, int tile, float[] out) {
        for (int g0 = 0; g0 < n; g0 += tile) {
            int g1 = Math.min(n, g0 + tile);
            int q = q0;
            for (; q + 2 <= q1; q += 2) {
                int qa = q * dim;
                int qb = qa + dim;
                int ra = (q - q0) * n;
                int rb = ra + n;
                int g = g0;
                for (; g + 4 <= g1; g += 4) {
                    squaredL2x2x4(queries, qa, qb, gallery, g * dim, dim, out, ra + g, rb + g);
                }
                for (; g < g1; g++) {
                    out[ra + g] = squaredL2(queries, qa, gallery, g * dim, dim);
                    out[rb + g] = squaredL2(queries, qb, gallery, g * dim, dim);
                }
            }
            for (; q < q1; q++) {
                int qo = q * dim;
                int row = (q - q0) * n;
                int g = g0;
                for (; g + 4 <= g1; g += 4) {
                    int o = g * dim;
                    squaredL2x4(queries, qo, gallery, o, o + dim, o + 2 * dim, o + 3 * dim, dim, out, row + g);
                }
                for (; g < g1; g++) {
                    out[row + g] = squaredL2(queries, qo, gallery, g * dim, dim);
                }
            }
        }
    }
}
