package org.rambo.harness.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The straightforward way to compute RaMBO with tensor ops, as the public reference code does
 * it, written here with DJL ops as a comparison benchmark (our own code, no third-party code):
 *
 * <ul>
 *   <li>ranks are the argsort of the argsort (two sorts, int64 indices, then a float division);
 *   <li>the rank among positives is a second ranking, of {@code -rank_all + 2 rel} (two sorts);
 *   <li>the blackbox backward ranks the perturbed scores {@code y + λ dL/drank} (two sorts).
 * </ul>
 *
 * Six argsorts per forward + backward, every row at once (PyTorch sorts along the last axis, on
 * its own intra-op threads). Each method returns {@code {loss, dLoss/dScores}}, the same numbers
 * as {@link org.rambo.rank.RecallLoss} (log1p weight, reference reduction) and
 * {@link org.rambo.rank.ApLoss} (pure mAP, no margin noise) when no two scores tie (torch's
 * argsort does not promise an order for ties). All arrays are created on the scores' manager.
 */
public final class ReferenceDjlPort {

    /** Added to lambda in the backward division, as the reference does. */
    public static final float LAMBDA_EPSILON = 1e-8f;

    /** The reference AP's guard in the division by the number of positives. */
    public static final float AP_EPSILON = 1e-5f;

    private ReferenceDjlPort() {}

    /** Normalised ranks along the last axis (1/n = highest): (argsort(argsort(-y)) + 1) / n. */
    public static NDArray ranks(NDArray y) {
        int axis = y.getShape().dimension() - 1;
        long n = y.getShape().get(axis);
        NDArray order = y.argSort(axis, false);
        NDArray rank0 = order.argSort(axis, true);
        return rank0.toType(DataType.FLOAT32, false).add(1f).div((float) n);
    }

    /** Recall loss, {@code w = log1p}, the reference's reduction (x scaled by rows, sum over all positives). */
    public static NDArray[] recall(NDArray scores, NDArray relevance, float lambda, float margin) {
        long rows = scores.getShape().dimension() == 1 ? 1 : scores.getShape().get(0);
        NDArray shifted = scores.sub(relevance.sub(0.5f).mul(margin));
        NDArray rankAll = ranks(shifted);                                          // sorts 1, 2
        NDArray rankPos = ranks(rankAll.neg().add(relevance.mul(2f)));             // sorts 3, 4
        NDArray x = rankAll.sub(rankPos).mul((float) rows).mul(relevance);
        NDArray positives = relevance.sum();
        NDArray loss = x.add(1f).log().mul(relevance).sum().div(positives);
        NDArray dRank = x.add(1f).pow(-1f).mul((float) rows).mul(relevance).div(positives);
        return new NDArray[] {loss, backward(shifted, rankAll, dRank, lambda)};    // sorts 5, 6
    }

    /** mAP loss: 1 - mean over rows with a positive of (Σ_pos rank_pos / rank_all) / (P + 1e-5). */
    public static NDArray[] ap(NDArray scores, NDArray relevance, float lambda, float margin) {
        int axis = scores.getShape().dimension() - 1;
        NDArray shifted = scores.sub(relevance.sub(0.5f).mul(margin));
        NDArray rankAll = ranks(shifted);                                          // sorts 1, 2
        NDArray rankPos = ranks(rankAll.neg().add(relevance.mul(2f)));             // sorts 3, 4
        NDArray positives = relevance.sum(new int[] {axis}, true);
        NDArray perRow = positives.add(AP_EPSILON);
        NDArray hasPositive = positives.gt(0f).toType(DataType.FLOAT32, false);
        NDArray rowsWithPositives = hasPositive.sum();
        NDArray ap = rankPos.div(rankAll).mul(relevance).sum(new int[] {axis}, true).div(perRow);
        NDArray loss = ap.mul(hasPositive).sum().div(rowsWithPositives).neg().add(1f);
        // d(1 - rank_pos / rank_all) / d rank_all = rank_pos / rank_all², per row over (P + eps) × rows
        NDArray dRank = rankPos.div(rankAll.square()).mul(relevance).div(perRow).div(rowsWithPositives);
        return new NDArray[] {loss, backward(shifted, rankAll, dRank, lambda)};    // sorts 5, 6
    }

    /** The blackbox backward: {@code -(rank(y) - rank(y + λ g)) / (λ + 1e-8)}. */
    static NDArray backward(NDArray shifted, NDArray rankAll, NDArray dRank, float lambda) {
        NDArray perturbed = ranks(shifted.add(dRank.mul(lambda)));
        return rankAll.sub(perturbed).neg().div(lambda + LAMBDA_EPSILON);
    }
}
