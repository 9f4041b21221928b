package org.rambo.detection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seeds of one detection run, split by concern from the run seed, so a seed gives both
 * methods the same initial weights and batch order, and changing how one concern draws its
 * numbers leaves the others alone. The derivation is the retrieval runs' (same concern numbers),
 * so a run seed means the same streams in both. There is no augmentation in detection, so no
 * augmentation seed.
 *
 * <p>Streams that run across epochs (batch order, the margin noise of the loss) are re-derived
 * per epoch from their concern's seed: the state at the start of an epoch is a function of
 * (seed, epoch), which is what lets a run resume from an epoch's checkpoint exactly.
 *
 * @param run        the config's seed
 * @param modelInit  the engine seed before the weights are initialised
 * @param batchOrder the training images' order, re-shuffled per epoch
 * @param loss       RaMBO's margin noise
 */
public record DetectionSeeds(long run, long modelInit, long batchOrder, long loss) {

    private static final int MODEL_INIT = 1;
    private static final int BATCH_ORDER = 2;
    private static final int LOSS = 4;

    public static DetectionSeeds split(long runSeed) {
        return new DetectionSeeds(
                runSeed, derive(runSeed, MODEL_INIT), derive(runSeed, BATCH_ORDER), derive(runSeed, LOSS));
    }

    /** The engine takes an int seed. */
    public int engineSeed() {
        return (int) (modelInit & 0x7fffffff);
    }

    /** The seed of an epoch's shuffle. */
    public long batchOrder(int epoch) {
        return derive(batchOrder, epoch);
    }

    /** The seed of an epoch's margin noise. */
    public long loss(int epoch) {
        return derive(loss, epoch);
    }

    /** As provenance.json records them. */
    public Map<String, Long> byConcern() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("run", run);
        m.put("model_init", modelInit);
        m.put("batch_order", batchOrder);
        m.put("loss", loss);
        return m;
    }

    private static long derive(long seed, long stream) {
        // SplittableRandom's mixing separates the streams of nearby seeds and stream numbers
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream).nextLong() & Long.MAX_VALUE;
    }
}
