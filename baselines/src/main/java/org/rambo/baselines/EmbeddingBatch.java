package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * One batch as a {@link MetricLoss} hands it to its terms: the checked (and, for losses that
 * normalise, unit-length) embeddings, the class ids, and the loss's distance. The distance matrix
 * is computed on first use and then shared, so a loss that never asks for it (Smooth-AP ranks
 * by similarity) does not pay for it.
 */
public final class EmbeddingBatch {

    private final NDArray embeddings;
    private final int[] labels;
    private final Distance distance;
    private final NDList predictions;
    private NDArray distances;
    private double[] detached;

    EmbeddingBatch(NDArray embeddings, int[] labels, Distance distance, NDList predictions) {
        this.embeddings = embeddings;
        this.labels = labels;
        this.distance = distance;
        this.predictions = predictions;
    }

    /** The embeddings [B x d] the distances are computed on. */
    public NDArray embeddings() {
        return embeddings;
    }

    /** The class id of each item (shared, not copied: do not modify). */
    public int[] labels() {
        return labels;
    }

    public int size() {
        return labels.length;
    }

    public int dim() {
        return Math.toIntExact(embeddings.getShape().get(1));
    }

    /** Everything the model output; predictions[0] are the raw embeddings, later entries loss-specific (β). */
    public NDList predictions() {
        return predictions;
    }

    /** The differentiable distance matrix [B x B]. */
    public NDArray distances() {
        if (distances == null) {
            distances = distance.pairwise(embeddings, embeddings);
        }
        return distances;
    }

    /** The distance's similarity matrix [B x B] (larger = closer), differentiable. */
    public NDArray similarities() {
        return distance.similarity(embeddings, embeddings);
    }

    /** A gradient-free row-major copy of the distance matrix, for miners. */
    public double[] detachedDistances() {
        if (detached == null) {
            detached = Embeddings.toDoubles(distances());
        }
        return detached;
    }

    /** The distances of entries (rows[k], cols[k]), differentiably. */
    public NDArray distances(int[] rows, int[] cols) {
        return Embeddings.entries(distances(), rows, cols);
    }

    /** A zero attached to the graph: the value of a loss with nothing selected. */
    public NDArray zero() {
        return Embeddings.zeroLike(embeddings);
    }
}
