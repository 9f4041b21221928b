package org.rambo.detection;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.engine.DeviceSpec;
import org.rambo.runfolder.CanonicalJson;

/**
 * One detection run: data, the protocol both classifier losses share, the method and seed.
 * Read from JSON (field names as below): {@code configs/detection.json} (the CPU default) and
 * {@code configs/paper/voc.json} (the paper's VOC protocol with the hyperparameters it published).
 *
 * @param grid name used in run folders and reports
 * @param dataset "synthetic-voc" (generated layout, real Fashion-MNIST objects) or "voc"
 * @param root the VOCdevkit folder (holding VOC2007, optionally VOC2012)
 * @param classes class names in label order; null or empty: {@code root/classes.txt} when it
 *     exists (the synthetic writer puts it there), else the 20 VOC classes
 * @param method "ce" (softmax cross-entropy, SSD hard-negative mining 3:1) or "rambo-ap"
 *     ((1-β) L_mAP + β L_APC over the anchors' class scores)
 * @param seed the run seed; model initialisation, batch order and margin noise get their own
 *     seeds split from it ({@link DetectionSeeds})
 * @param backbone "tiny" (3 stride-2 conv stages, stride 8), "resnet18" or "resnet50" (DJL's
 *     ResNetV1 up to conv4, stride 16, the Faster R-CNN C4 cut; random init)
 * @param imageSize square input size in pixels (images are resized, aspect not kept)
 * @param anchorSizes per feature map (backbone output, then one SSD down-sampling block per
 *     further entry), anchor sizes relative to the image
 * @param anchorRatios aspect ratios (w/h) used at every feature map
 * @param matchIou IoU at or above which an anchor is matched to a ground truth (besides each
 *     ground truth's best anchor)
 * @param epochs training epochs over the trainval split
 * @param batchSize images per batch
 * @param learningRate Adam learning rate
 * @param lambda RaMBO λ (paper: 0.5)
 * @param margin RaMBO margin α (paper: 0.15)
 * @param marginNoise scale each element's margin shift by |N(0,1)| as the reference AP loss does
 * @param memory RaMBO score memory in batches (paper: 7)
 * @param apcWeight β of L_APC: (1-β) L_mAP + β L_APC (paper 2:1, β = 1/3)
 * @param rankedScores the scores RaMBO ranks in training: "log-odds" (default, the test-time
 *     scores), "log-softmax" or "softmax" (the probabilities). All order the anchors of a class
 *     exactly as the test-time scores do; see {@link DetectionLosses.RankedScores} for why
 *     log-odds is the default
 * @param maxTrain cap on training images (0 = all)
 * @param maxTest cap on test images (0 = all)
 * @param device the device to train and evaluate on: cpu (default), gpu, gpu:N or auto, as
 *     {@code protocol.device} of the retrieval grids
 */
