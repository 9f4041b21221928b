package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.rambo.rank.Scalars;

/**
 * Smooth-AP (Brown et al., "Smooth-AP: Smoothing the Path Towards Large-Scale Image Retrieval",
 * ECCV 2020) in its general form: every item is a query against the rest of the batch (itself
 * removed), any number of samples per class. On the similarities s of a {@link Distance}
 * (default cosine, Brown et al.'s) of L2-normalised embeddings (this loss normalises), the rank of
 * a positive p of query i is replaced by {@code 1 + Σ_{j ≠ i, p} σ((s_ij - s_ip)/τ)}; AP_i = mean over the positives p of (soft rank
 * among positives) / (soft rank among all); loss = 1 - mean AP over the queries that have at least
 * one positive (0, attached to the graph, if none does). The authors' code clamps the sigmoid's
 * argument to [-50, 50]; the library sigmoid is stable without it and σ(±50) is 0 or 1 up to
 * 2e-22, so the clamp is left out (one tensor of B³ floats fewer per step).
 *
 * <p>Memory: queries are processed in chunks of {@code chunk} rows; a chunk's sigmoid tensor is
 * [chunk, B, B] and the soft ranks are one batched product of it with the [chunk, B, 2] relevance
 * columns, so a chunk holds O(chunk · B²) floats (two such tensors in the forward pass) and
 * only the sigmoid output is kept for backward. Intermediates are freed chunk by chunk. B = 512,
 * chunk 16: 16 MiB per chunk tensor, 0.5 GiB kept for backward over the whole batch (B³ floats,
 * inherent to Smooth-AP's gradient); measured on CPU, forward + backward at B = 512, d = 512
 * raise the peak resident memory by about 1 GiB.
 */
public final class SmoothApLoss extends AveragePrecisionLoss {

    private final float temperature;
    private final int chunk;

    private SmoothApLoss(Builder b) {
        super("SmoothApLoss", b.distance, true);
        this.temperature = b.temperature;
        this.chunk = b.chunk;
    }

    public static Builder builder() {
        return new Builder();
    }

    public float temperature() {
        return temperature;
    }

    @Override
    protected NDArray averagePrecision(EmbeddingBatch batch) {
        int n = batch.size();
        NDArray sim = batch.similarities();
        NDManager m = sim.getManager();
        NDArray scaled = Scalars.div(sim, temperature);
        float[][] masks = Embeddings.pairMasks(batch.labels());
        NDArray pos = m.create(masks[0], Embeddings.square(n));
        NDArray all = pos.add(m.create(masks[1], Embeddings.square(n)));
        // columns[i, j, 0] = j is a candidate of query i (j != i); columns[i, j, 1] = j is a positive of i
        NDArray columns = NDArrays.stack(new NDList(all, pos), 2);
        NDArray pickFirst = m.create(new float[] {1, 0}, new Shape(2, 1));
        NDArray pickSecond = m.create(new float[] {0, 1}, new Shape(2, 1));
        NDList parts = new NDList();
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            NDArray part;
            try (NDManager scope = m.newSubManager()) {
                NDIndex rows = new NDIndex(from + ":" + to);
                NDArray s = scaled.get(rows);
                s.attach(scope);
                NDArray posRows = pos.get(rows);
                posRows.attach(scope);
                NDArray cols = columns.get(rows);
                cols.attach(scope);
                // soft[i, p, j] = σ((s_ij - s_ip) / τ)
                NDArray soft = Activation.sigmoid(s.expandDims(1).sub(s.expandDims(2)));
                // Σ_j soft[i, p, j] * columns[i, j, :]; the j = p term is σ(0) = 1/2 for every
                // positive p (a candidate and a positive of i), so 1 + Σ_{j ≠ p} = 1/2 + Σ_j
                NDArray ranks = soft.batchMatMul(cols).add(0.5f); // [c, n, 2]
                // the two columns picked by products with constant selectors (cheaper backward than slicing)
                NDArray rankAll = ranks.matMul(pickFirst).squeeze(2);
                NDArray rankPos = ranks.matMul(pickSecond).squeeze(2);
                NDArray precision = rankPos.div(rankAll).mul(posRows);
                NDArray count = Scalars.maximum(posRows.sum(new int[] {1}), 1f);
                part = precision.sum(new int[] {1}).div(count);
                part.attach(m);
            }
            parts.add(part);
        }
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
    }

    @Override
    public String toString() {
        return "SmoothApLoss[tau=" + temperature + ", chunk=" + chunk + ", distance="
                + distance().name() + "]";
    }

    /** Builder: temperature τ (default 0.01, Brown et al.), the query chunk (default 16), cosine similarity. */
    public static final class Builder {
        private float temperature = 0.01f;
        private int chunk = 16;
        private Distance distance = new CosineDistance();

        private Builder() {}

        public Builder optTemperature(float tau) {
            this.temperature = tau;
            return this;
        }

        /** Queries per chunk: memory per chunk is O(chunk · B²); the value does not change the loss. */
        public Builder optChunk(int rows) {
            this.chunk = rows;
            return this;
        }

        /** The distance whose similarity ranks the candidates (default cosine, Brown et al.). */
        public Builder optDistance(Distance d) {
            this.distance = d;
            return this;
        }

        public SmoothApLoss build() {
            if (!(temperature > 0f) || !Float.isFinite(temperature)) {
                throw new IllegalArgumentException("temperature tau must be a finite number > 0, got " + temperature);
            }
            if (distance == null) {
                throw new IllegalArgumentException("distance must not be null");
            }
            if (chunk < 1) {
                throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
            }
            return new SmoothApLoss(this);
        }
    }
}
