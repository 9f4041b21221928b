package org.rambo.harness.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeds split by concern from one run seed, so the same seed gives every method the same
 * initial weights, batch order and augmentations, and changing one concern leaves the others.
 * {@code loss} seeds the loss's own randomness (RaMBO's margin noise, the margin loss's pair
 * sampling); it has 31 bits, as the loss specs' integer {@code seed} key does. Data subsets take
 * no seed: they are the first items of each class.
 */
public record Seeds(long run, long modelInit, long batchOrder, long augmentation, long loss) {

    public static Seeds split(long seed) {
        return new Seeds(seed, derive(seed, 1), derive(seed, 2), derive(seed, 3), derive(seed, 4) >>> 32);
    }

    /** The seeds as provenance.json records them. */
    public Map<String, Long> byConcern() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("run", run);
        m.put("model_init", modelInit);
        m.put("batch_order", batchOrder);
        m.put("augmentation", augmentation);
        m.put("loss", loss);
        return m;
    }

    private static long derive(long seed, int concern) {
        // SplittableRandom's mixing gives well-separated streams for nearby seeds
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + concern).nextLong() & Long.MAX_VALUE;
    }
}
