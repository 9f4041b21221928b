package org.rambo.detection;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * One detection run under the shared protocol: load VOC-format data (the real VOC07+12 or the
 * synthetic set), build the SSD detector, train it with the configured classifier loss (the box
 * loss is the same smooth-L1 in both methods), evaluate VOC AP50 on the VOC07 test split, and
 * write the run folder (config.json, provenance.json, epochs.csv, final.json, log.txt; each
 * written atomically). The protocol is identical across methods for a seed: the same initial
 * weights (engine seed set before initialisation), the same batch order, the same matching,
 * post-processing and evaluation. A folder that already holds a finished final.json is not run
 * again: its result is read back.
 */
public final class DetectionExperiment {

    /** IoU of the evaluation (AP50). */
    public static final double EVAL_IOU = 0.5;
    /** Post-processing, the same for both methods: candidates per class and image, NMS IoU, detections per image. */
    static final int TOP_K_PER_CLASS = 100;
    static final double NMS_IOU = 0.45;
    static final int MAX_PER_IMAGE = 100;
    /** Training images are kept decoded in memory below this many bytes, else re-read each batch. */
    static final long CACHE_BYTES = 768L << 20;

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private DetectionExperiment() {}

    /** The loss spec string recorded in config.json / final.json. */
    public static String lossSpec(DetectionConfig c) {
        if (c.method().equals("ce")) {
            return "ce:hard_negatives=" + DetectionLosses.NEGATIVES_PER_POSITIVE + "+smooth-l1";
        }
        return "rambo-ap:lambda=" + c.lambda() + ",margin=" + c.margin() + ",noise=" + c.marginNoise()
                + ",memory=" + c.memory() + ",apc=" + c.apcWeight() + ",scores=" + c.rankedScores() + "+smooth-l1";
    }

    /** The canonical run config (config.json): grid, dataset, method, loss, seed, protocol. */
    public static Map<String, Object> canonicalConfig(DetectionConfig c) {
        Map<String, Object> protocol = CANONICAL.convertValue(c, Map.class);
        protocol.remove("method");
        protocol.remove("seed");
        protocol.remove("grid");
        protocol.remove("dataset");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grid", c.grid());
        m.put("dataset", c.dataset());
        m.put("method", c.method());
        m.put("loss", lossSpec(c));
        m.put("seed", c.seed());
        m.put("protocol", protocol);
        return m;
    }

