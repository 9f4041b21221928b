package org.rambo.rank;

/**
 * RaMBO's recall loss: for each positive, x = the number of negatives ranked above it, and
 * the loss is the mean of {@code w(x)} over positives. Only the rank among all items carries
 * gradient; the rank among positives is a constant.
 *
 * <p>{@link Reduction#REFERENCE} (the default) reproduces the public reference code exactly,
 * including its quirk: x is computed from normalised ranks multiplied by the number of ROWS
 * of the score matrix (not the row length), and the sum is divided by the number of positives
 * in the whole matrix. {@link Reduction#PER_QUERY_MEAN} uses the true count of negatives
 * above and averages per query, then over queries that have a positive.
 */
public final class RecallLoss extends BlackboxRankingLoss {

    /**
     * How the recall loss weighs the number x of negatives ranked above a positive. LOG1P gives
     * weights close to 1/K over recall@K ("RaMBO log"); LOGLOG1P flattens further ("RaMBO log log").
     */
    public enum Weight {
        IDENTITY {
            @Override
            public double value(double x) {
                return x;
            }

            @Override
            public double derivative(double x) {
                return 1.0;
            }
        },
        LOG1P {
            @Override
            public double value(double x) {
                return Math.log1p(x);
            }

            @Override
            public double derivative(double x) {
                return 1.0 / (1.0 + x);
            }
        },
        LOGLOG1P {
            @Override
            public double value(double x) {
                return Math.log1p(Math.log1p(x));
            }

            @Override
            public double derivative(double x) {
                return 1.0 / ((1.0 + Math.log1p(x)) * (1.0 + x));
            }
        };

        public abstract double value(double x);

        public abstract double derivative(double x);
    }

    /** How per-positive terms are normalised and averaged. */
    public enum Reduction {
        REFERENCE,
        PER_QUERY_MEAN
    }

    private final MarginNoise margin;
    private final Weight weight;
    private final Reduction reduction;

    private RecallLoss(Builder b) {
        super(checkLambda(b.lambda));
        this.margin = MarginNoise.deterministic(checkMargin(b.margin));
        this.weight = b.weight;
        this.reduction = b.reduction;
    }

    public static Builder builder() {
        return new Builder();
    }

    public float margin() {
        return margin.margin();
    }

    public Weight weight() {
        return weight;
    }

    public Reduction reduction() {
        return reduction;
    }

    @Override
    protected LossAndGradient evaluate(float[] scores, float[] relevance, int rows, int cols) {
        SortedRows sorted = SortedRows.sort(margin, scores, relevance, rows, cols);
        float[] gradient = new float[scores.length];
        if (sorted.totalPositives == 0) {
            return new LossAndGradient(0.0, gradient);
        }
        double loss = 0.0;
        for (int r = 0; r < rows; r++) {
            int p = sorted.positivesPerRow[r];
            if (p == 0) {
                continue;
            }
            // Reference: x = (rank_all - rank_pos) / cols * rows; dx/d(rank_all / cols) = rows.
            // Per query: x = rank_all - rank_pos; dx/d(rank_all / cols) = cols.
            double xScale = reduction == Reduction.REFERENCE ? (double) rows / cols : 1.0;
            double dxScale = reduction == Reduction.REFERENCE ? rows : cols;
            double termScale = reduction == Reduction.REFERENCE
                    ? 1.0 / sorted.totalPositives
                    : 1.0 / ((double) p * sorted.rowsWithPositives);
            for (int k = 0; k < p; k++) {
                // k positives rank above this one: the rest of the elements above are negatives
                double x = (sorted.position(r, k) - k) * xScale;
                loss += weight.value(x) * termScale;
                sorted.move(r, k, weight.derivative(x) * dxScale * termScale);
            }
        }
        sorted.backward(lambda(), gradient);
        return new LossAndGradient(loss, gradient);
    }

    @Override
    public String toString() {
        return "RecallLoss[lambda=" + lambda() + ", " + margin + ", weight=" + weight + ", reduction=" + reduction
                + "]";
    }

    /** Builder; every option has a default (lambda 4, margin 0.02, LOG1P, REFERENCE). */
    public static final class Builder {
        private float lambda = 4f;
        private float margin = 0.02f;
        private Weight weight = Weight.LOG1P;
        private Reduction reduction = Reduction.REFERENCE;

        private Builder() {}

        public Builder optLambda(float lambda) {
            this.lambda = lambda;
            return this;
        }

        public Builder optMargin(float margin) {
            this.margin = margin;
            return this;
        }

        public Builder optWeight(Weight weight) {
            if (weight == null) {
                throw new IllegalArgumentException("weight must not be null");
            }
            this.weight = weight;
            return this;
        }

        public Builder optReduction(Reduction reduction) {
            if (reduction == null) {
                throw new IllegalArgumentException("reduction must not be null");
            }
            this.reduction = reduction;
            return this;
        }

        public RecallLoss build() {
            return new RecallLoss(this);
        }
    }
}
