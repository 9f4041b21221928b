package org.rambo.rank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

/**
 * A RaMBO ranking loss as a DJL {@link Loss} for retrieval: predictions = [embeddings B×d],
 * labels = [class ids B]. Embeddings are L2-normalised; each query's cosine scores against
 * the batch ∪ memory are ranked with the query itself removed from its own row; relevance is
 * "same label". Drops into DJL's Trainer / EasyTrain unchanged.
 *
 * <p>The memory grows only while gradients are being recorded (inside a GradientCollector,
 * i.e. training); evaluation batches are scored against themselves alone. Close the loss to free the memory's arrays.
 */
public final class RamboRetrievalLoss extends Loss implements AutoCloseable {

    private final RankingLoss rankingLoss;
    private final CandidateMemory memory;

    private RamboRetrievalLoss(Builder b) {
        super(b.name);
        if (b.rankingLoss == null) {
            throw new IllegalArgumentException("a ranking loss must be set (setRankingLoss)");
        }
        this.rankingLoss = b.rankingLoss;
        this.memory = new CandidateMemory(b.memory);
    }

    public static Builder builder() {
        return new Builder();
    }

    public RankingLoss rankingLoss() {
        return rankingLoss;
    }

    public CandidateMemory memory() {
        return memory;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray embeddings = predictions.head();
        NDArray classIds = labels.head();
        Shape shape = embeddings.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("embeddings must be B x d, got shape " + shape);
        }
        long batch = shape.get(0);
        if (classIds.size() != batch) {
            throw new IllegalArgumentException(
                    "labels hold " + classIds.size() + " class ids for " + batch + " embeddings");
        }
        NDArray queries = UnitRows.of(embeddings);
        NDArray queryLabels = classIds.toType(DataType.INT64, false).reshape(batch);
        boolean training = GradientRecording.isActive(embeddings);

        NDArray candidates = queries;
        NDArray candidateLabels = queryLabels;
        if (training) {
            NDList stored = memory.stored(embeddings.getUid(), embeddings.getManager());
            if (!stored.isEmpty()) {
                candidates = NDArrays.concat(new NDList(queries, stored.get(0)));
                candidateLabels = NDArrays.concat(new NDList(queryLabels, stored.get(1)));
            }
        }
        long total = candidates.getShape().get(0);
        NDArray scores = queries.matMul(candidates.transpose());
        NDArray loss;
        if (rankingLoss instanceof BlackboxRankingLoss blackbox) {
            // the diagonal and the relevance are handled on the Java copy: no index or 0/1 matrices
            loss = blackbox.computeWithoutDiagonal(scores, candidateLabels.toLongArray(), Math.toIntExact(batch));
        } else {
            NDArray withoutSelf = selfRemovalIndex(embeddings.getManager(), batch, total);
            NDArray relevance = queryLabels
                    .reshape(batch, 1)
                    .eq(candidateLabels.reshape(1, total))
                    .toType(DataType.FLOAT32, false)
                    .gather(withoutSelf, 1);
            loss = rankingLoss.compute(scores.gather(withoutSelf, 1), relevance);
        }
        if (training) {
            memory.push(embeddings.getUid(), queries, queryLabels);
        }
        return loss;
    }

    /** Row i lists every candidate column except i (query i is candidate i). */
    static NDArray selfRemovalIndex(NDManager manager, long batch, long total) {
        int b = Math.toIntExact(batch);
        int n = Math.toIntExact(total);
        long[] index = new long[b * (n - 1)];
        int k = 0;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    index[k++] = j;
                }
            }
        }
        return manager.create(index, new Shape(b, n - 1));
    }

    @Override
    public void close() {
        memory.close();
    }

    @Override
    public String toString() {
        return getName() + "[" + rankingLoss + ", memory=" + memory.capacity() + "]";
    }

    /** Builder: {@code setRankingLoss} required; memory (batches, default 0) and name optional. */
    public static final class Builder {
        private RankingLoss rankingLoss;
        private int memory;
        private String name = "RamboRetrievalLoss";

        private Builder() {}

        public Builder setRankingLoss(RankingLoss rankingLoss) {
            this.rankingLoss = rankingLoss;
            return this;
        }

        public Builder optMemory(int batches) {
            this.memory = batches;
            return this;
        }

        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        public RamboRetrievalLoss build() {
            return new RamboRetrievalLoss(this);
        }
    }
}
