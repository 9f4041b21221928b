package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.rambo.rank.Scalars;

/**
 * FastAP (Cakir et al., "Deep Metric Learning to Rank", CVPR 2019), the strongest non-RaMBO row of
 * the paper's SOP table. Each item is a query against the rest of the batch (itself removed).
 * The distances d of L2-normalised embeddings (this loss normalises), by default squared L2 as in
 * the paper, lie in [0, D] (D = 4 for squared L2, see {@link Distance#maxOnUnitSphere()}); they
 * are binned into a soft histogram with L+1 centres z_l = D l/L and triangular kernels
 * {@code max(0, 1 - |d - z_l| / Δ)}, Δ = D/L. With h⁺, h the histograms of the positives and of
 * all candidates and H⁺, H their cumulative sums, FastAP_q = Σ_l h⁺_l H⁺_l / H_l / N⁺_q (bins with
 * H_l = 0 contribute 0); loss = 1 - mean over the queries with a positive. Default L = 10 (the
 * paper's suggestion, pytorch-metric-learning's default). Memory O(B² L).
 */
public final class FastApLoss extends AveragePrecisionLoss {

    private final int bins;

    private FastApLoss(Builder b) {
        super("FastApLoss", b.distance, true);
        this.bins = b.bins;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int bins() {
        return bins;
    }

    @Override
    protected NDArray averagePrecision(EmbeddingBatch batch) {
        int n = batch.size();
        NDArray d2 = batch.distances();
        NDManager m = d2.getManager();
        float[][] masks = Embeddings.pairMasks(batch.labels());
        float[] positives = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                positives[i] += masks[0][i * n + j];
            }
        }
        NDArray pos = m.create(masks[0], Embeddings.square(n));
        NDArray all = pos.add(m.create(masks[1], Embeddings.square(n)));
        float delta = (float) (distance().maxOnUnitSphere() / bins);
        float[] z = new float[bins + 1];
        for (int l = 0; l <= bins; l++) {
            z[l] = l; // z_l / Δ
        }
        NDArray centres = m.create(z, new Shape(1, 1, bins + 1));
        // pulse[i, j, l] = max(0, 1 - |d_ij - z_l| / Δ) = max(0, 1 - |d_ij / Δ - l|)
        NDArray pulse = Scalars.maximum(
                NDArrays.sub(
                        1f, Scalars.div(d2, delta).expandDims(2).sub(centres).abs()),
                0f);
        // h[i, 0, l] = Σ_j pos[i, j] pulse[i, j, l], h[i, 1, l] = Σ_j all[i, j] pulse[i, j, l]
        NDArray rows = NDArrays.stack(new NDList(pos, all), 1); // [n, 2, n]
        NDArray h = rows.batchMatMul(pulse); // [n, 2, L+1]
        NDArray hPos = m.create(new float[] {1, 0}, new Shape(1, 2)).matMul(h).squeeze(1);
        NDArray hAll = m.create(new float[] {0, 1}, new Shape(1, 2)).matMul(h).squeeze(1);
        NDArray cumPos = hPos.cumSum(1);
        NDArray cumAll = hAll.cumSum(1);
        // H_l = 0 implies h⁺_l = 0: the guard only avoids 0/0
        NDArray perBin = hPos.mul(cumPos).div(Scalars.maximum(cumAll, 1e-12f));
        return perBin.sum(new int[] {1}).div(Scalars.maximum(m.create(positives), 1f));
    }

    @Override
    public String toString() {
        return "FastApLoss[bins=" + bins + ", distance=" + distance().name() + "]";
    }

    /** Builder: the number of histogram bins L (default 10) and the distance (default squared L2). */
    public static final class Builder {
        private int bins = 10;
        private Distance distance = new SquaredL2Distance();

        private Builder() {}

        public Builder optBins(int bins) {
            this.bins = bins;
            return this;
        }

        /**
         * The distance binned into the histogram (default squared L2, Cakir et al.'s); the bins
         * span [0, {@link Distance#maxOnUnitSphere()}].
         */
        public Builder optDistance(Distance d) {
            this.distance = d;
            return this;
        }

        public FastApLoss build() {
            if (bins < 1) {
                throw new IllegalArgumentException("bins must be >= 1, got " + bins);
            }
            if (distance == null
                    || !(distance.maxOnUnitSphere() > 0)
                    || Double.isInfinite(distance.maxOnUnitSphere())) {
                throw new IllegalArgumentException("FastAP needs a distance bounded on the unit sphere");
            }
            return new FastApLoss(this);
        }
    }
}