    /** {@code <method>-s<seed>-<hash12>}: hash12 = first 12 hex digits of SHA-256 of the canonical config. */
    public static String runFolderName(DetectionConfig c) {
        try {
            byte[] json = CANONICAL.writeValueAsBytes(canonicalConfig(c));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return c.method() + "-s" + c.seed() + "-" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class names in label order: the config's, else root/classes.txt, else the 20 VOC classes. */
    public static List<String> resolveClasses(DetectionConfig c) {
        if (!c.classes().isEmpty()) {
            return c.classes();
        }
        Path file = Path.of(c.root()).resolve(SyntheticVoc.CLASSES_FILE);
        if (Files.isRegularFile(file)) {
            try {
                return Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            } catch (IOException e) {
                throw new VocDataException(file, "cannot read the class list (" + e.getMessage() + ")", e);
            }
        }
        return VocDataset.VOC_CLASSES;
    }

    /** Runs (or reads back) one detection run into {@code runDir}. */
    public static DetectionResult run(DetectionConfig config, Path runDir) {
        return run(config, runDir, Map.of());
    }

    /**
     * As {@link #run(DetectionConfig, Path)}, recording {@code environment} (the caller's code
     * version, engine threads, ...) in provenance.json besides what this module knows.
     */
    public static DetectionResult run(DetectionConfig config, Path runDir, Map<String, Object> environment) {
        Path finalJson = runDir.resolve("final.json");
        if (Files.isRegularFile(finalJson)) {
            DetectionResult previous = readResult(finalJson);
            if (previous.status().equals("finished")) {
                return previous;
            }
        }
        long start = System.nanoTime();
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run folder " + runDir, e);
        }
        Log log = new Log(runDir.resolve("log.txt"));
        writeJson(runDir.resolve("config.json"), canonicalConfig(config));
        try {
            DetectionResult r = train(config, runDir, log, start, environment);
            return r;
        } catch (RuntimeException | Error e) {
            double wall = (System.nanoTime() - start) / 1e9;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("status", "failed");
            f.put("grid", config.grid());
            f.put("dataset", config.dataset());
            f.put("method", config.method());
            f.put("loss", lossSpec(config));
            f.put("seed", config.seed());
            f.put("epochs", config.epochs());
            f.put("last", Map.of());
            f.put("best", Map.of());
            f.put("wall_seconds", wall);
            f.put("failure", String.valueOf(e.getMessage()));
            writeJson(finalJson, f);
            log.line("failed: " + e);
            throw e;
        }
    }

    /** A training image: its annotation, the non-difficult boxes in relative corners, their labels. */
    record Sample(VocImage image, float[] boxes, int[] labels) {

        static Sample of(VocImage im) {
            List<VocObject> kept = im.objects().stream().filter(o -> !o.difficult()).toList();
            float[] b = new float[kept.size() * 4];
            int[] l = new int[kept.size()];
            for (int k = 0; k < kept.size(); k++) {
                Box x = kept.get(k).box();
                // VOC pixels are 1-based and inclusive: pixel i covers [i-1, i) of the width
                b[k * 4] = (float) ((x.xmin() - 1) / im.width());
                b[k * 4 + 1] = (float) ((x.ymin() - 1) / im.height());
                b[k * 4 + 2] = (float) (x.xmax() / im.width());
                b[k * 4 + 3] = (float) (x.ymax() / im.height());
                l[k] = kept.get(k).classId();
            }
            return new Sample(im, b, l);
        }
    }

    private static DetectionResult train(DetectionConfig config, Path runDir, Log log, long start,
                                         Map<String, Object> environment) {
        Path root = Path.of(config.root());
        List<String> classes = resolveClasses(config);
        List<VocImage> trainImages = cap(VocDataset.trainval0712(root, classes), config.maxTrain());
        List<VocImage> testImages = cap(VocDataset.test07(root, classes), config.maxTest());
        if (trainImages.isEmpty() || testImages.isEmpty()) {
            throw new VocDataException(root, "no images in the trainval or test split");
        }
        int size = config.imageSize();
        int numClasses = classes.size();
        writeJson(runDir.resolve("provenance.json"), provenance(config, root, environment));
        log.line("data: " + trainImages.size() + " trainval, " + testImages.size() + " test images, "
                + numClasses + " classes; method " + config.method() + " (" + lossSpec(config) + "), seed "
                + config.seed());

        List<Sample> train = trainImages.stream().map(Sample::of).toList();
        boolean cache = (long) train.size() * 3 * size * size * 4 <= CACHE_BYTES;
        float[][] pixels = new float[train.size()][];

        Engine engine = Engine.getInstance();
        engine.setRandomSeed((int) config.seed());
        Device device = engine.defaultDevice();
        try (Model model = Model.newInstance("ssd-" + config.method(), device)) {
            model.setBlock(SsdModel.build(config, numClasses));
            Optimizer adam = Adam.builder().optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                    .build();
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(adam)
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(tc);
                 DetectionLosses.Rambo rambo = config.method().equals("rambo-ap")
                         ? new DetectionLosses.Rambo(config.lambda(), config.margin(), config.marginNoise(),
                                 config.seed(), config.apcWeight(), config.memory(), false,
                                 DetectionLosses.RankedScores.of(config.rankedScores()))
                         : null) {
                trainer.initialize(new Shape(config.batchSize(), 3, size, size));
                NDManager manager = trainer.getManager();

                float[] anchors;
                try (NDManager sub = manager.newSubManager()) {
                    NDList out = trainer.evaluate(new NDList(sub.zeros(new Shape(1, 3, size, size))));
                    anchors = out.get(0).toFloatArray();
                }
                int n = anchors.length / 4;
                log.line("model: SSD, backbone " + config.backbone() + ", " + n + " anchors at " + size + " px");

                // targets are fixed (no augmentation): match once
                int[][] classTargets = new int[train.size()][];
                float[][] boxTargets = new float[train.size()][];
                try (NDManager sub = manager.newSubManager()) {
                    NDArray anchorArray = sub.create(anchors, new Shape(n, 4));
                    for (int i = 0; i < train.size(); i++) {
                        Sample s = train.get(i);
                        NDArray gt = sub.create(s.boxes(), new Shape(s.labels().length, 4));
                        int[] matched = AnchorMatcher.match(anchorArray, gt, config.matchIou());
                        int[] t = new int[n];
                        for (int a = 0; a < n; a++) {
                            t[a] = matched[a] < 0 ? 0 : s.labels()[matched[a]] + 1;
                        }
                        classTargets[i] = t;
                        boxTargets[i] = AnchorMatcher.encode(anchorArray, gt, matched).toFloatArray();
                        gt.close();
                    }
                }

                Random order = new Random(config.seed());
                List<Integer> indices = new ArrayList<>();
                for (int i = 0; i < train.size(); i++) {
                    indices.add(i);
                }
                StringBuilder epochs = new StringBuilder("epoch,train_loss,cls_loss,box_loss,epoch_seconds\n");
                double lastLoss = Double.NaN;
                long stepNanos = 0;
                long steps = 0;
                int bs = config.batchSize();
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    long epochStart = System.nanoTime();
                    Collections.shuffle(indices, order);
                    double sumLoss = 0;
                    double sumCls = 0;
                    double sumBox = 0;
                    int batches = 0;
                    for (int from = 0; from < indices.size(); from += bs) {
                        List<Integer> batch = indices.subList(from, Math.min(indices.size(), from + bs));
                        int b = batch.size();
                        float[] x = new float[b * 3 * size * size];
                        float[] bt = new float[b * n * 4];
                        float[] fg = new float[b * n];
                        int[][] targets = new int[b][];
                        for (int k = 0; k < b; k++) {
                            int i = batch.get(k);
                            float[] p = pixels[i];
                            if (p == null) {
                                VocImage im = train.get(i).image();
                                p = ImagePixels.read(im.file(), size, im.width(), im.height());
                                if (cache) {
                                    pixels[i] = p;
                                }
                            }
                            System.arraycopy(p, 0, x, k * 3 * size * size, p.length);
                            System.arraycopy(boxTargets[i], 0, bt, k * n * 4, n * 4);
                            targets[k] = classTargets[i];
                            for (int a = 0; a < n; a++) {
                                fg[k * n + a] = classTargets[i][a] > 0 ? 1f : 0f;
                            }
                        }
                        long t0 = System.nanoTime();
                        try (NDManager sub = manager.newSubManager()) {
                            NDArray input = sub.create(x, new Shape(b, 3, size, size));
                            float lossValue;
                            float clsValue;
                            float boxValue;
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList out = trainer.forward(new NDList(input));
                                NDArray cls = out.get(1);
                                NDArray clsLoss = rambo == null
                                        ? DetectionLosses.crossEntropy(cls, targets)
                                        : rambo.compute(cls, targets, "e" + epoch + "-b" + batches);
                                NDArray boxLoss = DetectionLosses.smoothL1(out.get(2),
                                        sub.create(bt, new Shape(b, n, 4)), sub.create(fg, new Shape(b, n)));
                                NDArray loss = clsLoss.add(boxLoss);
                                lossValue = loss.getFloat();
                                clsValue = clsLoss.getFloat();
                                boxValue = boxLoss.getFloat();
                                if (!Float.isFinite(lossValue)) {
                                    throw new IllegalStateException("non-finite training loss " + lossValue
                                            + " at epoch " + epoch + ", batch " + batches);
                                }
                                gc.backward(loss);
                            }
                            trainer.step();
                            sumLoss += lossValue;
                            sumCls += clsValue;
                            sumBox += boxValue;
                        }
                        stepNanos += System.nanoTime() - t0;
                        steps++;
                        batches++;
                    }
                    double seconds = (System.nanoTime() - epochStart) / 1e9;
                    lastLoss = sumLoss / batches;
                    epochs.append(epoch).append(',').append(lastLoss).append(',').append(sumCls / batches).append(',')
                            .append(sumBox / batches).append(',').append(seconds).append('\n');
                    writeAtomically(runDir.resolve("epochs.csv"), epochs.toString());
                    log.line(String.format("epoch %d: loss %.4f (cls %.4f, box %.4f), %.1f s", epoch, lastLoss,
                            sumCls / batches, sumBox / batches, seconds));
                }

                Evaluation evaluation = evaluate(trainer, config, testImages, anchors, numClasses);
                VocEvaluator.Result eval = evaluation.capped();
                double wall = (System.nanoTime() - start) / 1e9;
                Map<String, Double> perClass = new LinkedHashMap<>();
                Map<String, Double> perClass07 = new LinkedHashMap<>();
                for (VocEvaluator.ClassAp ap : eval.classes()) {
                    perClass.put(classes.get(ap.classId()), ap.apArea());
                    perClass07.put(classes.get(ap.classId()), ap.ap11());
                }
                DetectionResult result = new DetectionResult("finished", config.dataset(), config.method(),
                        config.seed(), eval.mapArea(), eval.map11(), evaluation.uncapped().mapArea(), perClass,
                        perClass07, wall,
                        steps == 0 ? 0 : stepNanos / 1e6 / steps, lastLoss, train.size(), testImages.size());
                writeJson(runDir.resolve("final.json"), finalJson(config, result));
                log.line(String.format("AP50 %.4f (area), %.4f (VOC07 11-point), %.4f (area, no per-image cap); %.1f s",
                        result.ap50(), result.ap50Voc07(), result.ap50Uncapped(), wall));
                return result;
            }
        }
    }

    /** VOC AP50 of the detections capped at {@link #MAX_PER_IMAGE} per image, and without that cap. */
    record Evaluation(VocEvaluator.Result capped, VocEvaluator.Result uncapped) {}

    /** Detections on the test images, then VOC AP at IoU 0.5, with and without the per-image cap. */
    static Evaluation evaluate(Trainer trainer, DetectionConfig config, List<VocImage> testImages,
                                        float[] anchors, int numClasses) {
        int size = config.imageSize();
        int n = anchors.length / 4;
        List<Detection> detections = new ArrayList<>();
        List<Detection> uncapped = new ArrayList<>();
        List<GroundTruth> truths = new ArrayList<>();
        for (VocImage im : testImages) {
            truths.addAll(im.groundTruth());
        }
        int bs = config.batchSize();
        for (int from = 0; from < testImages.size(); from += bs) {
            List<VocImage> batch = testImages.subList(from, Math.min(testImages.size(), from + bs));
            int b = batch.size();
            float[] x = new float[b * 3 * size * size];
            for (int k = 0; k < b; k++) {
                VocImage im = batch.get(k);
                float[] p = ImagePixels.read(im.file(), size, im.width(), im.height());
                System.arraycopy(p, 0, x, k * p.length, p.length);
            }
            try (NDManager sub = trainer.getManager().newSubManager()) {
                NDList out = trainer.evaluate(new NDList(sub.create(x, new Shape(b, 3, size, size))));
                NDArray cls = out.get(1);
                NDArray scores = DetectionLosses.classScores(cls); // the same scores for both methods
                float[] s = scores.toFloatArray();
                float[] o = out.get(2).toFloatArray();
                for (int k = 0; k < b; k++) {
                    List<Detection> all = postprocess(batch.get(k), s, o, k, n, numClasses, anchors);
                    uncapped.addAll(all);
                    detections.addAll(all.size() > MAX_PER_IMAGE ? all.subList(0, MAX_PER_IMAGE) : all);
                }
            }
        }
        return new Evaluation(VocEvaluator.evaluate(truths, detections, numClasses, EVAL_IOU),
                VocEvaluator.evaluate(truths, uncapped, numClasses, EVAL_IOU));
    }

    /** Per class: top-K anchors by score, decoded, NMS; all classes' detections by descending score, in pixels. */
    static List<Detection> postprocess(VocImage im, float[] scores, float[] offsets, int k, int n, int numClasses,
                                       float[] anchors) {
        float[] o = java.util.Arrays.copyOfRange(offsets, k * n * 4, (k + 1) * n * 4);
        List<Detection> out = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            Integer[] idx = new Integer[n];
            for (int a = 0; a < n; a++) {
                idx[a] = a;
            }
            final int cc = c;
            java.util.Arrays.sort(idx, (p, q) -> Float.compare(scores[(k * n + q) * numClasses + cc],
                    scores[(k * n + p) * numClasses + cc]));
            int top = Math.min(n, TOP_K_PER_CLASS);
            float[][] boxes = new float[top][];
            double[] sc = new double[top];
            for (int j = 0; j < top; j++) {
                boxes[j] = BoxCoder.decode(anchors, o, idx[j]);
                sc[j] = scores[(k * n + idx[j]) * numClasses + c];
            }
            for (int j : BoxCoder.nms(boxes, sc, NMS_IOU)) {
                Box px = toPixels(boxes[j], im.width(), im.height());
                if (px != null) {
                    out.add(new Detection(im.id(), c, sc[j], px));
                }
            }
        }
        out.sort((p, q) -> Double.compare(q.score(), p.score()));
        return out;
    }

    /** Relative corners to VOC's 1-based inclusive pixels, clipped to the image; null when empty. */
    static Box toPixels(float[] r, int width, int height) {
        double x1 = Math.max(1, Math.min(width, r[0] * width + 1));
        double y1 = Math.max(1, Math.min(height, r[1] * height + 1));
        double x2 = Math.max(1, Math.min(width, r[2] * width));
        double y2 = Math.max(1, Math.min(height, r[3] * height));
        if (!(x2 >= x1) || !(y2 >= y1)) {
            return null;
        }
        return new Box(x1, y1, x2, y2);
    }

    static Map<String, Object> finalJson(DetectionConfig c, DetectionResult r) {
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("ap50", nullIfNaN(r.ap50()));
        last.put("ap50_voc07", nullIfNaN(r.ap50Voc07()));
        last.put(UNCAPPED_KEY, nullIfNaN(r.ap50Uncapped()));
        r.apPerClass().forEach((name, ap) -> last.put("ap50_" + name, nullIfNaN(ap)));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("status", r.status());
        f.put("grid", c.grid());
        f.put("dataset", r.dataset());
        f.put("method", r.method());
        f.put("loss", lossSpec(c));
        f.put("seed", r.seed());
        f.put("epochs", c.epochs());
        f.put("last", last);
        f.put("best", Map.of());
        Map<String, Object> per07 = new LinkedHashMap<>();
        r.ap07PerClass().forEach((name, ap) -> per07.put("ap50_voc07_" + name, nullIfNaN(ap)));
        f.put("last_voc07_per_class", per07);
        f.put("wall_seconds", r.wallSeconds());
        f.put("mean_step_ms", r.meanStepMs());
        f.put("mean_sort_ms", 0.0);
        f.put("final_train_loss", nullIfNaN(r.finalTrainLoss()));
        f.put("train_images", r.trainImages());
        f.put("test_images", r.testImages());
        if (c.dataset().equals("synthetic-voc")) {
            f.put("note", "synthetic layout, real objects: Fashion-MNIST items pasted on textured backgrounds in "
                    + "VOC format; not Pascal VOC");
        }
        return f;
    }

    /** final.json key of {@link DetectionResult#ap50Uncapped}. */
    public static final String UNCAPPED_KEY = "uncapped_ap50";

    /** Whether a key of final.json's {@code last} is a per-class AP ({@code ap50_<class>}). */
    public static boolean isClassKey(String key) {
        return key.startsWith("ap50_") && !key.equals("ap50_voc07");
    }

    /** Reads a final.json back into a result (per-class 11-point APs when present). */
    public static DetectionResult readResult(Path finalJson) {
        try {
            JsonNode j = JSON.readTree(finalJson.toFile());
            JsonNode last = j.path("last");
            Map<String, Double> perClass = new LinkedHashMap<>();
            last.fields().forEachRemaining(e -> {
                if (isClassKey(e.getKey())) {
                    perClass.put(e.getKey().substring(5), number(e.getValue()));
                }
            });
            Map<String, Double> per07 = new LinkedHashMap<>();
            j.path("last_voc07_per_class").fields().forEachRemaining(
                    e -> per07.put(e.getKey().substring("ap50_voc07_".length()), number(e.getValue())));
            return new DetectionResult(j.path("status").asText(), j.path("dataset").asText(),
                    j.path("method").asText(), j.path("seed").asLong(), number(last.path("ap50")),
                    number(last.path("ap50_voc07")), number(last.path(UNCAPPED_KEY)), perClass, per07, j.path("wall_seconds").asDouble(),
                    j.path("mean_step_ms").asDouble(), number(j.path("final_train_loss")),
                    j.path("train_images").asInt(), j.path("test_images").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException(finalJson + ": cannot read the run result", e);
        }
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static Object nullIfNaN(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Map<String, Object> provenance(DetectionConfig c, Path root, Map<String, Object> environment) {
        Map<String, Object> p = new LinkedHashMap<>(environment);
        p.put("java_version", System.getProperty("java.version"));
        p.put("java_vendor", System.getProperty("java.vendor"));
        p.put("os", System.getProperty("os.name"));
        p.put("arch", System.getProperty("os.arch"));
        p.put("djl_version", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        p.put("engine", engine.getEngineName());
        p.put("pytorch_version", engine.getVersion());
        p.put("device", engine.defaultDevice().toString());
        p.put("threads", Map.of("java_available_processors", Runtime.getRuntime().availableProcessors()));
        p.put("dataset_checksum", annotationChecksum(root));
        p.put("dataset_checksum_scope", "SHA-256 over the split lists and annotation XML files (not the images)");
        p.put("seeds", Map.of("model_init", c.seed(), "batch_order", c.seed(), "augmentation", "none",
                "loss", c.seed()));
        p.put("started_at", Instant.now().toString());
        return p;
    }

    static String annotationChecksum(Path root) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String year : List.of("VOC2007", "VOC2012")) {
                for (String dir : List.of("ImageSets/Main", "Annotations")) {
                    Path d = root.resolve(year).resolve(dir);
                    if (!Files.isDirectory(d)) {
                        continue;
                    }
                    List<Path> files;
                    try (Stream<Path> s = Files.list(d)) {
                        files = s.filter(Files::isRegularFile).sorted().toList();
                    }
                    for (Path f : files) {
                        md.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                        md.update(Files.readAllBytes(f));
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    private static <T> List<T> cap(List<T> list, int max) {
        return max > 0 && list.size() > max ? list.subList(0, max) : list;
    }

    static void writeJson(Path file, Object value) {
        try {
            writeAtomically(file, JSON.writeValueAsString(value) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Temp file in the same folder, then rename over the target. */
    static void writeAtomically(Path file, String content) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** log.txt, rewritten atomically with every line; lines also go to standard error. */
    static final class Log {
        private final Path file;
        private final StringBuilder text = new StringBuilder();

        Log(Path file) {
            this.file = file;
            if (Files.isRegularFile(file)) {
                try {
                    text.append(Files.readString(file));
                } catch (IOException e) {
                    // start a fresh log
                }
            }
        }

        void line(String s) {
            String l = Instant.now() + " " + s;
            System.err.println("[detection] " + s);
            text.append(l).append('\n');
            writeAtomically(file, text.toString());
        }
    }
}
