package org.rambo.rank;

import java.util.Random;

/**
 * The margin shift {@code y - alpha * d * (rel - 0.5)}. Deterministic mode uses d = 1 (the
 * recall reference); noisy mode draws d = |N(0,1)| per element from a seeded stream, as the
 * public AP reference does.
 */
final class MarginNoise {

    private final float margin;
    private final Random random;
    private final long seed;

    private MarginNoise(float margin, Random random, long seed) {
        this.margin = margin;
        this.random = random;
        this.seed = seed;
    }

    static MarginNoise deterministic(float margin) {
        return new MarginNoise(margin, null, 0L);
    }

    static MarginNoise seeded(float margin, long seed) {
        return new MarginNoise(margin, new Random(seed), seed);
    }

    boolean isNoisy() {
        return random != null;
    }

    long seed() {
        return seed;
    }

    float margin() {
        return margin;
    }

    /** The shifted scores: positives pushed down, negatives up, by margin / 2 (times noise). */
    float[] shift(float[] scores, float[] relevance) {
        float[] shifted = new float[scores.length];
        if (random == null) {
            for (int i = 0; i < scores.length; i++) {
                shifted[i] = (float) (scores[i] - (double) margin * (relevance[i] - 0.5));
            }
        } else {
            synchronized (random) {
                for (int i = 0; i < scores.length; i++) {
                    double d = Math.abs(random.nextGaussian());
                    shifted[i] = (float) (scores[i] - (double) margin * d * (relevance[i] - 0.5));
                }
            }
        }
        return shifted;
    }

    @Override
    public String toString() {
        return random == null ? "margin=" + margin : "margin=" + margin + " x |N(0,1)| seed=" + seed;
    }
}
