package org.rambo.harness.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rambo.baselines.LossRegistry;
import org.rambo.baselines.LossSpec;
import org.rambo.baselines.MarginLoss;
import org.rambo.rank.ApLoss;
import org.rambo.rank.RamboRetrievalLoss;

/**
 * The loss of one run, built once so RaMBO's score memory spans epochs, its random streams
 * seeded from {@link org.rambo.training.Seeds#loss()} (the spec's own {@code seed} key, 0 by default, is mixed in so
 * a grid can still pick another stream), and its state (RaMBO's memory and margin noise stream,
 * the margin loss's pair-sampling stream) saved into checkpoints so a resumed run continues it
 * exactly.
 */
final class RunLoss implements AutoCloseable {

    private static final String MEMORY = "loss:memory:";
    private static final String NOISE = "loss:noise";
    private static final String SAMPLER = "loss:sampler";

    private final LossSpec spec;
    private final Loss loss;

    /** The loss of {@code canonicalSpec} (as its grid parsed it), its random streams seeded from {@code lossSeed}. */
    RunLoss(LossSpec canonicalSpec, long lossSeed) {
        this.spec = seeded(canonicalSpec, lossSeed);
        this.loss = LossRegistry.build(spec);
    }

    /**
     * The spec with its random-stream seed (if it has one) driven by the run's loss seed; both are
     * integers, and so is their XOR.
     */
    static LossSpec seeded(LossSpec spec, long lossSeed) {
        if (!spec.params().containsKey("seed")) {
            return spec;
        }
        Map<String, String> params = new LinkedHashMap<>(spec.params());
        params.put("seed", Long.toString(lossSeed ^ spec.getLong("seed")));
        return new LossSpec(spec.name(), params);
    }

    /** The loss (one instance for the whole run; the margin loss also wraps the model with its beta). */
    Loss loss() {
        return loss;
    }

    /**
     * RaMBO's memory batches (oldest first) and margin noise position, or the margin loss's
     * sampling stream, named for the checkpoint.
     */
    NDList state(NDManager owner) {
        NDList out = new NDList();
        if (loss instanceof MarginLoss margin) {
            NDArray a = owner.create(new long[] {margin.samplerState()});
            a.setName(SAMPLER);
            out.add(a);
        } else if (loss instanceof RamboRetrievalLoss rambo) {
            NDList memory = rambo.memory().snapshot(owner);
            for (int i = 0; i < memory.size(); i++) {
                NDArray a = memory.get(i);
                a.setName(MEMORY + String.format("%04d", i / 2) + (i % 2 == 0 ? ":embeddings" : ":labels"));
                out.add(a);
            }
            if (rambo.rankingLoss() instanceof ApLoss ap && ap.marginNoise()) {
                byte[] noise = ap.noiseState();
                NDArray a = owner.create(ByteBuffer.wrap(noise), new Shape(noise.length), DataType.UINT8);
                a.setName(NOISE);
                out.add(a);
            }
        }
        return out;
    }

    /** Restores {@link #state} arrays (those named {@code loss:...}), in the order they were saved. */
    void restore(NDList state) {
        if (loss instanceof MarginLoss margin) {
            if (state.size() != 1 || !state.head().getName().equals(SAMPLER)) {
                throw new IllegalArgumentException(
                        "the margin loss's state is its sampler stream, got " + state.size() + " arrays");
            }
            margin.restoreSamplerState(state.head().getLong());
            return;
        }
        if (!(loss instanceof RamboRetrievalLoss rambo)) {
            if (!state.isEmpty()) {
                throw new IllegalArgumentException("loss state for a loss that keeps none");
            }
            return;
        }
        NDList memory = new NDList();
        for (NDArray a : state) {
            if (a.getName().startsWith(MEMORY)) {
                memory.add(a);
            } else if (a.getName().equals(NOISE) && rambo.rankingLoss() instanceof ApLoss ap) {
                ap.restoreNoiseState(a.toByteArray());
            } else {
                throw new IllegalArgumentException("unknown loss state " + a.getName());
            }
        }
        rambo.memory().restore(memory);
    }

    @Override
    public void close() {
        if (loss instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close loss " + loss, e);
            }
        }
    }
}
