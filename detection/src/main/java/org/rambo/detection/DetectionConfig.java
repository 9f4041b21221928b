package org.rambo.detection;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.engine.DeviceSpec;
import org.rambo.runfolder.CanonicalJson;

/**
 * One detection run: the data, the protocol both classifier losses share, RaMBO's settings, the
 * method and the seed. Config files hold it in the grids' nested snake_case layout:
 * {@code configs/detection.json} (the CPU default) and {@code configs/paper/voc.json} (the
 * paper's VOC protocol with the hyperparameters it published).
 *
 * <pre>
 * {"grid": ..., "method": "ce", "seed": 0,
 *  "dataset": {"name", "root", "classes", "max_train", "max_test"},
 *  "protocol": {"backbone", "image_size", "anchors": {"sizes", "ratios", "match_iou"},
 *               "epochs", "batch_size", "learning_rate", "device"},
 *  "rambo": {"lambda", "margin", "margin_noise", "memory", "apc_weight", "ranked_scores"}}
 * </pre>
 *
 * The flat accessors ({@link #imageSize()}, {@link #lambda()}, ...) read the nested parts.
 *
 * @param grid name used in run folders and reports
 * @param data the {@code dataset} block
 * @param method "ce" (softmax cross-entropy, SSD hard-negative mining 3:1) or "rambo-ap"
 *     ((1-β) L_mAP + β L_APC over the anchors' class scores)
 * @param seed the run seed; model initialisation, batch order and margin noise get their own
 *     seeds split from it ({@link org.rambo.training.Seeds})
 * @param protocol what both methods share
 * @param rambo RaMBO's settings (recorded for both methods: the pair shares one config)
 */
