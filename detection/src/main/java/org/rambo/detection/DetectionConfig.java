package org.rambo.detection;

/**
 * One detection run: data, the protocol both classifier losses share, the method and seed.
 *
 * @param grid name used in run folders and reports
 * @param dataset "synthetic-voc" (generated, real Fashion-MNIST objects) or "voc"
 * @param root the VOCdevkit folder
 * @param method "ce" (softmax cross-entropy) or "rambo-ap" (L_mAP + L_APC over anchors)
 * @param imageSize square input size (images are resized)
 * @param epochs training epochs over the trainval split
 * @param batchSize images per batch
 * @param learningRate Adam learning rate
 * @param lambda RaMBO λ (paper: 0.5)
 * @param margin RaMBO margin (paper: 0.15)
 * @param memory RaMBO score memory in batches (paper: 7)
 * @param apcWeight β of L_APC: (1-β) L_mAP + β L_APC (paper 2:1, β = 1/3)
 * @param maxTrain cap on training images (0 = all)
 * @param maxTest cap on test images (0 = all)
 */
public record DetectionConfig(String grid, String dataset, String root, String method, long seed, int imageSize,
                              int epochs, int batchSize, double learningRate, float lambda, float margin, int memory,
                              float apcWeight, int maxTrain, int maxTest) {

    public DetectionConfig {
        if (!method.equals("ce") && !method.equals("rambo-ap")) {
            throw new IllegalArgumentException("method must be ce or rambo-ap, got " + method);
        }
        if (imageSize < 32 || imageSize % 8 != 0) {
            throw new IllegalArgumentException("imageSize must be a multiple of 8, >= 32, got " + imageSize);
        }
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("epochs, batchSize and learningRate must be positive");
        }
    }

    /** The same protocol with another method or seed. */
    public DetectionConfig with(String newMethod, long newSeed) {
        return new DetectionConfig(grid, dataset, root, newMethod, newSeed, imageSize, epochs, batchSize,
                learningRate, lambda, margin, memory, apcWeight, maxTrain, maxTest);
    }
}
