package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.List;

/**
 * Triplet loss {@code relu(d_ap - d_an + m)} over the triplets a {@link TripletMiner} selects
 * (all, semi-hard, batch-hard). Pieces: a {@link Distance} (default L2), the miner (default all
 * triplets) and a {@link Reduction} (default mean over non-zero terms). Defaults follow
 * pytorch-metric-learning's TripletMarginLoss (margin 0.05, all triplets, AvgNonZeroReducer);
 * the Reality Check tuned m to 0.05-0.12.
 *
 * <p>Does NOT normalise the embeddings (the harness model outputs unit vectors already).
 */
public final class TripletLoss extends Loss {

    private final float margin;
    private final TripletMiner miner;
    private final Distance distance;
    private final Reduction reduction;

    private TripletLoss(Builder b) {
        super("TripletLoss");
        this.margin = b.margin;
        this.miner = b.miner;
        this.distance = b.distance;
        this.reduction = b.reduction;
    }

    public static Builder builder() {
        return new Builder();
    }

    public TripletMiner miner() {
        return miner;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray emb = Embeddings.embeddings(predictions);
        int[] ids = Embeddings.labels(labels, emb.getShape().get(0));
        NDArray d = distance.pairwise(emb, emb);
        List<Triplet> triplets = miner.mine(Embeddings.toDoubles(d), ids, margin);
        if (triplets.isEmpty()) {
            return Embeddings.zeroLike(d);
        }
        int[] a = triplets.stream().mapToInt(Triplet::anchor).toArray();
        int[] p = triplets.stream().mapToInt(Triplet::positive).toArray();
        int[] n = triplets.stream().mapToInt(Triplet::negative).toArray();
        NDArray dap = Embeddings.entries(d, a, p);
        NDArray dan = Embeddings.entries(d, a, n);
        return reduction.reduce(dap.sub(dan).add(margin).maximum(0f));
    }

    @Override
    public String toString() {
        return "TripletLoss[margin=" + margin + ", mining=" + miner.specName() + ", distance=" + distance.name()
                + ", reduction=" + reduction.specName() + "]";
    }

    /** Builder: every option has a default (margin 0.05, all triplets, L2, mean over non-zero). */
    public static final class Builder {
        private float margin = 0.05f;
        private TripletMiner miner = TripletMiner.ALL;
        private Distance distance = new L2Distance();
        private Reduction reduction = Reduction.MEAN_NONZERO;

        private Builder() {}

        public Builder optMargin(float margin) {
            this.margin = margin;
            return this;
        }

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
