package org.rambo.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.rambo.rank.ApLoss;
import org.rambo.rank.CandidateMemory;

/**
 * The detector's losses. Box regression (both methods): smooth-L1 over the offsets of matched
 * anchors, divided by the number of matched anchors. Classification, one of:
 * <ul>
 *   <li>{@link #crossEntropy}: softmax cross-entropy over C+1 classes (0 = background) with
 *       SSD's hard-negative mining (all positives and the 3× as many negatives with the highest
 *       loss per image), divided by the number of positives;</li>
 *   <li>{@link Rambo}: RaMBO's {@code (1-β) L_mAP + β L_APC} over the anchors' foreground class
 *       scores (softmax probabilities of classes 1..C, see {@link #classScores}): rows = classes, columns = the anchors of the batch and of the
 *       last τ batches (memory, detached), relevance = the anchor is matched to a ground truth
 *       of that class.</li>
 * </ul>
 */
public final class DetectionLosses {

    static final int NEGATIVES_PER_POSITIVE = 3;

    private DetectionLosses() {}

    /**
     * @param boxPreds [B, N·4] predicted offsets
     * @param boxTargets [B, N, 4] encoded targets (zeros for background)
     * @param foreground [B, N] 1 for matched anchors
     */
    public static NDArray smoothL1(NDArray boxPreds, NDArray boxTargets, NDArray foreground) {
        NDArray diff = boxPreds.reshape(boxTargets.getShape()).sub(boxTargets).abs();
        NDArray small = diff.lt(1f).toType(diff.getDataType(), false);
        NDArray l = diff.square().mul(0.5f).mul(small).add(diff.sub(0.5f).mul(small.neg().add(1f)));
        NDArray perAnchor = l.sum(new int[] {2}).mul(foreground);
        float positives = Math.max(1f, foreground.sum().getFloat());
        return perAnchor.sum().div(positives);
    }

    /**
     * @param classLogits [B, N, C+1]
     * @param targets per image and anchor: 0 background, c+1 for class c
     */
    public static NDArray crossEntropy(NDArray classLogits, int[][] targets) {
        NDManager m = classLogits.getManager();
        int b = targets.length;
        int n = targets[0].length;
        int k = Math.toIntExact(classLogits.getShape().get(2));
        float[] oneHot = new float[b * n * k];
        for (int i = 0; i < b; i++) {
            for (int a = 0; a < n; a++) {
                oneHot[(i * n + a) * k + targets[i][a]] = 1f;
            }
        }
        NDArray ce = classLogits.logSoftmax(2).mul(m.create(oneHot, new Shape(b, n, k))).sum(new int[] {2}).neg();
        float[] values = ce.stopGradient().toFloatArray();
        float[] mask = hardNegativeMask(values, targets);
        int positives = 0;
        for (int[] t : targets) {
            for (int v : t) {
                positives += v > 0 ? 1 : 0;
            }
        }
        return ce.mul(m.create(mask, new Shape(b, n))).sum().div((float) Math.max(1, positives));
    }

    /** 1 for positives and, per image, the 3·max(1, positives) negatives of highest loss. */
    static float[] hardNegativeMask(float[] loss, int[][] targets) {
        int n = targets[0].length;
        float[] mask = new float[targets.length * n];
        for (int i = 0; i < targets.length; i++) {
            int positives = 0;
            int negatives = 0;
            for (int a = 0; a < n; a++) {
                if (targets[i][a] > 0) {
                    mask[i * n + a] = 1f;
                    positives++;
                } else {
                    negatives++;
                }
            }
            Integer[] neg = new Integer[negatives];
            int j = 0;
            for (int a = 0; a < n; a++) {
                if (targets[i][a] == 0) {
                    neg[j++] = a;
                }
            }
            final int row = i;
            Arrays.sort(neg, (x, y) -> Float.compare(loss[row * n + y], loss[row * n + x]));
            int keep = Math.min(negatives, NEGATIVES_PER_POSITIVE * Math.max(1, positives));
            for (int q = 0; q < keep; q++) {
                mask[i * n + neg[q]] = 1f;
            }
        }
        return mask;
    }

    /**
     * The class scores both methods rank at test time and RaMBO ranks in training: the softmax
     * probabilities of the foreground classes, [B, N, C] (bounded, so the margin 0.15 has a
     * fixed meaning).
     */
    public static NDArray classScores(NDArray classLogits) {
        return classLogits.softmax(2).get(":, :, 1:");
    }

    /** The RaMBO classifier loss with its score memory; one instance per training run. */
    public static final class Rambo implements AutoCloseable {

        private final ApLoss loss;
        private final CandidateMemory memory;

        public Rambo(float lambda, float margin, boolean marginNoise, long seed, float apcWeight, int memoryBatches) {
            this.loss = ApLoss.builder().optLambda(lambda).optMargin(margin).optMarginNoise(marginNoise, seed)
                    .optApcWeight(apcWeight).build();
            this.memory = new CandidateMemory(memoryBatches);
        }

        public ApLoss apLoss() {
            return loss;
        }

        /**
         * @param classLogits [B, N, C+1]
         * @param targets per image and anchor: 0 background, c+1 for class c
         * @param batchId a unique id of this batch (the memory keys its entry by it)
         */
        public NDArray compute(NDArray classLogits, int[][] targets, String batchId) {
            NDManager m = classLogits.getManager();
            long b = classLogits.getShape().get(0);
            long n = classLogits.getShape().get(1);
            int c = Math.toIntExact(classLogits.getShape().get(2)) - 1;
            NDArray scores = classScores(classLogits).reshape(b * n, c);
            float[] rel = new float[Math.toIntExact(b * n * c)];
            for (int i = 0; i < b; i++) {
                for (int a = 0; a < n; a++) {
                    int t = targets[i][a];
                    if (t > 0) {
                        rel[Math.toIntExact((i * n + a) * c + t - 1)] = 1f;
                    }
                }
            }
            NDArray relevance = m.create(rel, new Shape(b * n, c));
            NDList stored = memory.stored(batchId);
            NDArray allScores = scores;
            NDArray allRelevance = relevance;
            if (!stored.isEmpty()) {
                allScores = NDArrays.concat(new NDList(scores, stored.get(0).toDevice(scores.getDevice(), false)), 0);
                allRelevance = NDArrays.concat(new NDList(relevance, stored.get(1)), 0);
            }
            // rows = classes: the AP of each class over every anchor of the batch and the memory
            NDArray l = loss.compute(allScores.transpose(), allRelevance.transpose());
            memory.push(batchId, scores, relevance);
            return l;
        }

        @Override
        public void close() {
            memory.close();
        }
    }
}
