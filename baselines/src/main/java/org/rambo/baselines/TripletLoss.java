package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.List;

/**
 * Triplet loss {@code relu(d_ap - d_an + m)} over the triplets a {@link TripletMiner} selects.
 * Defaults: margin 0.05 and all triplets, mean over non-zero terms (pytorch-metric-learning's
 * conventions); the Reality Check tuned m to 0.05-0.12.
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
        int n = ids.length;
        NDManager m = emb.getManager();
        NDArray d = distance.pairwise(emb, emb);
        float[] df = d.toFloatArray();
        double[] dd = new double[df.length];
        for (int i = 0; i < df.length; i++) {
            dd[i] = df[i];
        }
        List<Triplet> triplets = miner.mine(dd, ids, margin);
        if (triplets.isEmpty()) {
            return d.sum().mul(0f); // zero, still attached to the graph
        }
        long[] ap = new long[triplets.size()];
        long[] an = new long[triplets.size()];
        for (int t = 0; t < triplets.size(); t++) {
            Triplet tr = triplets.get(t);
            ap[t] = (long) tr.anchor() * n + tr.positive();
            an[t] = (long) tr.anchor() * n + tr.negative();
        }
        NDArray flat = d.reshape(-1);
        NDArray dap = flat.gather(m.create(ap), 0);
        NDArray dan = flat.gather(m.create(an), 0);
        NDArray terms = dap.sub(dan).add(margin).maximum(0f);
        return reduction.reduce(terms, m.ones(new Shape(triplets.size()), DataType.FLOAT32));
    }

    /** Builder: every option has a default (margin 0.05, all triplets, l2, mean over non-zero). */
    public static final class Builder {
        private float margin = 0.05f;
        private TripletMiner miner = TripletMiner.ALL;
        private Distance distance = new L2Distance();
        private Reduction reduction = Reduction.MEAN_NONZERO;

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
            return new TripletLoss(this);
        }
    }
}
