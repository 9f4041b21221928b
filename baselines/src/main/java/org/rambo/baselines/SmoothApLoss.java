package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * Smooth-AP (Brown et al., ECCV 2020) in its general form: each query against the rest of the
 * batch (itself removed), any number of samples per class. Ranks are sums of temperature
 * sigmoids {@code σ((s_j - s_p)/τ)} over cosine similarities; AP of a query = mean over its
 * positives of soft rank among positives / soft rank among all; loss = 1 - mean AP over
 * queries that have a positive. Queries are processed in chunks of {@code chunk} rows, so
 * memory is O(chunk · B²) rather than O(B³): B = 512, chunk 16 needs 16 MB per tensor.
 */
public final class SmoothApLoss extends Loss {

    private final float temperature;
    private final int chunk;

    private SmoothApLoss(Builder b) {
        super("SmoothApLoss");
        if (!(b.temperature > 0f)) {
            throw new IllegalArgumentException("temperature tau must be > 0, got " + b.temperature);
        }
        if (b.chunk < 1) {
            throw new IllegalArgumentException("chunk must be >= 1, got " + b.chunk);
        }
        this.temperature = b.temperature;
        this.chunk = b.chunk;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray emb = Embeddings.embeddings(predictions);
        int[] ids = Embeddings.labels(labels, emb.getShape().get(0));
        int n = ids.length;
        NDManager m = emb.getManager();
        NDArray q = Embeddings.l2Normalise(emb);
        NDArray sim = q.matMul(q.transpose());
        float[][] masks = Embeddings.pairMasks(ids);
        NDArray pos = m.create(masks[0], Embeddings.square(n));
        NDArray all = pos.add(m.create(masks[1], Embeddings.square(n)));
        int queriesWithPositives = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (masks[0][i * n + j] > 0) {
                    queriesWithPositives++;
                    break;
                }
            }
        }
        if (queriesWithPositives == 0) {
            return sim.sum().mul(0f);
        }
        NDArray apSum = null;
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            NDIndex rows = new NDIndex(from + ":" + to);
            NDArray s = sim.get(rows);                 // [c, n]: s[i, j]
            NDArray posRows = pos.get(rows);           // [c, n]
            NDArray allRows = all.get(rows);
            // diff[i, p, j] = s[i, j] - s[i, p]
            NDArray diff = s.expandDims(1).sub(s.expandDims(2));
            NDArray soft = Activation.sigmoid(diff.div(temperature));
            // j = p contributes σ(0) = 1/2: remove it, the "1 +" below is the item itself
            NDArray notSelf = m.eye(n).neg().add(1f).expandDims(0);
            NDArray rankAll = soft.mul(allRows.expandDims(1)).mul(notSelf).sum(new int[] {2}).add(1f);
            NDArray rankPos = soft.mul(posRows.expandDims(1)).mul(notSelf).sum(new int[] {2}).add(1f);
            NDArray precision = rankPos.div(rankAll).mul(posRows);      // [c, p]
            NDArray count = posRows.sum(new int[] {1});
            NDArray ap = precision.sum(new int[] {1}).div(count.maximum(1f));
            NDArray part = ap.sum();
            apSum = apSum == null ? part : apSum.add(part);
        }
        return apSum.div(queriesWithPositives).neg().add(1f);
    }

    /** Builder: temperature τ (default 0.01, Brown et al.) and the query chunk (default 16). */
    public static final class Builder {
        private float temperature = 0.01f;
        private int chunk = 16;

        public Builder optTemperature(float tau) {
            this.temperature = tau;
            return this;
        }

        public Builder optChunk(int rows) {
            this.chunk = rows;
            return this;
        }

        public SmoothApLoss build() {
            return new SmoothApLoss(this);
        }
    }
}
