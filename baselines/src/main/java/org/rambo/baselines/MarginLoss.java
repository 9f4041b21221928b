package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.List;
import org.rambo.rank.Scalars;

/**
 * Margin loss (Wu et al., "Sampling Matters in Deep Embedding Learning", ICCV 2017), the loss
 * RaMBO's retrieval experiments built on: per pair {@code relu(α + y (D - β))}, y = +1 for a
 * positive pair and -1 for a negative one, D the distance (default L2) of L2-normalised
 * embeddings (this loss normalises; the sampler's distance model assumes L2 on the unit sphere).
 *
 * <p>Pieces: the distance; the pairs come from a {@link PairMiner}, by default
 * {@link DistanceWeightedSampler} (every positive plus one distance-weighted negative per
 * positive, cutoffs 0.5 and 1.4); the terms are reduced by a {@link Reduction}, by default the
 * mean over non-zero terms (Wu et al. divide by the number of active pairs). {@code ν > 0} adds
 * {@code ν · mean over the pairs of β(anchor class)} (Wu et al. add ν·Σβ before dividing by the
 * active-pair count; ν is 0 in their code and here by default).
 *
 * <p>β is learnable, so it must reach the optimizer. DJL losses hold no parameters; β is
 * a parameter of the MODEL instead: {@link #wrap(Block)} returns a {@link MarginBeta} block that
 * outputs [embeddings, β], and this loss reads β from predictions[1]. A single β (length 1) is
 * shared by all pairs; a per-class β (length C) is indexed by the anchor's class id in 0..C-1.
 *
 * <p>The sampler's stream is seeded ({@link Builder#optSeed(long)}, default 0) and its state can
 * be checkpointed: {@link #samplerState()} and {@link #restoreSamplerState(long)}. Keep one loss
 * for a whole run (a loss built anew each epoch restarts the stream from its seed).
 */
public final class MarginLoss extends TupleLoss<Pair> {

    private final float alpha;
    private final float initialBeta;
    private final int classes;
    private final float nu;

