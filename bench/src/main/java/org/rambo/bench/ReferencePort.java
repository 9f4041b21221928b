package org.rambo.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * A straightforward port of the public reference algorithm to DJL tensor ops, written here as
 * a comparison benchmark (no third-party code): ranks as argsort of argsort, the rank among
 * positives as a second ranking of {@code -rank_all + 2 rel}, the blackbox backward as a third
 * ranking of the perturbed scores. Six argsorts per forward + backward, all rows at once (PyTorch
 * sorts along the last axis). Each method returns d loss / d scores; the loss value is
 * materialised on the way as a training step would.
 */
final class ReferencePort {

    static final float LAMBDA_EPSILON = 1e-8f;
    static final float AP_EPSILON = 1e-5f;

    private ReferencePort() {}

    /** Normalised ranks along the last axis, 1/n = highest: argsort(argsort(-y)) + 1, over n. */
    static NDArray ranks(NDArray y) {
        long n = y.getShape().get(y.getShape().dimension() - 1);
        int axis = y.getShape().dimension() - 1;
        NDArray order = y.argSort(axis, false);
        return order.argSort(axis).add(1).toType(DataType.FLOAT32, false).div((float) n);
    }

    /** Recall loss, log1p weight, reference reduction: forward + blackbox backward. */
    static NDArray recallForwardBackward(NDArray scores, NDArray relevance, float lambda, float margin) {
        long rows = scores.getShape().dimension() == 1 ? 1 : scores.getShape().get(0);
        NDArray shifted = scores.sub(relevance.sub(0.5f).mul(margin));
        NDArray rankAll = ranks(shifted); // 2 argsorts
        NDArray rankPos = ranks(rankAll.neg().add(relevance.mul(2f))); // 2 argsorts
        NDArray x = rankAll.sub(rankPos).mul((float) rows).mul(relevance);
        NDArray total = relevance.sum();
        NDArray loss = x.add(1f).log().mul(relevance).sum().div(total);
        NDArray grad = x.add(1f).pow(-1f).mul((float) rows).mul(relevance).div(total);
        NDArray perturbed = ranks(shifted.add(grad.mul(lambda))); // 2 argsorts
        loss.getFloat();
        return rankAll.sub(perturbed).neg().div(lambda + LAMBDA_EPSILON);
    }

    /** mAP loss (1 - mean AP over rows with a positive): forward + blackbox backward. */
    static NDArray apForwardBackward(NDArray scores, NDArray relevance, float lambda, float margin) {
        int axis = scores.getShape().dimension() - 1;
        NDArray shifted = scores.sub(relevance.sub(0.5f).mul(margin));
        NDArray rankAll = ranks(shifted); // 2 argsorts
        NDArray rankPos = ranks(rankAll.neg().add(relevance.mul(2f))); // 2 argsorts
        NDArray positives = relevance.sum(new int[] {axis}, true);
        NDArray hasPositive = positives.gt(0f).toType(DataType.FLOAT32, false);
        NDArray rowsWithPositives = hasPositive.sum();
        NDArray precision = rankPos.div(rankAll).mul(relevance);
        NDArray ap = precision.sum(new int[] {axis}, true).div(positives.add(AP_EPSILON));
        NDArray loss = ap.mul(hasPositive).sum().div(rowsWithPositives).neg().add(1f);
        // d(1 - rank_pos/rank_all)/d rank_all = rank_pos / rank_all^2, per row over (P + eps) x rows
        NDArray grad = rankPos.div(rankAll.square())
                .mul(relevance)
                .div(positives.add(AP_EPSILON))
                .div(rowsWithPositives);
        NDArray perturbed = ranks(shifted.add(grad.mul(lambda))); // 2 argsorts
        loss.getFloat();
        return rankAll.sub(perturbed).neg().div(lambda + LAMBDA_EPSILON);
    }
}
