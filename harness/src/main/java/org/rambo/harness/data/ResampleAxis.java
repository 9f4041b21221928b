package org.rambo.harness.data;

/**
 * Pillow's antialiased bilinear resampling weights along one axis, as its {@code Resample.c}
 * computes them (precompute_coeffs, then normalize_coeffs_8bpc): a triangle filter of support 1
 * widened by the downscale factor, centred on each output pixel's centre, the taps between the
 * rounded ends of the support, normalised to sum 1 and turned into 22-bit fixed point. Only the
 * outputs {@code from .. from + count - 1} are kept (the crop window): a pixel's weights do not
 * depend on the other pixels, so these are exactly the ones a full resize uses.
 */
final class ResampleAxis {
    static final int PRECISION_BITS = 32 - 8 - 2;
    static final int HALF = 1 << (PRECISION_BITS - 1);

    /** First source index of each kept output. */
    final int[] first;
    /** Number of taps of each kept output. */
    final int[] taps;
    /** Fixed-point weights, {@code ksize} slots per kept output. */
    final int[] weights;

    final int ksize;

    private ResampleAxis(int[] first, int[] taps, int[] weights, int ksize) {
        this.first = first;
        this.taps = taps;
        this.weights = weights;
        this.ksize = ksize;
    }

    static ResampleAxis of(int inSize, int outSize, int from, int count) {
        if (from < 0 || count < 1 || from + count > outSize) {
            throw new IllegalArgumentException(
                    "outputs " + from + ".." + (from + count - 1) + " outside 0.." + (outSize - 1));
        }
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(1.0, scale);
        double support = filterScale; // bilinear's support is 1
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[count];
        int[] taps = new int[count];
        int[] weights = new int[count * ksize];
        double[] k = new double[ksize];
        for (int i = 0; i < count; i++) {
            int xx = from + i;
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int xmin = (int) (center - support + 0.5); // C's cast: truncation towards zero
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double ww = 0;
            for (int x = 0; x < xmax; x++) {
                double w = triangle((x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }
            for (int x = 0; x < xmax; x++) {
                double w = ww != 0.0 ? k[x] / ww : k[x];
                weights[i * ksize + x] =
                        w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS)) : (int) (0.5 + w * (1 << PRECISION_BITS));
            }
            first[i] = xmin;
            taps[i] = xmax;
        }
        return new ResampleAxis(first, taps, weights, ksize);
    }

    /** The most taps any kept output has. */
    int maxTaps() {
        int m = 0;
        for (int t : taps) {
            m = Math.max(m, t);
        }
        return m;
    }

    /**
     * The same weights as exactly {@code width} taps per output (at least {@link #maxTaps}),
     * zeros added after the taps, or before them where the row ends ({@code first} moved left
     * to stay inside {@code inSize}): the sums do not change, and a loop of a fixed length can
     * be unrolled. Returns {first..., then weights...}: the first count entries are the start
     * indices, then count x width weights.
     */
    int[] padded(int width, int inSize) {
        int count = first.length;
        int[] out = new int[count + count * width];
        for (int i = 0; i < count; i++) {
            int start = Math.min(first[i], inSize - width);
            int shift = first[i] - start;
            out[i] = start;
            System.arraycopy(weights, i * ksize, out, count + i * width + shift, taps[i]);
        }
        return out;
    }

    private static double triangle(double x) {
        x = Math.abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    /** Pillow's clip8: the fixed-point sum back to 0..255. */
    static int clip8(int sum) {
        int v = sum >> PRECISION_BITS;
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }
}