    private MarginLoss(Builder b, PairMiner sampler) {
        super("MarginLoss", b.distance, sampler, b.reduction, true);
        this.alpha = b.alpha;
        this.initialBeta = b.beta;
        this.classes = b.classes;
        this.nu = b.nu;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** β at initialisation, used by {@link #wrap(Block)}. */
    public float initialBeta() {
        return initialBeta;
    }

    /** 0 for one global β, else the number of per-class β values. */
    public int classes() {
        return classes;
    }

    /** The block to train instead of the embedding model: it outputs [embeddings, β], β a parameter. */
    public MarginBeta wrap(Block embeddingModel) {
        return new MarginBeta(embeddingModel, initialBeta, classes);
    }

    /**
     * The sampler's stream state, to save with a checkpoint. Before the first batch it is the
     * seed; every batch advances it.
     *
     * @throws IllegalStateException if the pairs come from a miner other than {@link DistanceWeightedSampler}
     */
    public long samplerState() {
        return sampler().state();
    }

    /**
     * Resumes the sampler's stream at a state read with {@link #samplerState()}: the following
     * batches draw the pairs they would have drawn without the interruption. Given a seed instead,
     * it restarts the stream as if the loss had been built with that seed.
     *
     * @throws IllegalStateException if the pairs come from a miner other than {@link DistanceWeightedSampler}
     */
    public void restoreSamplerState(long state) {
        sampler().restoreState(state);
    }

    private DistanceWeightedSampler sampler() {
        if (miner() instanceof DistanceWeightedSampler s) {
            return s;
        }
        throw new IllegalStateException("the margin loss's pair miner '" + miner().name()
                + "' is not the distance-weighted sampler and has no state");
    }

    @Override
    protected Terms tupleTerms(EmbeddingBatch batch, List<Pair> pairs) {
        NDArray beta = beta(batch);
        if (pairs.isEmpty()) {
            return Terms.none().plus(Scalars.mul(beta.sum(), 0f));
        }
        int[] ids = batch.labels();
        int n = pairs.size();
        float[] sign = new float[n];
        long[] betaIndex = new long[n];
        for (int k = 0; k < n; k++) {
            Pair p = pairs.get(k);
            sign[k] = p.positive() ? 1f : -1f;
            int c = ids[p.anchor()];
            if (classes > 0 && (c < 0 || c >= classes)) {
                throw new IllegalArgumentException(
                        "class id " + c + " is outside 0.." + (classes - 1) + " of the per-class beta");
            }
            betaIndex[k] = classes > 0 ? c : 0;
        }
        NDArray dist = Pair.distances(batch, pairs);
        NDArray pairBeta = beta.gather(dist.getManager().create(betaIndex), 0);
        NDArray y = dist.getManager().create(sign);
        Terms terms = Terms.of(Scalars.maximum(dist.sub(pairBeta).mul(y).add(alpha), 0f));
        return nu == 0f ? terms : terms.plus(Scalars.mul(pairBeta.mean(), nu));
    }

    /** β from predictions[1], checked against the configured length. */
    private NDArray beta(EmbeddingBatch batch) {
        if (batch.predictions().size() < 2) {
            throw new IllegalArgumentException("the margin loss needs beta as predictions[1]: train "
                    + "MarginLoss.wrap(model) (a MarginBeta block, which outputs [embeddings, beta])");
        }
        NDArray beta = batch.predictions().get(1).reshape(-1);
        // predictions[1] is the model's parameter itself: what is made from it would belong to the
        // model's manager and outlive the step, so it goes with the step's embeddings instead
        beta.attach(batch.predictions().head().getManager());
        int expected = Math.max(1, classes);
        if (beta.size() != expected) {
            throw new IllegalArgumentException("beta holds " + beta.size() + " values, the margin loss expects "
                    + expected + (classes == 0 ? " (one global beta)" : " (one per class)"));
        }
        return beta;
    }

    @Override
    public String toString() {
        return "MarginLoss[alpha=" + alpha + ", beta0=" + initialBeta + ", classes=" + classes + ", nu=" + nu
                + ", sampler=" + miner().name() + ", distance=" + distance().name() + ", reduction="
                + reduction().specName() + "]";
    }

    /**
     * Builder: Wu et al.'s α 0.2, β 1.2 (global), ν 0, L2 distance, distance-weighted sampling
     * seeded 0, mean over non-zero terms.
     */
    public static final class Builder {
        private float alpha = 0.2f;
        private float beta = 1.2f;
        private int classes;
        private float nu;
        private Distance distance = new L2Distance();
        private PairMiner sampler;
        private Long seed;
        private Reduction reduction = Reduction.MEAN_NONZERO;

        private Builder() {}

        public Builder optAlpha(float alpha) {
            this.alpha = alpha;
            return this;
        }

        /** β at initialisation (Wu et al.: 1.2). */
        public Builder optBeta(float beta) {
            this.beta = beta;
            return this;
        }

        /** 0 (default) for one global β, else one β per class (labels 0..classes-1). */
        public Builder optClasses(int classes) {
            this.classes = classes;
            return this;
        }

        public Builder optNu(float nu) {
            this.nu = nu;
            return this;
        }

        /** The distance D (default L2; the default sampler models L2 distances on the unit sphere). */
        public Builder optDistance(Distance d) {
            this.distance = d;
            return this;
        }

        /** The pair selection (default: the distance-weighted sampler with Wu et al.'s cutoffs). */
        public Builder optSampler(PairMiner sampler) {
            this.sampler = sampler;
            return this;
        }

        /** The seed of the default sampler's stream (default 0); a sampler given with optSampler carries its own. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optReduction(Reduction r) {
            this.reduction = r;
            return this;
        }

        public MarginLoss build() {
            if (!Float.isFinite(alpha) || alpha < 0) {
                throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
            }
            if (!Float.isFinite(beta)) {
                throw new IllegalArgumentException("beta must be finite, got " + beta);
            }
            if (classes < 0) {
                throw new IllegalArgumentException("classes must be >= 0 (0 = one global beta), got " + classes);
            }
            if (!Float.isFinite(nu) || nu < 0) {
                throw new IllegalArgumentException("nu must be a finite number >= 0, got " + nu);
            }
            if (reduction == null || distance == null) {
                throw new IllegalArgumentException("distance and reduction must not be null");
            }
            if (sampler != null && seed != null) {
                throw new IllegalArgumentException(
                        "optSeed seeds the default sampler; a sampler given with " + "optSampler carries its own seed");
            }
            PairMiner pairs = sampler != null
                    ? sampler
                    : DistanceWeightedSampler.builder()
                            .optSeed(seed == null ? 0L : seed)
                            .build();
            return new MarginLoss(this, pairs);
        }
    }
}
