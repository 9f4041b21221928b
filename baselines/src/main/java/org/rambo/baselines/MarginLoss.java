package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import java.util.List;

/**
 * Margin loss (Wu et al., "Sampling Matters in Deep Embedding Learning", ICCV 2017), the loss
 * RaMBO's retrieval experiments built on: per pair {@code relu(α + y (D - β))}, y = +1 for a
 * positive pair and -1 for a negative one, D the L2 distance of L2-normalised embeddings (this
 * loss normalises; the sampler's distance model assumes the unit sphere).
 *
 * <p>Pieces: the pairs come from a {@link PairMiner}, by default {@link DistanceWeightedSampler}
 * (every positive plus one distance-weighted negative per positive, cutoffs 0.5 and 1.4); the
 * terms are reduced by a {@link Reduction}, by default the mean over non-zero terms (Wu et al.
 * divide by the number of active pairs). {@code ν > 0} adds {@code ν · mean over the pairs of
 * β(anchor class)} (Wu et al. add ν·Σβ before dividing by the active-pair count; ν is 0 in
 * their code and here by default).
 *
 * <p>β is learnable, so it must reach the optimizer. DJL losses hold no parameters; β is
 * a parameter of the MODEL instead: {@link #wrap(Block)} returns a {@link MarginBeta} block that
 * outputs [embeddings, β], and this loss reads β from predictions[1]. A single β (length 1) is
 * shared by all pairs; a per-class β (length C) is indexed by the anchor's class id in 0..C-1.
 */
public final class MarginLoss extends Loss {

    private final float alpha;
    private final float initialBeta;
    private final int classes;
    private final float nu;
    private final PairMiner sampler;
    private final Reduction reduction;

    private MarginLoss(Builder b) {
        super("MarginLoss");
        this.alpha = b.alpha;
        this.initialBeta = b.beta;
        this.classes = b.classes;
        this.nu = b.nu;
        this.sampler = b.sampler != null ? b.sampler : DistanceWeightedSampler.builder().build();
        this.reduction = b.reduction;
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

    public PairMiner sampler() {
        return sampler;
    }

    /** The block to train instead of the embedding model: it outputs [embeddings, β], β a parameter. */
    public MarginBeta wrap(Block embeddingModel) {
        return new MarginBeta(embeddingModel, initialBeta, classes);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray emb = Embeddings.l2Normalise(Embeddings.embeddings(predictions));
        if (predictions.size() < 2) {
            throw new IllegalArgumentException("the margin loss needs beta as predictions[1]: train "
                    + "MarginLoss.wrap(model) (a MarginBeta block, which outputs [embeddings, beta])");
        }
        NDArray beta = predictions.get(1).reshape(-1);
        int expected = Math.max(1, classes);
        if (beta.size() != expected) {
            throw new IllegalArgumentException("beta holds " + beta.size() + " values, the margin loss expects "
                    + expected + (classes == 0 ? " (one global beta)" : " (one per class)"));
        }
        int[] ids = Embeddings.labels(labels, emb.getShape().get(0));
        int dim = Math.toIntExact(emb.getShape().get(1));
        NDArray d = new L2Distance().pairwise(emb, emb);
        List<Pair> pairs = sampler.mine(Embeddings.toDoubles(d), ids, dim);
        if (pairs.isEmpty()) {
            return Embeddings.zeroLike(d).add(beta.sum().mul(0f));
        }
        int n = pairs.size();
        float[] sign = new float[n];
        long[] betaIndex = new long[n];
        for (int k = 0; k < n; k++) {
            Pair p = pairs.get(k);
            sign[k] = p.positive() ? 1f : -1f;
            int c = ids[p.anchor()];
            if (classes > 0 && (c < 0 || c >= classes)) {
                throw new IllegalArgumentException("class id " + c + " is outside 0.." + (classes - 1)
                        + " of the per-class beta");
            }
            betaIndex[k] = classes > 0 ? c : 0;
        }
        NDArray dist = Embeddings.entries(d, ContrastiveLoss.anchors(pairs), ContrastiveLoss.others(pairs));
        NDArray pairBeta = beta.gather(beta.getManager().create(betaIndex), 0);
        NDArray y = dist.getManager().create(sign);
        NDArray loss = reduction.reduce(dist.sub(pairBeta).mul(y).add(alpha).maximum(0f));
        return nu == 0f ? loss : loss.add(pairBeta.mean().mul(nu));
    }

    @Override
    public String toString() {
        return "MarginLoss[alpha=" + alpha + ", beta0=" + initialBeta + ", classes=" + classes + ", nu=" + nu
                + ", sampler=" + sampler.name() + ", reduction=" + reduction.specName() + "]";
    }

    /** Builder: Wu et al.'s α 0.2, β 1.2 (global), ν 0, distance-weighted sampling, mean over non-zero terms. */
    public static final class Builder {
        private float alpha = 0.2f;
        private float beta = 1.2f;
        private int classes;
        private float nu;
        private PairMiner sampler;
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

        /** The pair selection (default: {@code DistanceWeightedSampler.builder().build()}). */
        public Builder optSampler(PairMiner sampler) {
            this.sampler = sampler;
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
            if (reduction == null) {
                throw new IllegalArgumentException("reduction must not be null");
            }
            return new MarginLoss(this);
        }
    }
}
