package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.rambo.rank.UnitRows;

/**
 * The pipeline every loss of this package shares, in pytorch-metric-learning's composition:
 * embeddings (checked, L2-normalised by the losses whose math assumes the unit sphere) → the
 * distances of a {@link Distance} → a selection → the loss's own terms → a {@link Reduction}.
 * A loss writes only {@link #terms}; {@link TupleLoss} adds mining with a {@link Miner}, and
 * {@link AveragePrecisionLoss} selects the queries that have a positive.
 *
 * <p>Input convention (that of RaMBO's RamboRetrievalLoss, so the harness swaps one loss for
 * another): predictions = [embeddings B x d, ...], labels = [class ids B].
 */
public abstract class MetricLoss extends Loss {

    private final Distance distance;
    private final Reduction reduction;
    private final boolean normalise;

    /**
     * @param normalise whether the embeddings are scaled to unit length before the distance
     */
    protected MetricLoss(String name, Distance distance, Reduction reduction, boolean normalise) {
        super(name);
        if (distance == null || reduction == null) {
            throw new IllegalArgumentException("distance and reduction must not be null");
        }
        this.distance = distance;
        this.reduction = reduction;
        this.normalise = normalise;
    }

    public Distance distance() {
        return distance;
    }

    public Reduction reduction() {
        return reduction;
    }

    @Override
    public final NDArray evaluate(NDList labels, NDList predictions) {
        NDArray raw = Embeddings.embeddings(predictions);
        int[] ids = Embeddings.labels(labels, raw.getShape().get(0));
        NDArray emb = normalise ? UnitRows.of(raw) : raw;
        EmbeddingBatch batch = new EmbeddingBatch(emb, ids, distance, predictions);
        return terms(batch).reduce(reduction, batch.zero());
    }

    /** This loss's terms on one batch. */
    protected abstract Terms terms(EmbeddingBatch batch);
}
