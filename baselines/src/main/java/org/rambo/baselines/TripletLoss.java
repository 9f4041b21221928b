package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.rambo.rank.Scalars;

/**
 * Triplet loss {@code relu(d_ap - d_an + m)} over the triplets a {@link TripletMiner} selects
 * (all, semi-hard, batch-hard). Pieces: a {@link Distance} (default L2), the miner (default all
 * triplets) and a {@link Reduction} (default mean over non-zero terms). Defaults follow
 * pytorch-metric-learning's TripletMarginLoss (margin 0.05, all triplets, AvgNonZeroReducer);
 * the Reality Check tuned m to 0.05-0.12.
 *
 * <p>Does NOT normalise the embeddings (the harness model outputs unit vectors already).
 */
public final class TripletLoss extends TupleLoss<Triplet> {

    private final float margin;

    private TripletLoss(Builder b) {
        super("TripletLoss", b.distance, b.miner, b.reduction, false);
        this.margin = b.margin;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected Terms tupleTerms(EmbeddingBatch batch, List<Triplet> triplets) {
        if (triplets.isEmpty()) {
            return Terms.none();
        }
        int[] a = triplets.stream().mapToInt(Triplet::anchor).toArray();
        NDArray dap =
                batch.distances(a, triplets.stream().mapToInt(Triplet::positive).toArray());
        NDArray dan =
                batch.distances(a, triplets.stream().mapToInt(Triplet::negative).toArray());
        return Terms.of(Scalars.maximum(dap.sub(dan).add(margin), 0f));
    }

    @Override
    public String toString() {
        return "TripletLoss[margin=" + margin + ", mining=" + miner().name() + ", distance="
                + distance().name() + ", reduction=" + reduction().specName() + "]";
    }

    /** Builder: every option has a default (margin 0.05, all triplets, L2, mean over non-zero). */
    public static final class Builder {
        private float margin = 0.05f;
        private TripletMiner miner = new AllTripletsMiner();
        private Distance distance = new L2Distance();
        private Reduction reduction = Reduction.MEAN_NONZERO;

        private Builder() {}

        public Builder optMargin(float margin) {
            this.margin = margin;
            return this;
        }

        /** The triplet selection; a {@link SemiHardTripletMiner} takes its own margin (usually this loss's). */
        public Builder optMiner(TripletMiner miner) {
            this.miner = miner;
            return this;
        }

        public Builder optDistance(Distance d) {
            this.distance = d;
            return this;
        }

        public Builder optReduction(Reduction r) {
            this.reduction = r;
            return this;
        }

        public TripletLoss build() {
            if (!Float.isFinite(margin) || margin < 0) {
                throw new IllegalArgumentException("triplet margin must be a finite number >= 0, got " + margin);
            }
            if (distance == null || miner == null || reduction == null) {
                throw new IllegalArgumentException("distance, miner and reduction must not be null");
            }
            return new TripletLoss(this);
        }
    }
}
