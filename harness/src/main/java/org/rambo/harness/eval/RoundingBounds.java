package org.rambo.harness.eval;

/**
 * How far a distance computed from the engine's matrix product, or by {@link Distances}, can be
 * from the true squared distance D = |x - y|^2 of two float vectors of dimension d. The fast
 * paths rank by the product only to pick candidates; these bounds prove that no vector left out
 * can enter the exact top list, so the exact result is recomputed, never estimated.
 *
 * <p>With u = 2^-24 (float unit roundoff) and gamma_m = m u / (1 - m u) (Higham, "Accuracy and
 * Stability of Numerical Algorithms", section 3.1):
 *
 * <ul>
 *   <li><b>Engine product.</b> s = fl(x . y) sums d float products in some order, with or without
 *       fused multiply-add, in blocks or pairwise: each product passes through at most d
 *       roundings, so |s - x . y| <= gamma_d sum |x_i y_i| <= gamma_d |x| |y| (Cauchy-Schwarz),
 *       whatever the summation order, thread count or device, as long as products and sums are
 *       IEEE float32 or wider (not TF32 or half precision). The approximate distance
 *       a = |x|^2 + |y|^2 - 2 s is formed in double from norms summed in double (float products
 *       are exact in double); those steps add at most (d + 8) 2^-52 (|x|^2 + |y|^2). Products that
 *       underflow add at most 2^-149 each. Hence |a - D| <= {@link #productError}.
 *   <li><b>Exact distance.</b> {@link Distances#squaredL2} rounds each difference once
 *       (t_i = (x_i - y_i)(1 + delta), |delta| <= u) and accumulates t_i^2 with one rounding per
 *       fused multiply-add, so the result e satisfies |e - D| <= ((1 + u)^2 (1 + gamma_d) - 1) D
 *       <= gamma_(d+2) D, plus at most 2^-149 per step where sums are subnormal (differences
 *       that are subnormal are exact). Hence {@link #exactLower} and {@link #exactUpper}.
 * </ul>
 *
 * A candidate set is complete when the k-th exact distance among candidates lies strictly below
 * {@code exactLower(a_T - productError)} for the smallest approximate value a_T left out. The
 * callers also check every candidate against these bounds: an engine that computes in lower
 * precision than float32 shows up there, and the evaluation then reruns on the exact path.
 */
final class RoundingBounds {

    private static final double U = 0x1p-24;

    private final int dim;
    private final double gammaDot;
    private final double gammaExact;
    private final double underflow;

    RoundingBounds(int dim) {
        this.dim = dim;
        this.gammaDot = gamma(dim);
        this.gammaExact = gamma(dim + 2);
        this.underflow = 2.0 * (dim + 2) * 0x1p-149;
    }

    static double gamma(int m) {
        double mu = m * U;
        if (mu >= 0.5) {
            throw new IllegalArgumentException("dimension " + m + " too large for the float error bound");
        }
        return mu / (1 - mu);
    }

    /** Bound on |a - D| for a = n1 + n2 - 2 fl(x . y), where n1 = |x|^2 and n2 = |y|^2 (or upper bounds of them). */
    double productError(double n1, double n2) {
        return productError(Math.sqrt(n1), n1, Math.sqrt(n2), n2);
    }

    /** {@link #productError(double, double)} given the square roots r1 = sqrt(n1), r2 = sqrt(n2) computed once. */
    double productError(double r1, double n1, double r2, double n2) {
        // the square roots are rounded: a relative 1e-12 covers them (they are only multiplied here)
        return 2 * gammaDot * r1 * r2 * (1 + 1e-12) + (dim + 8) * 0x1p-52 * (n1 + n2) + underflow;
    }

    /** The smallest value {@link Distances#squaredL2} can return for a pair whose true D is at least {@code lower}. */
    double exactLower(double lower) {
        return Math.max(0, lower) * (1 - gammaExact) - underflow;
    }

    /** The largest value {@link Distances#squaredL2} can return for a pair whose true D is at most {@code upper}. */
    double exactUpper(double upper) {
        return Math.max(0, upper) * (1 + gammaExact) + underflow;
    }

    /** Whether an exact distance e is consistent with an approximate a whose bound is err (a broken engine otherwise). */
    boolean consistent(double a, double err, double e) {
        return e >= exactLower(a - err) && e <= exactUpper(a + err);
    }

    /** |x_r|^2 of every row, summed in double (float products are exact in double). */
    static double[] squaredNorms(float[] x, int rows, int dim) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            int o = r * dim;
            for (int d = 0; d < dim; d++) {
                double v = x[o + d];
                s += v * v;
            }
            out[r] = s;
        }
        return out;
    }
}
