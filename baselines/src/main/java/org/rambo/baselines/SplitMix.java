package org.rambo.baselines;

/**
 * The SplitMix64 stream of {@link java.util.SplittableRandom} (same seed, same numbers for
 * nextDouble and nextInt(bound)), with its whole state as one long that can be read and set:
 * SplittableRandom hides its state, and a training run must checkpoint the sampler to resume
 * with the draws it would have made.
 */
final class SplitMix {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    SplitMix(long seed) {
        this.state = seed;
    }

    long state() {
        return state;
    }

    void setState(long state) {
        this.state = state;
    }

    double nextDouble() {
        return (mix64(next()) >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [0, bound), bound > 0, by SplittableRandom's rejection rule. */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        int r = mix32(next());
        int m = bound - 1;
        if ((bound & m) == 0) {
            return r & m;
        }
        for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = mix32(next()) >>> 1) {
            // rejects the top partial block of values so every residue is equally likely
        }
        return r;
    }

    private long next() {
        state += GOLDEN_GAMMA;
        return state;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}
