package org.rambo.baselines;

import java.util.List;

/**
 * Chooses pairs from a batch. Mining is a selection only: it sees gradient-free distances and
 * the losses then evaluate their per-pair math on the differentiable distances of the chosen
 * pairs. A pair may be chosen more than once (sampling with replacement); it then counts each time.
 */
public interface PairMiner {

    /**
     * @param distances row-major n x n distances of the batch (the loss's own distance)
     * @param labels class id per item
     * @param dim the embedding dimension (used by samplers that model distances on the sphere)
     */
    List<Pair> mine(double[] distances, int[] labels, int dim);

    /** The spec name of the miner. */
    String name();
}
