package org.rambo.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.rambo.rank.ApLoss;
import org.rambo.rank.CandidateMemory;
import org.rambo.rank.Scalars;

/**
 * The detector's losses. Box regression (both methods): smooth-L1 over the offsets of matched
 * anchors, divided by the number of matched anchors. Classification, one of:
 * <ul>
 *   <li>{@link #crossEntropy}: softmax cross-entropy over C+1 classes (0 = background) over
 *       SSD's hard-negative sample ({@link #sampleMask}: every matched anchor and the 3× as
 *       many unmatched anchors with the lowest background probability), divided by the number
 *       of positives;</li>
 *   <li>{@link Rambo}: RaMBO's {@code (1-β) L_mAP + β L_APC} over the anchors' foreground
 *       class scores ({@link RankedScores}: by default the log-odds of classes 1..C, the
 *       test-time scores {@link #classScores}): rows = classes, columns = every anchor of the
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
        NDArray l = Scalars.mul(diff.square(), 0.5f)
                .mul(small)
                .add(diff.sub(0.5f).mul(small.neg().add(1f)));
        NDArray perAnchor = l.sum(new int[] {2}).mul(foreground);
        float positives = Math.max(1f, foreground.sum().getFloat());
        return Scalars.div(perAnchor.sum(), positives);
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
        NDArray ce = classLogits
                .logSoftmax(2)
                .mul(m.create(oneHot, new Shape(b, n, k)))
                .sum(new int[] {2})
                .neg();
        float[] mask = sampleMask(classLogits, targets);
        int positives = 0;
        for (int[] t : targets) {
            for (int v : t) {
                positives += v > 0 ? 1 : 0;
            }
        }
        return Scalars.div(ce.mul(m.create(mask, new Shape(b, n))).sum(), (float) Math.max(1, positives));
    }

    /**
     * The anchors both classifier losses see, [B·N] 0/1: per image every positive and the
     * 3·max(1, positives) negatives of highest {@code -log p(background)} (computed without
     * gradient), i.e. the most confident false detections.
     */
    public static float[] sampleMask(NDArray classLogits, int[][] targets) {
        NDArray background =
                classLogits.stopGradient().logSoftmax(2).get(":, :, 0").neg();
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
     * The class scores both methods rank at test time: the log-odds of each foreground class,
     * {@code log p_c - log(1 - p_c) = z_c - logsumexp_{k != c} z_k}, [B, N, C]. They order the
     * anchors of a class exactly as the softmax probabilities do, but keep that order in float32
     * where the probabilities saturate: a ranking loss leaves the logits' scale free, and once
     * it grows, many probabilities round to exactly 0 or 1 and tie (measured: one RaMBO seed
     * trained to a normal loss and scored AP50 0.4 when ranked by probabilities).
     */
    public static NDArray classScores(NDArray classLogits) {
        NDManager m = classLogits.getManager();
        long b = classLogits.getShape().get(0);
        long n = classLogits.getShape().get(1);
        int k = Math.toIntExact(classLogits.getShape().get(2));
        int c = k - 1;
        // row c of the mask removes class c+1 from the log-sum-exp: [C, C+1]
        float[] mask = new float[c * k];
        for (int i = 0; i < c; i++) {
            mask[i * k + i + 1] = EXCLUDED;
        }
        NDArray others = classLogits.expandDims(2).add(m.create(mask, new Shape(1, 1, c, k))); // [B, N, C, C+1]
        NDArray max = others.stopGradient().max(new int[] {3}, true);
        NDArray lse = others.sub(max).exp().sum(new int[] {3}).log().add(max.squeeze(3)); // [B, N, C]
        return classLogits.get(":, :, 1:").sub(lse).reshape(b, n, c);
    }

    /** Added to a logit to take it out of a log-sum-exp: exp underflows to exactly 0. */
    private static final float EXCLUDED = -1e30f;

    /**
     * The scores the RaMBO loss ranks. All three are strictly increasing in the class
     * probability, so the training ranking is the test-time ranking; they differ in what the
     * blackbox gradient, which arrives per score, turns into at the logits, and in float32
     * resolution. Through the softmax it is multiplied by {@code p(1-p)}: nearly every anchor of
     * a detector has a tiny probability for every class, so the gradient vanishes on the
     * negatives it should push down, and the probabilities saturate. The log-softmax keeps a
     * factor {@code 1-p} and still ties at p near 1; the log-odds ({@link #classScores}, the
     * default and the test-time score) pass the gradient to the class logit unscaled and keep
     * both ends apart. Measured on the synthetic set: see README-detection.md.
     */
    public enum RankedScores {
        LOG_ODDS("log-odds"),
        LOG_SOFTMAX("log-softmax"),
        SOFTMAX("softmax");

        private final String key;

        RankedScores(String key) {
            this.key = key;
        }

        /** The config value. */
        public String key() {
            return key;
        }

        /** Parses a config value. */
        public static RankedScores of(String key) {
            for (RankedScores r : values()) {
                if (r.key.equals(key)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("rankedScores must be log-odds, log-softmax or softmax, got " + key);
        }

        /** [B, N, C] foreground scores from [B, N, C+1] logits. */
        public NDArray of(NDArray classLogits) {
            return switch (this) {
                case LOG_ODDS -> classScores(classLogits);
                case LOG_SOFTMAX -> classLogits.logSoftmax(2).get(":, :, 1:");
                case SOFTMAX -> classLogits.softmax(2).get(":, :, 1:");
            };
        }
    }

    /** The RaMBO classifier loss with its score memory; one instance per training run. */
    public static final class Rambo implements AutoCloseable {

        private final ApLoss loss;
        private final CandidateMemory memory;
        private final boolean sampled;
        private final RankedScores rankedScores;

        /** Over every anchor (the experiment's setting), log-odds scores. */
        public Rambo(float lambda, float margin, boolean marginNoise, long seed, float apcWeight, int memoryBatches) {
            this(lambda, margin, marginNoise, seed, apcWeight, memoryBatches, false, RankedScores.LOG_ODDS);
        }

        /**
         * @param sampled rank only the anchors of {@link #sampleMask} (positives + 3× hard
         *     negatives, the CE baseline's sample) instead of every anchor
         */
        public Rambo(
                float lambda,
                float margin,
                boolean marginNoise,
                long seed,
                float apcWeight,
                int memoryBatches,
                boolean sampled,
                RankedScores rankedScores) {
            this.loss = ApLoss.builder()
                    .optLambda(lambda)
                    .optMargin(margin)
                    .optMarginNoise(marginNoise, seed)
                    .optApcWeight(apcWeight)
                    .build();
            this.memory = new CandidateMemory(memoryBatches);
            this.sampled = sampled;
            this.rankedScores = rankedScores;
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
            // the columns: every anchor, or (sampled) those of the CE sample, gathered
            float[] mask = sampled ? sampleMask(classLogits, targets) : null;
            int kept = 0;
            for (int i = 0; i < b * n; i++) {
                kept += mask == null || mask[i] != 0f ? 1 : 0;
            }
            long[] index = mask == null ? null : new long[kept];
            float[] rel = new float[kept * c];
            int j = 0;
            for (int i = 0; i < b; i++) {
                for (int a = 0; a < n; a++) {
                    if (mask != null && mask[Math.toIntExact(i * n + a)] == 0f) {
                        continue;
                    }
                    if (index != null) {
                        index[j] = i * n + a;
                    }
                    int t = targets[i][a];
                    if (t > 0) {
                        rel[j * c + t - 1] = 1f;
                    }
                    j++;
                }
            }
            NDArray scores = rankedScores.of(classLogits).reshape(b * n, c);
            if (index != null) {
                scores = scores.get(m.create(index));
            }
            NDArray relevance = m.create(rel, new Shape(kept, c));
            NDList stored = memory.stored(batchId, m);
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