public record DetectionConfig(
        String grid,
        String dataset,
        String root,
        List<String> classes,
        String method,
        long seed,
        String backbone,
        int imageSize,
        List<List<Float>> anchorSizes,
        List<Float> anchorRatios,
        float matchIou,
        int epochs,
        int batchSize,
        double learningRate,
        float lambda,
        float margin,
        boolean marginNoise,
        int memory,
        float apcWeight,
        String rankedScores,
        int maxTrain,
        int maxTest,
        String device) {

    public static final List<String> METHODS = List.of("ce", "rambo-ap");

    public DetectionConfig {
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of " + METHODS + ", got " + method);
        }
        if (!List.of("tiny", "resnet18", "resnet50").contains(backbone)) {
            throw new IllegalArgumentException("backbone must be tiny, resnet18 or resnet50, got " + backbone);
        }
        if (imageSize < 32 || imageSize % 16 != 0) {
            throw new IllegalArgumentException("imageSize must be a multiple of 16, >= 32, got " + imageSize);
        }
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("epochs, batchSize and learningRate must be positive");
        }
        if (anchorSizes == null || anchorSizes.isEmpty() || anchorRatios == null || anchorRatios.isEmpty()) {
            throw new IllegalArgumentException("anchorSizes and anchorRatios must be non-empty");
        }
        if (!(matchIou > 0 && matchIou <= 1)) {
            throw new IllegalArgumentException("matchIou must lie in (0, 1], got " + matchIou);
        }
        if (memory < 0 || !(apcWeight >= 0 && apcWeight <= 1) || !(lambda > 0) || !(margin >= 0)) {
            throw new IllegalArgumentException("RaMBO parameters out of range: lambda " + lambda + ", margin " + margin
                    + ", memory " + memory + ", apcWeight " + apcWeight);
        }
        try {
            device = DeviceSpec.parse(device == null ? "cpu" : device).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device " + e.getMessage(), e);
        }
        rankedScores = rankedScores == null ? DetectionLosses.RankedScores.LOG_ODDS.key() : rankedScores;
        DetectionLosses.RankedScores.of(rankedScores); // validates
        classes = classes == null ? List.of() : List.copyOf(classes);
        anchorSizes = anchorSizes.stream().map(List::copyOf).toList();
        anchorRatios = List.copyOf(anchorRatios);
    }

    /** The same protocol with another method and seed. */
    public DetectionConfig with(String newMethod, long newSeed) {
        return new DetectionConfig(
                grid,
                dataset,
                root,
                classes,
                newMethod,
                newSeed,
                backbone,
                imageSize,
                anchorSizes,
                anchorRatios,
                matchIou,
                epochs,
                batchSize,
                learningRate,
                lambda,
                margin,
                marginNoise,
                memory,
                apcWeight,
                rankedScores,
                maxTrain,
                maxTest,
                device);
    }

    /** The same protocol on another dataset folder. */
    public DetectionConfig withRoot(Path newRoot) {
        return new DetectionConfig(
                grid,
                dataset,
                newRoot.toString(),
                classes,
                method,
                seed,
                backbone,
                imageSize,
                anchorSizes,
                anchorRatios,
                matchIou,
                epochs,
                batchSize,
                learningRate,
                lambda,
                margin,
                marginNoise,
                memory,
                apcWeight,
                rankedScores,
                maxTrain,
                maxTest,
                device);
    }

    /** The same protocol with other training length and data caps (for smoke tests). */
    public DetectionConfig withBudget(int newEpochs, int newMaxTrain, int newMaxTest) {
        return new DetectionConfig(
                grid,
                dataset,
                root,
                classes,
                method,
                seed,
                backbone,
                imageSize,
                anchorSizes,
                anchorRatios,
                matchIou,
                newEpochs,
                batchSize,
                learningRate,
                lambda,
                margin,
                marginNoise,
                memory,
                apcWeight,
                rankedScores,
                newMaxTrain,
                newMaxTest,
                device);
    }

    /** Config files use the record's camelCase names. */
    static final ObjectMapper JSON = new ObjectMapper();

    /** A config from a JSON file. */
    public static DetectionConfig read(Path file) {
        try {
            return JSON.readValue(file.toFile(), DetectionConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": not a detection config (" + e.getMessage() + ")", e);
        }
    }

    /** The loss spec recorded in config.json and final.json. */
    public String lossSpec() {
        if (method.equals("ce")) {
            return "ce:hard_negatives=" + DetectionLosses.NEGATIVES_PER_POSITIVE + "+smooth-l1";
        }
        return "rambo-ap:lambda=" + lambda + ",margin=" + margin + ",noise=" + marginNoise + ",memory=" + memory
                + ",apc=" + apcWeight + ",scores=" + rankedScores + "+smooth-l1";
    }

    /**
     * The run config as config.json holds it: grid, dataset, method, loss, seed, and under
     * {@code protocol} everything the two methods share (keys as in the config file).
     */
    public Map<String, Object> canonicalConfig() {
        Map<String, Object> protocol = JSON.convertValue(this, new TypeReference<Map<String, Object>>() {});
        protocol.remove("method");
        protocol.remove("seed");
        protocol.remove("grid");
        protocol.remove("dataset");
        if (protocol.get("device").equals("cpu")) {
            // the default: a CPU run's config.json stays what it was before the key existed, so
            // its folder keeps its name; any other device is part of the run's identity
            protocol.remove("device");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grid", grid);
        m.put("dataset", dataset);
        m.put("method", method);
        m.put("loss", lossSpec());
        m.put("seed", seed);
        m.put("protocol", protocol);
        return m;
    }

    /** config.json's content: the canonical JSON of {@link #canonicalConfig()}. */
    public String canonicalJson() {
        return CanonicalJson.of(canonicalConfig());
    }

    /** The run folder's name, {@code <method>-s<seed>-<hash12 of config.json>}. */
    public String folderName() {
        return CanonicalJson.folderName(method, seed, canonicalJson());
    }
}
