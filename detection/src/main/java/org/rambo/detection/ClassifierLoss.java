package org.rambo.detection;

import ai.djl.ndarray.NDArray;

/** The classifier loss a method trains with: the only part of the protocol the two methods do not share. */
interface ClassifierLoss extends AutoCloseable {

    /**
     * @param classLogits [B, N, C+1]
     * @param targets     per image and anchor: 0 background, c+1 for class c
     * @param batchId     unique per batch of the epoch (RaMBO's memory keys its entries by it)
     */
    NDArray compute(NDArray classLogits, int[][] targets, String batchId);

    @Override
    void close();

    /** The config's method; RaMBO's margin noise draws from {@code noiseSeed}. */
    static ClassifierLoss of(DetectionConfig c, long noiseSeed) {
        if (c.method().equals("ce")) {
            return new ClassifierLoss() {
                @Override
                public NDArray compute(NDArray classLogits, int[][] targets, String batchId) {
                    return DetectionLosses.crossEntropy(classLogits, targets);
                }

                @Override
                public void close() {
                    // cross-entropy holds nothing
                }
            };
        }
        DetectionLosses.Rambo rambo = new DetectionLosses.Rambo(
                c.lambda(),
                c.margin(),
                c.marginNoise(),
                noiseSeed,
                c.apcWeight(),
                c.memory(),
                false,
                DetectionLosses.RankedScores.of(c.rankedScores()));
        return new ClassifierLoss() {
            @Override
            public NDArray compute(NDArray classLogits, int[][] targets, String batchId) {
                return rambo.compute(classLogits, targets, batchId);
            }

            @Override
            public void close() {
                rambo.close();
            }
        };
    }
}
