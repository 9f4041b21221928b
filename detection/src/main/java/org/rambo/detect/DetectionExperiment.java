package org.rambo.detect;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rambo.rank.ApLoss;
import org.rambo.rank.CandidateMemory;

/**
 * One detection run: load the VOC-format data, train the detector with one classifier loss,
 * evaluate VOC AP50 on the test split, write the run folder.
 *
 * <p>One protocol for both methods: for a seed, the same initial weights
 * ({@code Engine.setRandomSeed} before initialisation), the same batch order and flips (a
 * {@link Random} seeded with the seed, consumed identically), the same box loss, matching,
 * optimiser, schedule and inference (per-class NMS, top detections per class). Inference scores:
 * softmax probability of the class (CE) or the raw class logit (RaMBO; AP only needs the order).
 *
 * <p>Run folder: {@code config.json}, {@code epochs.jsonl} (per-epoch losses and seconds),
 * {@code final.json} ({@code status, dataset, method, seed, last{ap50, ap50_voc07, ap50_<class>},
 * wall_seconds, ...}), all written atomically. A folder with a final.json is not run again: its
 * result is read back.
 */
public final class DetectionExperiment {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DetectionExperiment() {}

    /** Runs (or reads back) one run; creates {@code runDir}. */
    public static DetectionResult run(DetectionConfig config, Path runDir) {
        config.validate();
        Path finalJson = runDir.resolve("final.json");
        if (Files.isRegularFile(finalJson)) {
            return readFinal(finalJson, runDir);
        }
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + runDir, e);
        }
        VocWriter.writeAtomically(runDir.resolve("config.json"), config.toJson());
        long start = System.nanoTime();
        if (config.dataRoot() == null) {
            throw new IllegalArgumentException("detection config: dataRoot (the VOCdevkit folder) is not set");
        }
        Path devkit = Path.of(config.dataRoot());
        List<String> classes = resolveClasses(config, devkit);
        VocDataset train = limit(VocDataset.load(devkit, config.trainSplits(), classes), config.maxTrainImages());
        VocDataset test = limit(VocDataset.load(devkit, config.testSplits(), classes), config.maxTestImages());
        if (train.size() == 0 || test.size() == 0) {
            throw new IllegalArgumentException("empty train or test split under " + devkit);
        }
        List<Detection> detections;
        List<Map<String, Object>> epochs = new ArrayList<>();
        try (Model model = Model.newInstance("rambo-detector")) {
            model.setBlock(Detector.build(config, classes.size()));
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate()))
                    .optWeightDecays(config.weightDecay()).build();
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam);
            try (Trainer trainer = model.newTrainer(tc)) {
                Engine.getInstance().setRandomSeed((int) config.seed());
                trainer.initialize(new Shape(config.batchSize(), 3, config.imageSize(), config.imageSize()));
                ImageCache trainImages = new ImageCache(train, config.imageSize());
                train(config, trainer, train, trainImages, runDir, epochs);
                detections = detect(config, trainer, test, new ImageCache(test, config.imageSize()));
            }
        }
        VocEvaluator.Result eval = VocEvaluator.evaluate(classes, test.truths(), detections);
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, Double> perArea = new LinkedHashMap<>();
        Map<String, Double> per11 = new LinkedHashMap<>();
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("ap50", eval.mapArea());
        last.put("ap50_voc07", eval.map11());
        for (VocEvaluator.ClassAp c : eval.perClass()) {
            perArea.put(c.name(), c.apArea());
            per11.put(c.name(), c.ap11());
            last.put("ap50_" + c.name(), Double.isNaN(c.apArea()) ? null : c.apArea());
        }
        Map<String, Object> fin = new LinkedHashMap<>();
        fin.put("status", "finished");
        fin.put("dataset", config.dataset());
        fin.put("method", config.method());
        fin.put("seed", config.seed());
        fin.put("last", last);
        Map<String, Object> voc07 = new LinkedHashMap<>();
        per11.forEach((k, v) -> voc07.put("ap50_voc07_" + k, Double.isNaN(v) ? null : v));
        fin.put("per_class_voc07", voc07);
        fin.put("wall_seconds", wall);
        fin.put("epochs", config.epochs());
        fin.put("train_images", train.size());
        fin.put("test_images", test.size());
        fin.put("test_boxes", test.truths().size());
        fin.put("detections", detections.size());
        fin.put("classes", classes);
        fin.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        try {
            VocWriter.writeAtomically(finalJson, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(fin));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DetectionResult(config.dataset(), config.method(), config.seed(), eval.mapArea(), eval.map11(),
                perArea, per11, wall, runDir, false);
    }

    /**
     * Both methods under one protocol: {@code runsRoot/<dataset>-ce-s<seed>} and
     * {@code runsRoot/<dataset>-rambo-ap-s<seed>}. Returns [ce, rambo].
     */
    public static List<DetectionResult> runPair(DetectionConfig config, Path runsRoot) {
        List<DetectionResult> out = new ArrayList<>();
        for (String m : List.of(DetectionConfig.CE, DetectionConfig.RAMBO)) {
            DetectionConfig c = config.withMethod(m);
            out.add(run(c, runsRoot.resolve(c.dataset() + "-" + m + "-s" + c.seed())));
        }
        return out;
    }

    static List<String> resolveClasses(DetectionConfig config, Path devkit) {
        if (config.classes() != null) {
            return config.classes();
        }
        if (DetectionConfig.SYNTHETIC.equals(config.dataset())) {
            return SyntheticVoc.readClasses(devkit.getParent());
        }
        return VocDataset.VOC_CLASSES;
    }

    private static VocDataset limit(VocDataset d, int max) {
        if (max <= 0 || d.size() <= max) {
            return d;
        }
        return VocDataset.of(d.classNames(), d.images().subList(0, max));
    }

    private static void train(DetectionConfig config, Trainer trainer, VocDataset data, ImageCache images,
            Path runDir, List<Map<String, Object>> epochs) {
        Random order = new Random(config.seed());
        boolean rambo = DetectionConfig.RAMBO.equals(config.method());
        ApLoss ap = ApLoss.builder().optLambda(config.lambda()).optMargin(config.margin())
                .optMarginNoise(config.marginNoise(), config.seed()).optApcWeight(config.apcWeight()).build();
        int n = data.size();
        int batch = config.batchSize();
        try (CandidateMemory memory = new CandidateMemory(config.memory())) {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long t0 = System.nanoTime();
                int[] perm = permutation(n, order);
                double clsSum = 0;
                double boxSum = 0;
                int steps = 0;
                for (int b0 = 0; b0 + batch <= n || (b0 < n && steps == 0 && n < batch); b0 += batch) {
                    int size = Math.min(batch, n - b0);
                    boolean[] flips = new boolean[size];
                    for (int i = 0; i < size; i++) {
                        flips[i] = config.hflip() && order.nextBoolean();
                    }
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        NDList batchData = batch(m, data, images, perm, b0, size, flips, config.imageSize());
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(new NDList(batchData.get(0)));
                            NDArray anchors = out.get(0).get(0).stopGradient();
                            NDList t = AnchorMatcher.match(anchors, batchData.get(1), batchData.get(2), config.matchIou());
                            NDArray cls = rambo ? DetectionLosses.ramboAp(out.get(1), t.get(0), ap, memory)
                                    : DetectionLosses.crossEntropy(out.get(1), t.get(0), config.ceNegativeRatio());
                            NDArray box = DetectionLosses.boxLoss(out.get(2), t.get(1), t.get(2));
                            NDArray total = cls.mul(config.clsWeight()).add(box);
                            gc.backward(total);
                            clsSum += cls.getFloat();
                            boxSum += box.getFloat();
                        }
                        trainer.step();
                    }
                    steps++;
                }
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("epoch", epoch);
                e.put("cls_loss", clsSum / Math.max(1, steps));
                e.put("box_loss", boxSum / Math.max(1, steps));
                e.put("steps", steps);
                e.put("seconds", (System.nanoTime() - t0) / 1e9);
                epochs.add(e);
                StringBuilder lines = new StringBuilder();
                for (Map<String, Object> x : epochs) {
                    try {
                        lines.append(JSON.writeValueAsString(x)).append('\n');
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }
                VocWriter.writeAtomically(runDir.resolve("epochs.jsonl"), lines.toString());
            }
        }
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** [images [B,3,S,S], boxes [B,G,4] normalised corners, labels [B,G] (-1 = padding)]. */
    private static NDList batch(NDManager m, VocDataset data, ImageCache images, int[] perm, int b0, int size,
            boolean[] flips, int s) {
        int g = 1;
        for (int i = 0; i < size; i++) {
            g = Math.max(g, data.images().get(perm[b0 + i]).objects().size());
        }
        float[] pixels = new float[size * 3 * s * s];
        float[] boxes = new float[size * g * 4];
        float[] labels = new float[size * g];
        Arrays.fill(labels, -1f);
        for (int i = 0; i < size; i++) {
            VocImage im = data.images().get(perm[b0 + i]);
            float[] px = images.get(perm[b0 + i]);
            int off = i * 3 * s * s;
            if (!flips[i]) {
                System.arraycopy(px, 0, pixels, off, px.length);
            } else {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < s; y++) {
                        for (int x = 0; x < s; x++) {
                            pixels[off + (c * s + y) * s + x] = px[(c * s + y) * s + (s - 1 - x)];
                        }
                    }
                }
            }
            List<VocObject> objs = im.objects();
            for (int j = 0; j < objs.size(); j++) {
                Box b = objs.get(j).box();
                float x0 = (float) ((b.xmin() - 1) / im.width());
                float x1 = (float) (b.xmax() / im.width());
                if (flips[i]) {
                    float t = 1f - x1;
                    x1 = 1f - x0;
                    x0 = t;
                }
                int o = (i * g + j) * 4;
                boxes[o] = Math.max(0f, x0);
                boxes[o + 1] = (float) Math.max(0, (b.ymin() - 1) / im.height());
                boxes[o + 2] = Math.min(1f, x1);
                boxes[o + 3] = (float) Math.min(1, b.ymax() / im.height());
                labels[i * g + j] = objs.get(j).classIndex();
            }
        }
        return new NDList(m.create(pixels, new Shape(size, 3, s, s)), m.create(boxes, new Shape(size, g, 4)),
                m.create(labels, new Shape(size, g)));
    }

    /** Inference on every test image: decode, per-class NMS, top detections per class. */
    static List<Detection> detect(DetectionConfig config, Trainer trainer, VocDataset data, ImageCache images) {
        List<Detection> out = new ArrayList<>();
        int s = config.imageSize();
        int batch = config.batchSize();
        int numClasses = data.classNames().size();
        boolean ce = DetectionConfig.CE.equals(config.method());
        float[] anchors = null;
        for (int b0 = 0; b0 < data.size(); b0 += batch) {
            int size = Math.min(batch, data.size() - b0);
            try (NDManager m = trainer.getManager().newSubManager()) {
                float[] pixels = new float[size * 3 * s * s];
                for (int i = 0; i < size; i++) {
                    System.arraycopy(images.get(b0 + i), 0, pixels, i * 3 * s * s, 3 * s * s);
                }
                NDList res = trainer.evaluate(new NDList(m.create(pixels, new Shape(size, 3, s, s))));
                if (anchors == null) {
                    anchors = res.get(0).toFloatArray();
                }
                NDArray logits = res.get(1);
                float[] scores = (ce ? logits.softmax(-1) : logits).toFloatArray();
                float[] offsets = res.get(2).toFloatArray();
                int a = anchors.length / 4;
                for (int i = 0; i < size; i++) {
                    VocImage im = data.images().get(b0 + i);
                    for (int c = 0; c < numClasses; c++) {
                        float[] sc = new float[a];
                        for (int k = 0; k < a; k++) {
                            sc[k] = scores[(i * a + k) * (numClasses + 1) + c + 1];
                        }
                        for (int k : Nms.select(anchors, offsets, i * a, sc, config.nmsIou(),
                                config.maxDetectionsPerClass())) {
                            Box nb = AnchorMatcher.decode(Arrays.copyOfRange(anchors, k * 4, k * 4 + 4),
                                    Arrays.copyOfRange(offsets, (i * a + k) * 4, (i * a + k) * 4 + 4));
                            out.add(new Detection(im.id(), c, sc[k], toPixels(nb, im.width(), im.height())));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Normalised corners (clipped to [0, 1]) to VOC 1-based inclusive pixel corners. */
    static Box toPixels(Box b, int w, int h) {
        double x0 = Math.max(0, Math.min(1, b.xmin())) * w + 1;
        double y0 = Math.max(0, Math.min(1, b.ymin())) * h + 1;
        double x1 = Math.max(0, Math.min(1, b.xmax())) * w;
        double y1 = Math.max(0, Math.min(1, b.ymax())) * h;
        return new Box(x0, y0, Math.max(x0, x1), Math.max(y0, y1));
    }

    private static DetectionResult readFinal(Path finalJson, Path runDir) {
        try {
            JsonNode n = JSON.readTree(finalJson.toFile());
            JsonNode last = n.get("last");
            Map<String, Double> per = new LinkedHashMap<>();
            Map<String, Double> per11 = new LinkedHashMap<>();
            for (Iterator<String> it = last.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (k.startsWith("ap50_") && !k.equals("ap50_voc07")) {
                    per.put(k.substring(5), last.get(k).isNull() ? Double.NaN : last.get(k).asDouble());
                }
            }
            JsonNode v07 = n.get("per_class_voc07");
            if (v07 != null) {
                for (Iterator<String> it = v07.fieldNames(); it.hasNext();) {
                    String k = it.next();
                    per11.put(k.substring("ap50_voc07_".length()), v07.get(k).isNull() ? Double.NaN : v07.get(k).asDouble());
                }
            }
            return new DetectionResult(n.get("dataset").asText(), n.get("method").asText(), n.get("seed").asLong(),
                    last.get("ap50").asDouble(), last.get("ap50_voc07").asDouble(), per, per11,
                    n.get("wall_seconds").asDouble(), runDir, true);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException(finalJson + ": unreadable final.json (delete the run folder to rerun)", e);
        }
    }

    /** Decoded, resized, normalised CHW pixels; kept in memory when the set is small. */
    static final class ImageCache {
        private final VocDataset data;
        private final int size;
        private final Map<Integer, float[]> cache = new HashMap<>();
        private final boolean keep;

        ImageCache(VocDataset data, int size) {
            this.data = data;
            this.size = size;
            this.keep = (long) data.size() * 3 * size * size * 4 < 1L << 30;
        }

        float[] get(int index) {
            float[] px = cache.get(index);
            if (px != null) {
                return px;
            }
            px = pixels(VocDataset.readImage(data.images().get(index)), size);
            if (keep) {
                cache.put(index, px);
            }
            return px;
        }
    }

    /** Resize to size x size (bilinear) and normalise to (v / 255 - 0.5) / 0.25, CHW. */
    static float[] pixels(BufferedImage src, int size) {
        BufferedImage im = src;
        if (src.getWidth() != size || src.getHeight() != size || src.getType() != BufferedImage.TYPE_INT_RGB) {
            im = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = im.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, size, size, null);
            g.dispose();
        }
        int[] rgb = im.getRGB(0, 0, size, size, null, 0, size);
        float[] out = new float[3 * size * size];
        int plane = size * size;
        for (int p = 0; p < plane; p++) {
            int v = rgb[p];
            out[p] = (((v >> 16) & 0xff) / 255f - 0.5f) / 0.25f;
            out[plane + p] = (((v >> 8) & 0xff) / 255f - 0.5f) / 0.25f;
            out[2 * plane + p] = ((v & 0xff) / 255f - 0.5f) / 0.25f;
        }
        return out;
    }
}
