package org.rambo.harness.eval;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Nearest centres for k-means, found with the engine's matrix product and decided by exact
 * distances: the product ranks centres approximately, {@link RoundingBounds} keeps every centre
 * whose exact distance could still win, and only those get a {@link Distances#squaredL2}. The
 * outcome is that of comparing every exact distance (ties to the lower centre index), whatever
 * the device, block size or thread count. A distance outside its bound means the engine computes
 * below float32 precision: {@link #inconsistent()} then tells the caller to start over exactly.
 */
final class CentreSearch {
    /** Points per parallel task while seeding. */
    private static final int CHUNK = 1024;

    private final float[] x;
    private final int n;
    private final int dim;
    private final EvalOptions o;
    private final double[] xn;
    private final double[] xr;
    private final RoundingBounds bounds;
    private final AtomicBoolean inconsistent = new AtomicBoolean();

    CentreSearch(float[] x, int n, int dim, EvalOptions o) {
        this.x = x;
        this.n = n;
        this.dim = dim;
        this.o = o;
        this.xn = RoundingBounds.squaredNorms(x, n, dim);
        this.xr = Arrays.stream(xn).map(Math::sqrt).toArray();
        this.bounds = new RoundingBounds(dim);
    }

    boolean inconsistent() {
        return inconsistent.get();
    }

    /**
     * The seeding's {@link KMeansSeeding.Lowering}: the points stay on the device ({@code points},
     * all n rows of x); each round multiplies only its new centres, (m x n) scores, so a round
     * costs one pass over the points, and exact distances are computed only where the product
     * says a new centre could be nearer than D^2.
     */
    KMeansSeeding.Lowering lowering(EngineProduct points) {
        return (d2, nearest, cs, first, m) -> {
            double[] cn = RoundingBounds.squaredNorms(cs, m, dim);
            double cnMax = Arrays.stream(cn).max().orElse(0);
            double crMax = Math.sqrt(cnMax);
            float[] s = points.times(cs, m);
            int chunks = (n + CHUNK - 1) / CHUNK;
            AtomicInteger next = new AtomicInteger();
            RetrievalEvaluator.runParallel(
                    () -> {
                        for (int c; (c = next.getAndIncrement()) < chunks; ) {
                            int from = c * CHUNK;
                            int to = Math.min(n, from + CHUNK);
                            for (int t = 0; t < m; t++) {
                                int row = t * n;
                                for (int i = from; i < to; i++) {
                                    double a = xn[i] + cn[t] - 2.0 * s[row + i];
                                    double err = bounds.productError(xr[i], xn[i], crMax, cnMax);
                                    if (bounds.exactLower(a - err) >= d2[i]) {
                                        continue;
                                    }
                                    float d = Distances.squaredL2(x, i * dim, cs, t * dim, dim);
                                    check(a, xn[i], cn[t], d);
                                    if (d < d2[i]) {
                                        d2[i] = d;
                                        nearest[i] = first + t;
                                    }
                                }
                            }
                        }
                    },
                    Math.min(o.threads(), chunks));
        };
    }

    /**
     * One Lloyd assignment. Points whose centre moved are matched against every centre; the
     * others only against the moved centres (the rest are at the same exact distance as before,
     * so the argmin among them cannot change), keeping their current centre unless a moved one is
     * nearer (or as near with a lower index). Returns whether any assignment changed.
     */
    boolean assign(float[] centres, int k, boolean[] moved, int[] assign, float[] best) {
        int[] full = points(i -> moved[assign[i]]);
        int[] partial = points(i -> !moved[assign[i]]);
        int[] movedIdx = indices(moved);
        AtomicBoolean changed = new AtomicBoolean();
        if (full.length > 0) {
            int[] all = new int[k];
            Arrays.setAll(all, j -> j);
            against(full, centres, all, assign, best, true, changed);
        }
        if (partial.length > 0 && movedIdx.length > 0) {
            float[] sub = new float[movedIdx.length * dim];
            for (int t = 0; t < movedIdx.length; t++) {
                System.arraycopy(centres, movedIdx[t] * dim, sub, t * dim, dim);
            }
            against(partial, sub, movedIdx, assign, best, false, changed);
        }
        return changed.get();
    }

    /**
     * The given points against the given centres (rows of cs, centre index ids[t]). With
     * {@code fresh} the point takes the exact argmin over these centres; otherwise a centre
     * replaces the current one only when (distance, index) is smaller.
     */
    private void against(
            int[] pts, float[] cs, int[] ids, int[] assign, float[] best, boolean fresh, AtomicBoolean changed) {
        int m = ids.length;
        double[] cn = RoundingBounds.squaredNorms(cs, m, dim);
        Centres c = new Centres(cs, ids, cn, Arrays.stream(cn).max().orElse(0));
        int rows = (int) Math.max(1, Math.min(pts.length, o.scoreBlock() / m));
        try (EngineProduct product = new EngineProduct(o.device(), cs, m, dim)) {
            float[] block = new float[rows * dim];
            for (int b0 = 0; b0 < pts.length; b0 += rows) {
                int from = b0;
                int to = Math.min(pts.length, b0 + rows);
                for (int t = from; t < to; t++) {
                    System.arraycopy(x, pts[t] * dim, block, (t - from) * dim, dim);
                }
                float[] s = product.times(block, to - from);
                AtomicInteger next = new AtomicInteger(from);
                RetrievalEvaluator.runParallel(
                        () -> {
                            for (int t; (t = next.getAndIncrement()) < to; ) {
                                int i = pts[t];
                                int off = (t - from) * m;
                                if (fresh) {
                                    freshArgmin(i, s, off, c, assign, best, changed);
                                } else {
                                    challenge(i, s, off, c, assign, best, changed);
                                }
                            }
                        },
                        Math.min(o.threads(), to - from));
            }
        }
    }

    /** Centres as rows (centre index ids[t] for row t), their squared norms and the largest of those. */
    private record Centres(float[] rows, int[] ids, double[] norms, double maxNorm) {}

    private void freshArgmin(int i, float[] s, int off, Centres c, int[] assign, float[] best, AtomicBoolean changed) {
        int m = c.ids.length;
        double xi = xn[i];
        double amin = Double.POSITIVE_INFINITY;
        for (int t = 0; t < m; t++) {
            double a = xi + c.norms[t] - 2.0 * s[off + t];
            if (a < amin) {
                amin = a;
            }
        }
        double err = bounds.productError(xi, c.maxNorm);
        double ceiling = bounds.exactUpper(amin + err); // the exact minimum is at most this
        int arg = -1;
        float bd = Float.POSITIVE_INFINITY;
        for (int t = 0; t < m; t++) { // ascending centre index: ties go to the lower one
            double a = xi + c.norms[t] - 2.0 * s[off + t];
            if (bounds.exactLower(a - err) > ceiling) {
                continue;
            }
            float d = Distances.squaredL2(x, i * dim, c.rows, t * dim, dim);
            check(a, xi, c.norms[t], d);
            if (arg < 0 || d < bd) {
                bd = d;
                arg = c.ids[t];
            }
        }
        settle(i, arg, bd, assign, best, changed);
    }

    private void challenge(int i, float[] s, int off, Centres c, int[] assign, float[] best, AtomicBoolean changed) {
        int m = c.ids.length;
        double xi = xn[i];
        double err = bounds.productError(xi, c.maxNorm);
        int arg = assign[i];
        float bd = best[i];
        for (int t = 0; t < m; t++) {
            double a = xi + c.norms[t] - 2.0 * s[off + t];
            if (bounds.exactLower(a - err) > bd) {
                continue;
            }
            float d = Distances.squaredL2(x, i * dim, c.rows, t * dim, dim);
            check(a, xi, c.norms[t], d);
            if (d < bd || (d == bd && c.ids[t] < arg)) {
                bd = d;
                arg = c.ids[t];
            }
        }
        settle(i, arg, bd, assign, best, changed);
    }

    private static void settle(int i, int arg, float bd, int[] assign, float[] best, AtomicBoolean changed) {
        if (assign[i] != arg) {
            assign[i] = arg;
            changed.set(true);
        }
        best[i] = bd;
    }

    private void check(double a, double n1, double n2, float exact) {
        if (!bounds.consistent(a, bounds.productError(n1, n2), exact)) {
            inconsistent.set(true);
        }
    }

    private int[] points(IntPredicate keep) {
        return IntStream.range(0, n).filter(keep).toArray();
    }

    private static int[] indices(boolean[] flags) {
        return IntStream.range(0, flags.length).filter(j -> flags[j]).toArray();
    }
}
