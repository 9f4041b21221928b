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
 *   <li>{@link #crossEntropy}: softmax cross-entropy over C+1 classes (0 = background) over
 *       SSD's hard-negative sample ({@link #sampleMask}: every matched anchor and the 3× as
 *       many unmatched anchors with the lowest background probability), divided by the number
 *       of positives;</li>
 *   <li>{@link Rambo}: RaMBO's {@code (1-β) L_mAP + β L_APC} over the anchors' foreground
 *       class scores (softmax probabilities of classes 1..C, see {@link #classScores}, the
 *       scores both methods rank at test time): rows = classes, columns = every anchor of the
 *       batch and of the last τ batches (memory, detached), relevance = the anchor is matched
 *       to a ground truth of that class. Optionally over the CE sample only (measured worse,
 *       see README-detection.md).</li>
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
        float[] mask = sampleMask(classLogits, targets);
        int positives = 0;
        for (int[] t : targets) {
            for (int v : t) {
                positives += v > 0 ? 1 : 0;
            }
        }
        return ce.mul(m.create(mask, new Shape(b, n))).sum().div((float) Math.max(1, positives));
    }

    /**
     * The anchors both classifier losses see, [B·N] 0/1: per image every positive and the
     * 3·max(1, positives) negatives of highest {@code -log p(background)} (computed without
     * gradient), i.e. the most confident false detections.
     */
    public static float[] sampleMask(NDArray classLogits, int[][] targets) {
        NDArray background = classLogits.stopGradient().logSoftmax(2).get(":, :, 0").neg();
        return hardNegativeMask(background.toFloatArray(), targets);
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
        private final boolean sampled;

        /** Over every anchor (the experiment's setting). */
        public Rambo(float lambda, float margin, boolean marginNoise, long seed, float apcWeight, int memoryBatches) {
            this(lambda, margin, marginNoise, seed, apcWeight, memoryBatches, false);
        }

        /**
         * @param sampled rank only the anchors of {@link #sampleMask} (positives + 3× hard
         *     negatives, the CE baseline's sample) instead of every anchor
         */
        public Rambo(float lambda, float margin, boolean marginNoise, long seed, float apcWeight, int memoryBatches,
                     boolean sampled) {
            this.loss = ApLoss.builder().optLambda(lambda).optMargin(margin).optMarginNoise(marginNoise, seed)
                    .optApcWeight(apcWeight).build();
            this.memory = new CandidateMemory(memoryBatches);
            this.sampled = sampled;
        }

        public ApLoss apLoss() {
            return loss;
        }

        /**
         * @param classLogits [B, N, C+1]
         * @param targets per image and anchor: 0 background, c+1 for class c (the sampled
         *     anchors, {@link #sampleMask}, are the columns)
         * @param batchId a unique id of this batch (the memory keys its entry by it)
         */
        public NDArray compute(NDArray classLogits, int[][] targets, String batchId) {
            NDManager m = classLogits.getManager();
            long b = classLogits.getShape().get(0);
            long n = classLogits.getShape().get(1);
            int c = Math.toIntExact(classLogits.getShape().get(2)) - 1;
            float[] mask = sampled ? sampleMask(classLogits, targets) : ones(Math.toIntExact(b * n));
            int kept = 0;
            for (float v : mask) {
                kept += (int) v;
            }
            long[] index = new long[kept];
            float[] rel = new float[kept * c];
            int j = 0;
            for (int i = 0; i < b; i++) {
                for (int a = 0; a < n; a++) {
                    if (mask[Math.toIntExact(i * n + a)] == 0f) {
                        continue;
                    }
                    index[j] = i * n + a;
                    int t = targets[i][a];
                    if (t > 0) {
                        rel[j * c + t - 1] = 1f;
                    }
                    j++;
                }
            }
            NDArray scores = classScores(classLogits).reshape(b * n, c).get(m.create(index));
            NDArray relevance = m.create(rel, new Shape(kept, c));
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

        private static float[] ones(int n) {
            float[] o = new float[n];
            java.util.Arrays.fill(o, 1f);
            return o;
        }

        @Override
        public void close() {
            memory.close();
        }
    }
}
