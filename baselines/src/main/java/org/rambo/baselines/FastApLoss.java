package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

/**
 * FastAP (Cakir et al., "Deep Metric Learning to Rank", CVPR 2019), the strongest non-RaMBO row of
 * the paper's SOP table. Each item is a query against the rest of the batch (itself removed).
 * Squared L2 distances of L2-normalised embeddings (this loss normalises) lie in [0, 4]; they are
 * binned into a soft histogram with L+1 centres z_l = 4l/L and triangular kernels
 * {@code max(0, 1 - |d² - z_l| / Δ)}, Δ = 4/L. With h⁺, h the histograms of the positives and of
 * all candidates and H⁺, H their cumulative sums, FastAP_q = Σ_l h⁺_l H⁺_l / H_l / N⁺_q (bins with
 * H_l = 0 contribute 0); loss = 1 - mean over the queries with a positive. Default L = 10 (the
 * paper's suggestion, pytorch-metric-learning's default). Memory O(B² L).
 */
public final class FastApLoss extends Loss {

    private final int bins;

    private FastApLoss(Builder b) {
        super("FastApLoss");
        this.bins = b.bins;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int bins() {
        return bins;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray emb = Embeddings.embeddings(predictions);
        int[] ids = Embeddings.labels(labels, emb.getShape().get(0));
        int n = ids.length;
        NDManager m = emb.getManager();
        NDArray x = Embeddings.l2Normalise(emb);
        NDArray d2 = x.matMul(x.transpose()).mul(-2f).add(2f);
        float[][] masks = Embeddings.pairMasks(ids);
        float[] positives = new float[n];
        int queries = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                positives[i] += masks[0][i * n + j];
            }
            queries += positives[i] > 0 ? 1 : 0;
        }
        if (queries == 0) {
            return Embeddings.zeroLike(d2);
        }
        NDArray pos = m.create(masks[0], Embeddings.square(n));
        NDArray all = pos.add(m.create(masks[1], Embeddings.square(n)));
        float delta = 4f / bins;
        float[] z = new float[bins + 1];
        for (int l = 0; l <= bins; l++) {
            z[l] = l; // z_l / Δ
        }
        NDArray centres = m.create(z, new Shape(1, 1, bins + 1));
        // pulse[i, j, l] = max(0, 1 - |d²_ij - z_l| / Δ) = max(0, 1 - |d²_ij / Δ - l|)
        NDArray pulse = NDArrays.sub(1f, d2.div(delta).expandDims(2).sub(centres).abs()).maximum(0f);
        // h[i, 0, l] = Σ_j pos[i, j] pulse[i, j, l], h[i, 1, l] = Σ_j all[i, j] pulse[i, j, l]
        NDArray rows = NDArrays.stack(new NDList(pos, all), 1);              // [n, 2, n]
        NDArray h = rows.batchMatMul(pulse);                                 // [n, 2, L+1]
        NDArray hPos = m.create(new float[] {1, 0}, new Shape(1, 2)).matMul(h).squeeze(1);
        NDArray hAll = m.create(new float[] {0, 1}, new Shape(1, 2)).matMul(h).squeeze(1);
        NDArray cumPos = hPos.cumSum(1);
        NDArray cumAll = hAll.cumSum(1);
        // H_l = 0 implies h⁺_l = 0: the guard only avoids 0/0
        NDArray perBin = hPos.mul(cumPos).div(cumAll.maximum(1e-12f));
        NDArray count = m.create(positives);
        NDArray ap = perBin.sum(new int[] {1}).div(count.maximum(1f));      // 0 for queries without positives
        return ap.sum().div(queries).neg().add(1f);
    }

    @Override
    public String toString() {
        return "FastApLoss[bins=" + bins + "]";
    }

    /** Builder: the number of histogram bins L (default 10). */
    public static final class Builder {
        private int bins = 10;

        private Builder() {}

        public Builder optBins(int bins) {
            this.bins = bins;
            return this;
        }

        public FastApLoss build() {
            if (bins < 1) {
                throw new IllegalArgumentException("bins must be >= 1, got " + bins);
            }
            return new FastApLoss(this);
        }
    }
}
