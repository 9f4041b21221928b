package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Margin loss (Wu et al., "Sampling Matters in Deep Embedding Learning", ICCV 2017), the base
 * RaMBO built on: {@code relu(α + y (D - β))} with y = +1 for a positive pair and -1 for a
 * negative, β learnable (global or per anchor class), on L2 distances of L2-normalised
 * embeddings. Pairs: every (anchor, positive) plus, per positive, one negative drawn by
 * distance-weighted sampling: weight ∝ 1 / q(d), q the density of distances between random
 * points on the unit sphere in dimension n, d clipped below at {@code cutoff} (0.5), weights
 * zero beyond {@code nonzeroLossCutoff} (1.4). Loss = sum / number of non-zero terms, plus
 * {@code nu · mean β} (ν = 0 by default). β comes from the model: see {@link MarginBeta}.
 */
public final class MarginLoss extends Loss {

    private final float alpha;
    private final float initialBeta;
    private final int classes;
    private final float nu;
    private final float cutoff;
    private final float nonzeroLossCutoff;
    private final SplittableRandom random;

    private MarginLoss(Builder b) {
        super("MarginLoss");
        this.alpha = b.alpha;
        this.initialBeta = b.beta;
        this.classes = b.classes;
        this.nu = b.nu;
        this.cutoff = b.cutoff;
        this.nonzeroLossCutoff = b.nonzeroLossCutoff;
        this.random = new SplittableRandom(b.seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The block to wrap the embedding model with, so the model also outputs β. */
    public MarginBeta wrap(ai.djl.nn.Block embeddingModel) {
        return new MarginBeta(embeddingModel, initialBeta, classes);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray emb = Embeddings.l2Normalise(Embeddings.embeddings(predictions));
        if (predictions.size() < 2) {
            throw new IllegalArgumentException("the margin loss needs beta as predictions[1]: wrap the model with "
                    + "MarginLoss.wrap(model) (class MarginBeta)");
        }
        NDArray beta = predictions.get(1);
        int[] ids = Embeddings.labels(labels, emb.getShape().get(0));
        int n = ids.length;
        int dim = Math.toIntExact(emb.getShape().get(1));
        NDManager m = emb.getManager();
        NDArray d = new L2Distance().pairwise(emb, emb);
        float[] df = d.toFloatArray();
        List<long[]> pairs = samplePairs(df, ids, dim);
        if (pairs.isEmpty()) {
            return d.sum().mul(0f);
        }
        long[] index = new long[pairs.size()];
        float[] sign = new float[pairs.size()];
        long[] betaIndex = new long[pairs.size()];
        for (int k = 0; k < pairs.size(); k++) {
            long[] p = pairs.get(k);
            index[k] = p[0] * n + p[1];
            sign[k] = p[2];
            int c = ids[(int) p[0]];
            if (classes > 0 && (c < 0 || c >= classes)) {
                throw new IllegalArgumentException("class id " + c + " outside 0.." + (classes - 1)
                        + " of the per-class beta");
            }
            betaIndex[k] = classes > 0 ? c : 0;
        }
        NDArray dist = d.reshape(-1).gather(m.create(index), 0);
        NDArray b = beta.reshape(-1).gather(m.create(betaIndex), 0);
        NDArray y = m.create(sign);
        NDArray terms = dist.sub(b).mul(y).add(alpha).maximum(0f);
        NDArray loss = Reduction.MEAN_NONZERO.reduce(terms, m.ones(new Shape(pairs.size()), DataType.FLOAT32));
        return nu == 0f ? loss : loss.add(beta.mean().mul(nu));
    }

    /** (anchor, other, +1|-1) pairs: all positives, one distance-weighted negative per positive. */
    List<long[]> samplePairs(float[] d, int[] ids, int dim) {
        int n = ids.length;
        List<long[]> pairs = new ArrayList<>();
        double[] weights = new double[n];
        for (int a = 0; a < n; a++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                weights[j] = Double.NEGATIVE_INFINITY;
                if (j != a && ids[j] != ids[a]) {
                    double dist = Math.max(cutoff, d[a * n + j]);
                    // log of 1/q(d): q(d) ∝ d^(n-2) (1 - d²/4)^((n-3)/2)
                    double logInv = -((dim - 2.0) * Math.log(dist)
                            + ((dim - 3.0) / 2.0) * Math.log(Math.max(1e-8, 1.0 - dist * dist / 4.0)));
                    if (d[a * n + j] < nonzeroLossCutoff) {
                        weights[j] = logInv;
                        max = Math.max(max, logInv);
                    }
                }
            }
            double total = 0;
            for (int j = 0; j < n; j++) {
                weights[j] = weights[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(weights[j] - max);
                total += weights[j];
            }
            for (int p = 0; p < n; p++) {
                if (p == a || ids[p] != ids[a]) {
                    continue;
                }
                pairs.add(new long[] {a, p, 1});
                int negative = draw(weights, total, ids, a);
                if (negative >= 0) {
                    pairs.add(new long[] {a, negative, -1});
                }
            }
        }
        return pairs;
    }

    /** A negative by weight; uniform over negatives when every weight is zero; -1 if none. */
    private int draw(double[] weights, double total, int[] ids, int anchor) {
        int n = ids.length;
        if (total > 0) {
            double u = random.nextDouble() * total;
            for (int j = 0; j < n; j++) {
                u -= weights[j];
                if (u < 0 && weights[j] > 0) {
                    return j;
                }
            }
        }
        List<Integer> negatives = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (ids[j] != ids[anchor]) {
                negatives.add(j);
            }
        }
        return negatives.isEmpty() ? -1 : negatives.get(random.nextInt(negatives.size()));
    }

    /** Builder: Wu et al.'s defaults α 0.2, β 1.2 (global), ν 0, cutoff 0.5, non-zero-loss cutoff 1.4. */
    public static final class Builder {
        private float alpha = 0.2f;
        private float beta = 1.2f;
        private int classes;
        private float nu;
        private float cutoff = 0.5f;
        private float nonzeroLossCutoff = 1.4f;
        private long seed;

        public Builder optAlpha(float alpha) {
            this.alpha = alpha;
            return this;
        }

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

        public Builder optCutoff(float cutoff) {
            this.cutoff = cutoff;
            return this;
        }

        public Builder optNonzeroLossCutoff(float c) {
            this.nonzeroLossCutoff = c;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public MarginLoss build() {
            if (classes < 0) {
                throw new IllegalArgumentException("classes must be >= 0, got " + classes);
            }
            return new MarginLoss(this);
        }
    }
}
