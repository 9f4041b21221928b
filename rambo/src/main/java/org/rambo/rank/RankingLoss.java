package org.rambo.rank;

import ai.djl.ndarray.NDArray;

/**
 * A loss over a matrix of scores (rows = queries, columns = candidates) and 0/1 relevance.
 * The returned scalar's value is the loss; its gradient with respect to {@code scores}, under
 * a DJL {@code GradientCollector}, is the loss's (blackbox) gradient.
 */
public interface RankingLoss {

    NDArray compute(NDArray scores, NDArray relevance);
}
