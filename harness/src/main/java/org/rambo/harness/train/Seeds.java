package org.rambo.harness.train;

import java.util.SplittableRandom;

/**
 * Seeds split by concern from one run seed, so the same seed gives every method the same
 * initial weights, batch order and augmentations, and changing one concern leaves the others.
 */
public record Seeds(long modelInit, long batchOrder, long augmentation, long loss, long dataSubset) {

    public static Seeds split(long seed) {
        return new Seeds(derive(seed, 1), derive(seed, 2), derive(seed, 3), derive(seed, 4), derive(seed, 5));
    }

    private static long derive(long seed, int concern) {
        // SplittableRandom's mixing gives well-separated streams for nearby seeds
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + concern).nextLong() & Long.MAX_VALUE;
    }
}
