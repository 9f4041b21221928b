package org.rambo.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import org.rambo.rank.ApLoss;
import org.rambo.rank.CandidateMemory;

/**
 * The detector's losses. Box regression (both methods): smooth-L1 on the SSD offsets of matched
 * anchors, summed and divided by the number of matched anchors. Classifier: either softmax
 * cross-entropy over background + classes, or RaMBO's {@code (1 - beta) L_mAP + beta L_APC} over
 * the anchors' foreground class scores.
 */
public final class DetectionLosses {

    private DetectionLosses() {}

    /** Smooth-L1 (beta 1) over matched anchors / max(1, matched anchors). */
    public static NDArray boxLoss(NDArray boxPred, NDArray boxTargets, NDArray boxMask) {
        NDArray pred = boxPred.reshape(boxTargets.getShape());
        NDArray d = pred.sub(boxTargets).mul(boxMask);
        NDArray a = d.abs();
        NDArray l = NDArrays.where(a.lt(1f), d.mul(d).mul(0.5f), a.sub(0.5f));
        NDArray matched = boxMask.sum().div(4f).maximum(1f);
        return l.sum().div(matched);
    }

    /**
     * Softmax cross-entropy over the C + 1 logits of every anchor. With {@code negativeRatio > 0},
     * SSD hard negative mining: per image, all matched anchors plus the {@code negativeRatio x
     * matched} background anchors with the highest loss; the sum is divided by the matched count.
     * With 0, the mean over all anchors.
     */
    public static NDArray crossEntropy(NDArray logits, NDArray classTargets, int negativeRatio) {
        int k = (int) logits.getShape().get(2);
        NDArray onehot = classTargets.oneHot(k).toType(DataType.FLOAT32, false);
        NDArray ce = logits.logSoftmax(-1).mul(onehot).sum(new int[] {-1}).neg(); // [B, A]
        if (negativeRatio <= 0) {
            return ce.mean();
        }
        NDArray pos = classTargets.gt(0).toType(DataType.FLOAT32, false); // [B, A]
        long anchors = logits.getShape().get(1);
        // positives sort last among the candidates for negatives
        NDArray negLoss = ce.stopGradient().mul(pos.neg().add(1f)).sub(pos.mul(1e9f));
        NDArray rank = negLoss.argSort(1, false).argSort(1).toType(DataType.FLOAT32, false);
        NDArray numPos = pos.sum(new int[] {1}, true);
        NDArray numNeg = numPos.mul((float) negativeRatio).minimum(numPos.neg().add((float) anchors));
        NDArray neg = rank.lt(numNeg).toType(DataType.FLOAT32, false).mul(pos.neg().add(1f));
        return ce.mul(pos.add(neg)).sum().div(pos.sum().maximum(1f));
    }

    /**
     * RaMBO's AP loss for detection. Scores: the anchors' foreground class logits (columns 1..C of
     * the classifier; the background logit gets no gradient). Relevance of (anchor, class c) = the
     * anchor is matched to a ground truth box of class c; unmatched (background) anchors are
     * negatives for every class. The current batch's [anchors x classes] scores and relevance are
     * appended to the memory's past batches (detached), transposed to [classes x anchors] (rows =
     * classes, so L_mAP is the mean over classes of the AP over anchors and L_APC one AP over all
     * (class, anchor) pairs), and passed to {@link ApLoss}. Gradients flow only into the current
     * batch. The batch is then pushed into the memory.
     */
    public static NDArray ramboAp(NDArray logits, NDArray classTargets, ApLoss loss, CandidateMemory memory) {
        int k = (int) logits.getShape().get(2);
        NDArray scores = logits.get(new NDIndex(":, :, 1:")).reshape(-1, k - 1);
        NDArray relevance = classTargets.oneHot(k).toType(DataType.FLOAT32, false)
                .get(new NDIndex(":, :, 1:")).reshape(-1, k - 1);
        NDList stored = memory.stored(scores.getUid());
        NDArray allScores = scores;
        NDArray allRelevance = relevance;
        if (!stored.isEmpty()) {
            allScores = NDArrays.concat(new NDList(scores, stored.get(0).toDevice(scores.getDevice(), false)), 0);
            allRelevance = NDArrays.concat(new NDList(relevance, stored.get(1).toDevice(scores.getDevice(), false)), 0);
        }
        NDArray value = loss.compute(allScores.transpose(), allRelevance.transpose());
        memory.push(scores.getUid(), scores, relevance);
        return value;
    }
}
