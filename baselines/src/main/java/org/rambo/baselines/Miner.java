package org.rambo.baselines;

import java.util.List;

/**
 * Chooses the tuples (pairs, triplets) of a batch a loss is evaluated on. Mining is a selection
 * only: it sees gradient-free distances, and the loss then evaluates its terms on the
 * differentiable distances of the chosen tuples. A tuple may be chosen more than once (sampling
 * with replacement); it then counts each time.
 *
 * @param <T> the tuple type
 */
public interface Miner<T> {

    /**
     * @param distances row-major n x n distances of the batch (the loss's own distance)
     * @param labels class id per item
     * @param dim the embedding dimension (used by samplers that model distances on the sphere)
     */
    List<T> mine(double[] distances, int[] labels, int dim);

    /** The spec name of the miner. */
    String name();
}
