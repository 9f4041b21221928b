package org.rambo.rank;

/**
 * RaMBO's Average Precision loss. Precision at a positive = its rank among positives / its
 * rank among all; {@code L_mAP = 1 - mean over rows (with a positive) of the row's AP}.
 * {@code L_APC} is one AP over all rows concatenated into a single sequence. The loss is
 * {@code (1 - beta) L_mAP + beta L_APC}; each part has its own blackbox ranker, and each
 * ranker is perturbed by its own weighted incoming gradient, as in the reference.
 *
 * <p>The AP of a row divides by (positives + 1e-5), as the reference does.
 */
public final class ApLoss extends BlackboxRankingLoss {

    /** The reference's guard against rows without positives. */
    static final double EPSILON = 1e-5;

    private final MarginNoise margin;
    private final float apcWeight;

    private ApLoss(Builder b) {
        super(checkLambda(b.lambda));
        checkMargin(b.margin);
        this.margin = b.noisy ? MarginNoise.seeded(b.margin, b.seed) : MarginNoise.deterministic(b.margin);
        if (!(b.apcWeight >= 0f && b.apcWeight <= 1f)) {
            throw new IllegalArgumentException("apc weight beta must lie in [0, 1], got " + b.apcWeight);
        }
        this.apcWeight = b.apcWeight;
    }

    public static Builder builder() {
        return new Builder();
    }

    public float margin() {
        return margin.margin();
    }

    public boolean marginNoise() {
        return margin.isNoisy();
    }

    /** The margin noise stream's position (empty without noise), for checkpoints. */
    public byte[] noiseState() {
        return margin.state();
    }

    /** Continues the margin noise stream from {@link #noiseState()}. */
    public void restoreNoiseState(byte[] state) {
        margin.restore(state);
    }

    public float apcWeight() {
        return apcWeight;
    }

    @Override
    protected LossAndGradient evaluate(float[] scores, float[] relevance, int rows, int cols) {
        float[] gradient = new float[scores.length];
        double loss = 0.0;
        if (apcWeight < 1f) {
            loss += (1.0 - apcWeight) * meanAp(scores, relevance, rows, cols, 1.0 - apcWeight, gradient);
        }
        if (apcWeight > 0f) {
            loss += apcWeight * meanAp(scores, relevance, 1, scores.length, apcWeight, gradient);
        }
        return new LossAndGradient(loss, gradient);
    }

    /**
     * 1 - mean AP over the rows of the given view that have a positive; adds the blackbox
     * gradient of {@code weight * loss} into {@code gradient}.
     */
    private double meanAp(float[] scores, float[] relevance, int rows, int cols, double weight, float[] gradient) {
        SortedRows sorted = SortedRows.sort(margin, scores, relevance, rows, cols);
        if (sorted.rowsWithPositives == 0) {
            return 0.0;
        }
        double apSum = 0.0;
        for (int r = 0; r < rows; r++) {
            int p = sorted.positivesPerRow[r];
            if (p == 0) {
                continue;
            }
            double rowScale = 1.0 / ((p + EPSILON) * sorted.rowsWithPositives);
            double precisionSum = 0.0;
            for (int k = 0; k < p; k++) {
                int seen = k + 1;
                int rankAll = sorted.position(r, k) + 1;
                precisionSum += (double) seen / rankAll;
                // d(1 - rank_pos/rank_all)/d(rank_all/cols) = rank_pos * cols / rank_all^2
                sorted.move(r, k, weight * rowScale * seen * (double) cols / ((double) rankAll * rankAll));
            }
            apSum += precisionSum / (p + EPSILON);
        }
        sorted.backward(lambda(), gradient);
        return 1.0 - apSum / sorted.rowsWithPositives;
    }

    @Override
    public String toString() {
        return "ApLoss[lambda=" + lambda() + ", " + margin + ", apc=" + apcWeight + "]";
    }

    /** Builder; defaults: lambda 4, margin 0.02 without noise, beta 0 (pure mAP). */
    public static final class Builder {
        private float lambda = 4f;
        private float margin = 0.02f;
        private boolean noisy;
        private long seed;
        private float apcWeight;

        private Builder() {}

        public Builder optLambda(float lambda) {
            this.lambda = lambda;
            return this;
        }

        public Builder optMargin(float margin) {
            this.margin = margin;
            return this;
        }

        /** Scale each element's margin shift by |N(0,1)| drawn from a stream seeded with seed. */
        public Builder optMarginNoise(boolean noisy, long seed) {
            this.noisy = noisy;
            this.seed = seed;
            return this;
        }

        /** Weight beta of the APC term: loss = (1 - beta) mAP + beta APC. */
        public Builder optApcWeight(float beta) {
            this.apcWeight = beta;
            return this;
        }

        public ApLoss build() {
            return new ApLoss(this);
        }
    }
}
