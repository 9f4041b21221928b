package org.rambo.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeds split by concern from one run seed, so the same seed gives every method of an experiment
 * the same initial weights, batch order and augmentations, and changing how one concern draws its
 * numbers leaves the others alone. Retrieval and detection derive them the same way, so a run seed
 * means the same streams in both. Data subsets take no seed: they are the first items of each class.
 *
 * <p>Streams that run across epochs can be re-derived per epoch from their concern's seed
 * ({@link #batchOrder(int)}, {@link #loss(int)}): the state at the start of an epoch is then a
 * function of (seed, epoch), which lets a run resume from an epoch's checkpoint exactly.
 *
 * @param run          the config's seed
 * @param modelInit    the engine seed before the weights are initialised
 * @param batchOrder   the order of the training batches
 * @param augmentation the training images' augmentation
 * @param lossStream   the loss's own randomness (RaMBO's margin noise, the margin loss's pair sampling)
 */
public record Seeds(long run, long modelInit, long batchOrder, long augmentation, long lossStream) {

    private static final int MODEL_INIT = 1;
    private static final int BATCH_ORDER = 2;
    private static final int AUGMENTATION = 3;
    private static final int LOSS = 4;

    public static Seeds split(long seed) {
        return new Seeds(
                seed,
                derive(seed, MODEL_INIT),
                derive(seed, BATCH_ORDER),
                derive(seed, AUGMENTATION),
                derive(seed, LOSS));
    }

    /** The loss's seed in 31 bits, as the loss specs' integer {@code seed} key takes it. */
    public long loss() {
        return lossStream >>> 32;
    }

    /** The model-init seed as the engine takes it (an int). */
    public int engineSeed() {
        return (int) (modelInit & 0x7fffffff);
    }

    /** The seed of an epoch's shuffle. */
    public long batchOrder(int epoch) {
        return derive(batchOrder, epoch);
    }

    /** The seed of an epoch's loss noise. */
    public long loss(int epoch) {
        return derive(lossStream, epoch);
    }

    /** The seeds as provenance.json records them. */
    public Map<String, Long> byConcern() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("run", run);
        m.put("model_init", modelInit);
        m.put("batch_order", batchOrder);
        m.put("augmentation", augmentation);
        m.put("loss", loss());
        m.put("loss_stream", lossStream);
        return m;
    }

    private static long derive(long seed, long stream) {
        // SplittableRandom's mixing gives well-separated streams for nearby seeds and stream numbers
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream).nextLong() & Long.MAX_VALUE;
    }
}
