package org.rambo.detect;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One detection run's protocol. Loadable from JSON ({@link #fromJson}); every field must be
 * present (unknown fields are rejected). The two bundled configs are {@link #synthetic()} (the
 * offline default: the synthetic set, 64x64 images, a tiny ResNet-style backbone) and
 * {@link #vocPaper()} (the paper's classifier-loss protocol on VOC07+12 / VOC07 test).
 *
 * @param dataset "synthetic-voc" or "voc"
 * @param method "ce" (softmax cross-entropy, the baseline) or "rambo-ap" (L_mAP + L_APC)
 * @param seed weights, batch order, flips and the margin noise all derive from it
 * @param dataRoot the VOCdevkit folder (null in the bundled configs: the caller sets it)
 * @param classes class names; null = the 20 VOC classes for "voc", {@code VOC2007/classes.txt} for
 *     "synthetic-voc"
 * @param trainSplits "year/split" lists for training, e.g. ["2007/trainval", "2012/trainval"]
 * @param testSplits "year/split" lists for evaluation, e.g. ["2007/test"]
 * @param maxTrainImages first N training images only (0 = all)
 * @param maxTestImages first N test images only (0 = all)
 * @param imageSize network input side (images are resized to a square)
 * @param epochs training epochs
 * @param batchSize images per batch
 * @param learningRate Adam learning rate
 * @param weightDecay Adam weight decay
 * @param backboneChannels channels of the first backbone stage (doubled after the first stage)
 * @param backboneStages stride-2 residual stages of the backbone (input / 2^stages = first map)
 * @param anchorSizes per feature map, MultiBoxPrior sizes (fractions of the image side)
 * @param anchorRatios per feature map, MultiBoxPrior aspect ratios
 * @param matchIou IoU threshold for anchor matching (every box also claims its best anchor)
 * @param ceNegativeRatio CE only: hard negative mining, background anchors kept per positive
 *     (SSD uses 3); 0 = every anchor counts
 * @param lambda RaMBO blackbox interpolation strength (paper: 0.5)
 * @param margin RaMBO margin alpha (paper: 0.15)
 * @param marginNoise scale each margin shift by |N(0,1)| as the reference AP loss does
 * @param apcWeight beta in (1 - beta) L_mAP + beta L_APC (paper 2:1, so 1/3)
 * @param memory RaMBO score memory, past batches (paper: 7)
 * @param clsWeight weight of the classifier loss (box loss has weight 1)
 * @param hflip random horizontal flips in training
 * @param nmsIou per-class NMS IoU at inference
 * @param maxDetectionsPerClass per image and class, after NMS
 */
public record DetectionConfig(
        String dataset,
        String method,
        long seed,
        String dataRoot,
        List<String> classes,
        List<String> trainSplits,
        List<String> testSplits,
        int maxTrainImages,
        int maxTestImages,
        int imageSize,
        int epochs,
        int batchSize,
        float learningRate,
        float weightDecay,
        int backboneChannels,
        int backboneStages,
        List<List<Float>> anchorSizes,
        List<List<Float>> anchorRatios,
        float matchIou,
        int ceNegativeRatio,
        float lambda,
        float margin,
        boolean marginNoise,
        float apcWeight,
        int memory,
        float clsWeight,
        boolean hflip,
        float nmsIou,
        int maxDetectionsPerClass) {

    public static final String SYNTHETIC = "synthetic-voc";
    public static final String VOC = "voc";
    public static final String CE = "ce";
    public static final String RAMBO = "rambo-ap";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Throws IllegalArgumentException naming the first bad field. */
    public DetectionConfig validate() {
        require(SYNTHETIC.equals(dataset) || VOC.equals(dataset), "dataset must be synthetic-voc or voc: " + dataset);
        require(CE.equals(method) || RAMBO.equals(method), "method must be ce or rambo-ap: " + method);
        require(trainSplits != null && !trainSplits.isEmpty(), "trainSplits must not be empty");
        require(testSplits != null && !testSplits.isEmpty(), "testSplits must not be empty");
        require(maxTrainImages >= 0 && maxTestImages >= 0, "maxTrainImages/maxTestImages must be >= 0");
        require(imageSize >= 32, "imageSize must be >= 32: " + imageSize);
        require(epochs >= 1, "epochs must be >= 1: " + epochs);
        require(batchSize >= 1, "batchSize must be >= 1: " + batchSize);
        require(learningRate > 0 && weightDecay >= 0, "learningRate must be > 0 and weightDecay >= 0");
        require(backboneChannels >= 4 && backboneStages >= 1 && backboneStages <= 6,
                "backboneChannels >= 4 and backboneStages in [1, 6]");
        require(anchorSizes != null && anchorRatios != null && anchorSizes.size() == anchorRatios.size()
                && !anchorSizes.isEmpty(), "anchorSizes and anchorRatios: one list per feature map, same count");
        for (int i = 0; i < anchorSizes.size(); i++) {
            require(!anchorSizes.get(i).isEmpty() && !anchorRatios.get(i).isEmpty(), "empty anchor list " + i);
        }
        require(matchIou > 0 && matchIou <= 1, "matchIou must be in (0, 1]");
        require(ceNegativeRatio >= 0, "ceNegativeRatio must be >= 0");
        require(lambda > 0 && margin >= 0 && apcWeight >= 0 && apcWeight <= 1 && memory >= 0,
                "lambda > 0, margin >= 0, apcWeight in [0, 1], memory >= 0");
        require(clsWeight > 0, "clsWeight must be > 0");
        require(nmsIou > 0 && nmsIou <= 1 && maxDetectionsPerClass >= 1, "nmsIou in (0, 1], maxDetectionsPerClass >= 1");
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("detection config: " + message);
        }
    }

    public static DetectionConfig fromJson(String json) {
        try {
            return JSON.readValue(json, DetectionConfig.class).validate();
        } catch (IOException e) {
            throw new IllegalArgumentException("bad detection config JSON: " + e.getMessage(), e);
        }
    }

    public static DetectionConfig fromJson(Path file) {
        try {
            return JSON.readValue(file.toFile(), DetectionConfig.class).validate();
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": bad detection config JSON: " + e.getMessage(), e);
        }
    }

    /** A bundled config: "synthetic.json" or "voc-paper.json" (resources under org/rambo/detect/). */
    public static DetectionConfig fromResource(String name) {
        try (InputStream in = DetectionConfig.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no bundled detection config " + name);
            }
            return JSON.readValue(in, DetectionConfig.class).validate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The offline default on the synthetic set. */
    public static DetectionConfig synthetic() {
        return fromResource("synthetic.json");
    }

    /** The paper's protocol on VOC (dataRoot to be set). */
    public static DetectionConfig vocPaper() {
        return fromResource("voc-paper.json");
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectMapper mapper() {
        return JSON;
    }

    public DetectionConfig withMethod(String m) {
        return new DetectionConfig(dataset, m, seed, dataRoot, classes, trainSplits, testSplits, maxTrainImages,
                maxTestImages, imageSize, epochs, batchSize, learningRate, weightDecay, backboneChannels,
                backboneStages, anchorSizes, anchorRatios, matchIou, ceNegativeRatio, lambda, margin, marginNoise,
                apcWeight, memory, clsWeight, hflip, nmsIou, maxDetectionsPerClass).validate();
    }

    public DetectionConfig withDataRoot(String root) {
        return new DetectionConfig(dataset, method, seed, root, classes, trainSplits, testSplits, maxTrainImages,
                maxTestImages, imageSize, epochs, batchSize, learningRate, weightDecay, backboneChannels,
                backboneStages, anchorSizes, anchorRatios, matchIou, ceNegativeRatio, lambda, margin, marginNoise,
                apcWeight, memory, clsWeight, hflip, nmsIou, maxDetectionsPerClass).validate();
    }

    public DetectionConfig withSeed(long s) {
        return new DetectionConfig(dataset, method, s, dataRoot, classes, trainSplits, testSplits, maxTrainImages,
                maxTestImages, imageSize, epochs, batchSize, learningRate, weightDecay, backboneChannels,
                backboneStages, anchorSizes, anchorRatios, matchIou, ceNegativeRatio, lambda, margin, marginNoise,
                apcWeight, memory, clsWeight, hflip, nmsIou, maxDetectionsPerClass).validate();
    }

    public DetectionConfig withEpochs(int e) {
        return new DetectionConfig(dataset, method, seed, dataRoot, classes, trainSplits, testSplits, maxTrainImages,
                maxTestImages, imageSize, e, batchSize, learningRate, weightDecay, backboneChannels,
                backboneStages, anchorSizes, anchorRatios, matchIou, ceNegativeRatio, lambda, margin, marginNoise,
                apcWeight, memory, clsWeight, hflip, nmsIou, maxDetectionsPerClass).validate();
    }

    public DetectionConfig withLimits(int maxTrain, int maxTest) {
        return new DetectionConfig(dataset, method, seed, dataRoot, classes, trainSplits, testSplits, maxTrain,
                maxTest, imageSize, epochs, batchSize, learningRate, weightDecay, backboneChannels,
                backboneStages, anchorSizes, anchorRatios, matchIou, ceNegativeRatio, lambda, margin, marginNoise,
                apcWeight, memory, clsWeight, hflip, nmsIou, maxDetectionsPerClass).validate();
    }
}