public record DetectionConfig(
        String grid, @JsonProperty("dataset") Data data, String method, long seed, Protocol protocol, Rambo rambo) {

    public static final List<String> METHODS = List.of("ce", "rambo-ap");

    public DetectionConfig {
        require(
                grid != null && grid.matches("[A-Za-z0-9_.-]+"),
                "grid must be a name of letters, digits, '.', '_' or '-'");
        require(METHODS.contains(method), "method must be one of " + METHODS + ", got " + method);
        require(data != null, "dataset is required");
        require(protocol != null, "protocol is required");
        require(rambo != null, "rambo is required");
    }

    /**
     * The {@code dataset} block.
     *
     * @param name "synthetic-voc" (generated layout, real Fashion-MNIST objects) or "voc"
     * @param root the VOCdevkit folder (holding VOC2007, optionally VOC2012)
     * @param classes class names in label order; absent or empty: {@code root/classes.txt} when
     *     it exists (the synthetic writer puts it there), else the 20 VOC classes
     * @param maxTrain cap on training images (0, the default, = all)
     * @param maxTest cap on test images (0, the default, = all)
     */
    public record Data(String name, String root, List<String> classes, Integer maxTrain, Integer maxTest) {

        public static final List<String> NAMES = List.of("synthetic-voc", "voc");

        public Data {
            require(NAMES.contains(name), "dataset.name must be one of " + NAMES + ", got " + name);
            require(root != null && !root.isBlank(), "dataset.root is required (the VOCdevkit folder)");
            classes = classes == null ? List.of() : List.copyOf(classes);
            maxTrain = maxTrain == null ? 0 : maxTrain;
            maxTest = maxTest == null ? 0 : maxTest;
            require(maxTrain >= 0 && maxTest >= 0, "dataset.max_train and max_test must be >= 0");
        }

        public Data withRoot(String newRoot) {
            return new Data(name, newRoot, classes, maxTrain, maxTest);
        }

        /** The same data with other caps on the images (0 = all). */
        public Data withCaps(int newMaxTrain, int newMaxTest) {
            return new Data(name, root, classes, newMaxTrain, newMaxTest);
        }
    }

    /**
     * What both methods share.
     *
     * @param backbone "tiny" (3 stride-2 conv stages, stride 8), "resnet18" or "resnet50" (DJL's
     *     ResNetV1 up to conv4, stride 16, the Faster R-CNN C4 cut; random init)
     * @param imageSize square input size in pixels (images are resized, aspect not kept)
     * @param anchors the anchors and their matching
     * @param epochs training epochs over the trainval split
     * @param batchSize images per batch
     * @param learningRate Adam learning rate
     * @param device cpu (the default), gpu, gpu:N or auto, as {@code protocol.device} of the
     *     retrieval grids
     */
    public record Protocol(
            String backbone,
            Integer imageSize,
            Anchors anchors,
            Integer epochs,
            Integer batchSize,
            Double learningRate,
            String device) {

        public static final List<String> BACKBONES = List.of("tiny", "resnet18", "resnet50");

        public Protocol {
            require(
                    BACKBONES.contains(backbone),
                    "protocol.backbone must be one of " + BACKBONES + ", got " + backbone);
            require(
                    imageSize != null && imageSize >= 32 && imageSize % 16 == 0,
                    "protocol.image_size must be a multiple of 16, >= 32, got " + imageSize);
            require(anchors != null, "protocol.anchors is required");
            require(epochs != null && epochs >= 1, "protocol.epochs must be >= 1, got " + epochs);
            require(batchSize != null && batchSize >= 1, "protocol.batch_size must be >= 1, got " + batchSize);
            require(
                    learningRate != null && learningRate > 0,
                    "protocol.learning_rate must be > 0, got " + learningRate);
            try {
                device = DeviceSpec.parse(device == null ? "cpu" : device).toString();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("protocol.device " + e.getMessage(), e);
            }
        }

        public Protocol withEpochs(int newEpochs) {
            return new Protocol(backbone, imageSize, anchors, newEpochs, batchSize, learningRate, device);
        }

        public Protocol withBatchSize(int newBatchSize) {
            return new Protocol(backbone, imageSize, anchors, epochs, newBatchSize, learningRate, device);
        }

        public Protocol withDevice(String newDevice) {
            return new Protocol(backbone, imageSize, anchors, epochs, batchSize, learningRate, newDevice);
        }
    }

    /**
     * The anchors.
     *
     * @param sizes per feature map (backbone output, then one SSD down-sampling block per further
     *     entry), anchor sizes relative to the image
     * @param ratios aspect ratios (w/h) used at every feature map
     * @param matchIou IoU at or above which an anchor is matched to a ground truth (besides each
     *     ground truth's best anchor)
     */
    public record Anchors(List<List<Float>> sizes, List<Float> ratios, Float matchIou) {

        public Anchors {
            require(
                    sizes != null && !sizes.isEmpty() && sizes.stream().allMatch(s -> s != null && !s.isEmpty()),
                    "protocol.anchors.sizes must list at least one size per feature map");
            require(ratios != null && !ratios.isEmpty(), "protocol.anchors.ratios must list at least one ratio");
            require(
                    matchIou != null && matchIou > 0 && matchIou <= 1,
                    "protocol.anchors.match_iou must lie in (0, 1], got " + matchIou);
            sizes = sizes.stream().map(List::copyOf).toList();
            ratios = List.copyOf(ratios);
        }
    }

    /**
     * RaMBO's settings.
     *
     * @param lambda RaMBO λ (paper: 0.5)
     * @param margin RaMBO margin α (paper: 0.15)
     * @param marginNoise scale each element's margin shift by |N(0,1)| as the reference AP loss
     *     does (default false)
     * @param memory RaMBO score memory in batches (paper: 7)
     * @param apcWeight β of L_APC: (1-β) L_mAP + β L_APC (paper 2:1, β = 1/3)
     * @param rankedScores the scores RaMBO ranks in training: "log-odds" (the default, the
     *     test-time scores), "log-softmax" or "softmax" (the probabilities). All order the anchors
     *     of a class exactly as the test-time scores do; see {@link DetectionLosses.RankedScores}
     *     for why log-odds is the default
     */
    public record Rambo(
            Float lambda, Float margin, Boolean marginNoise, Integer memory, Float apcWeight, String rankedScores) {

        public Rambo {
            require(lambda != null && lambda > 0, "rambo.lambda must be > 0, got " + lambda);
            require(margin != null && margin >= 0, "rambo.margin must be >= 0, got " + margin);
            marginNoise = marginNoise != null && marginNoise;
            require(memory != null && memory >= 0, "rambo.memory must be >= 0 (batches), got " + memory);
            require(
                    apcWeight != null && apcWeight >= 0 && apcWeight <= 1,
                    "rambo.apc_weight must lie in [0, 1], got " + apcWeight);
            rankedScores = rankedScores == null ? DetectionLosses.RankedScores.LOG_ODDS.key() : rankedScores;
            List<String> keys = Arrays.stream(DetectionLosses.RankedScores.values())
                    .map(DetectionLosses.RankedScores::key)
                    .toList();
            require(
                    keys.contains(rankedScores),
                    "rambo.ranked_scores must be " + String.join(", ", keys.subList(0, keys.size() - 1)) + " or "
                            + keys.get(keys.size() - 1) + ", got " + rankedScores);
        }
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The same protocol with another method and seed. */
    public DetectionConfig with(String newMethod, long newSeed) {
        return new DetectionConfig(grid, data, newMethod, newSeed, protocol, rambo);
    }

    public DetectionConfig withData(Data newData) {
        return new DetectionConfig(grid, newData, method, seed, protocol, rambo);
    }

    public DetectionConfig withProtocol(Protocol newProtocol) {
        return new DetectionConfig(grid, data, method, seed, newProtocol, rambo);
    }

    /** The same protocol on another dataset folder. */
    public DetectionConfig withRoot(Path newRoot) {
        return withData(data.withRoot(newRoot.toString()));
    }

    /** The dataset's name: "synthetic-voc" or "voc". */
    public String dataset() {
        return data.name();
    }

    public String root() {
        return data.root();
    }

    public List<String> classes() {
        return data.classes();
    }

    public int maxTrain() {
        return data.maxTrain();
    }

    public int maxTest() {
        return data.maxTest();
    }

    public String backbone() {
        return protocol.backbone();
    }

    public int imageSize() {
        return protocol.imageSize();
    }

    public List<List<Float>> anchorSizes() {
        return protocol.anchors().sizes();
    }

    public List<Float> anchorRatios() {
        return protocol.anchors().ratios();
    }

    public float matchIou() {
        return protocol.anchors().matchIou();
    }

    public int epochs() {
        return protocol.epochs();
    }

    public int batchSize() {
        return protocol.batchSize();
    }

    public double learningRate() {
        return protocol.learningRate();
    }

    public String device() {
        return protocol.device();
    }

    public float lambda() {
        return rambo.lambda();
    }

    public float margin() {
        return rambo.margin();
    }

    public boolean marginNoise() {
        return rambo.marginNoise();
    }

    public int memory() {
        return rambo.memory();
    }

    public float apcWeight() {
        return rambo.apcWeight();
    }

    public String rankedScores() {
        return rambo.rankedScores();
    }

    /** The loss spec recorded in config.json and final.json. */
    public String lossSpec() {
        if (method.equals("ce")) {
            return "ce:hard_negatives=" + DetectionLosses.NEGATIVES_PER_POSITIVE + "+smooth-l1";
        }
        return "rambo-ap:lambda=" + lambda() + ",margin=" + margin() + ",noise=" + marginNoise() + ",memory=" + memory()
                + ",apc=" + apcWeight() + ",scores=" + rankedScores() + "+smooth-l1";
    }

    /**
     * The run config as config.json holds it: grid, dataset, method, loss, seed, and under
     * {@code protocol} everything the two methods share. config.json keeps the flat camelCase
     * names the first config files used (config files moved to nested snake_case keys since), so
     * its bytes, and with them every run folder's name, stay what they were.
     */
    public Map<String, Object> canonicalConfig() {
        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("root", root());
        shared.put("classes", classes());
        shared.put("maxTrain", maxTrain());
        shared.put("maxTest", maxTest());
        shared.put("backbone", backbone());
        shared.put("imageSize", imageSize());
        shared.put("anchorSizes", anchorSizes());
        shared.put("anchorRatios", anchorRatios());
        shared.put("matchIou", matchIou());
        shared.put("epochs", epochs());
        shared.put("batchSize", batchSize());
        shared.put("learningRate", learningRate());
        shared.put("lambda", lambda());
        shared.put("margin", margin());
        shared.put("marginNoise", marginNoise());
        shared.put("memory", memory());
        shared.put("apcWeight", apcWeight());
        shared.put("rankedScores", rankedScores());
        if (!device().equals("cpu")) {
            // the default: a CPU run's config.json stays what it was before the key existed, so
            // its folder keeps its name; any other device is part of the run's identity
            shared.put("device", device());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grid", grid);
        m.put("dataset", dataset());
        m.put("method", method);
        m.put("loss", lossSpec());
        m.put("seed", seed);
        m.put("protocol", shared);
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
