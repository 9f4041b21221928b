package org.rambo.harness.benchmarks;

import ai.djl.ndarray.NDArray;

/**
 * A straightforward port of the public reference code's recall loss to DJL tensor ops, for
 * comparison only: ranks as argsort of argsort, the rank among positives as a second ranking,
 * the blackbox backward as a third — six argsorts per forward + backward. Returns the gradient
 * w.r.t. the scores (and computes the loss value on the way).
 */
final class ReferencePort {

    private ReferencePort() {}

    /** Normalised ranks, 1 = highest, like rank_normalised: argsort(argsort(y).flip) + 1. */
    static NDArray ranks(NDArray y) {
        long n = y.getShape().get(1);
        NDArray order = y.argSort(1, false);
        return order.argSort(1).add(1).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).div((float) n);
    }

    /** Recall loss (log1p weight) forward + blackbox backward; returns d loss / d scores. */
    static NDArray recallForwardBackward(NDArray scores, NDArray relevance, float lambda, float margin) {
        long rows = scores.getShape().get(0);
        NDArray shifted = scores.sub(relevance.sub(0.5f).mul(margin));
        NDArray rankAll = ranks(shifted);                                       // 2 argsorts
        NDArray rankPos = ranks(rankAll.neg().add(relevance.mul(2f)));           // 2 argsorts
        NDArray x = rankAll.sub(rankPos).mul((float) rows).mul(relevance);
        NDArray total = relevance.sum();
        NDArray loss = x.add(1f).log().mul(relevance).sum().div(total);
        NDArray grad = x.add(1f).pow(-1f).mul((float) rows).mul(relevance).div(total);
        NDArray perturbed = ranks(shifted.add(grad.mul(lambda)));               // 2 argsorts
        loss.getFloat(); // the forward value is materialised, as a training step would
        return rankAll.sub(perturbed).neg().div(lambda + 1e-8f);
    }
}
