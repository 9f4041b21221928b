package org.rambo.detection;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.rambo.rank.ApLoss;

/**
 * Trains the tiny detector with one classifier loss — softmax cross-entropy ("ce") or RaMBO's
 * L_mAP + L_APC over the anchors' class scores ("rambo-ap") — under one protocol (same data,
 * initial weights for a seed, batch order, box regression), then evaluates VOC AP50 and writes
 * a run folder (config.json, final.json; atomic writes; a finished run is skipped).
 *
 * <p>RaMBO here: rows = the C+1 classes (background included, as the classifier's classes),
 * columns = every anchor of the batch plus the anchors of the last {@code memory} batches
 * (detached); relevance = the anchor's assigned class. At test time a class's confidence is
 * its softmax probability for "ce" and its raw logit for "rambo-ap" (the score the loss ranked).
 */
public final class DetectionExperiment {

    /** What a run measured. */
    public record Result(String status, double ap50, double ap50Voc07, Map<String, Double> perClass, double wallSeconds) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final float MATCH_IOU = 0.5f;
    private static final float NMS_IOU = 0.45f;
    private static final int MAX_PER_IMAGE = 50;

    private DetectionExperiment() {}

    /** Runs (or skips, when finished) one detection run into runDir. */
    public static Result run(DetectionConfig config, List<String> classes, Path runDir) throws IOException {
        Path fin = runDir.resolve("final.json");
        if (Files.exists(fin)) {
            var node = JSON.readTree(fin.toFile());
            return new Result("skipped", node.path("last").path("ap50").asDouble(),
                    node.path("last").path("ap50_voc07").asDouble(), Map.of(), node.path("wall_seconds").asDouble());
        }
        Files.createDirectories(runDir);
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("grid", config.grid());
        cfg.put("dataset", config.dataset());
        cfg.put("method", config.method());
        cfg.put("loss", config.method().equals("ce") ? "softmax-cross-entropy"
                : "rambo-ap:lambda=" + config.lambda() + ",margin=" + config.margin() + ",memory=" + config.memory()
                        + ",apc=" + config.apcWeight());
        cfg.put("seed", config.seed());
        Map<String, Object> protocol = JSON.convertValue(config, LinkedHashMap.class);
        protocol.remove("method");
        protocol.remove("seed");
        protocol.remove("grid");
        protocol.put("classes", classes);
        cfg.put("protocol", protocol);
        write(runDir.resolve("config.json"), JSON.writeValueAsString(cfg));

        long start = System.nanoTime();
        Path devkit = Path.of(config.root());
        List<VocImage> train = cap(VocDataset.trainval0712(devkit, classes), config.maxTrain());
        List<VocImage> test = cap(VocDataset.test07(devkit, classes), config.maxTest());
        int size = config.imageSize();
        int c = classes.size();
        int grid = size / 8;
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance(config.method())) {
            float[] trainPixels = pixels(train, size);
            float[] testPixels = pixels(test, size);
            model.setBlock(TinyDetector.build(c));
            Loss placeholder = Loss.softmaxCrossEntropyLoss();
            DefaultTrainingConfig tc = new DefaultTrainingConfig(placeholder)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                            .build());
            try (Trainer trainer = model.newTrainer(tc)) {
                Engine.getInstance().setRandomSeed((int) (config.seed() & 0x7fffffff));
                trainer.initialize(new Shape(config.batchSize(), 3, size, size));
                NDArray anchors = TinyDetector.anchorArray(manager, grid);
                ApLoss ap = ApLoss.builder().optLambda(config.lambda()).optMargin(config.margin())
                        .optApcWeight(config.apcWeight()).build();
                Deque<NDArray[]> memory = new ArrayDeque<>();
                SplittableRandom order = new SplittableRandom(config.seed() * 31 + 7);
                int pixelsPerImage = 3 * size * size;
                for (int epoch = 0; epoch < config.epochs(); epoch++) {
                    int[] perm = permutation(train.size(), order);
                    for (int from = 0; from + config.batchSize() <= perm.length; from += config.batchSize()) {
                        int b = config.batchSize();
                        try (NDManager step = manager.newSubManager()) {
                            float[] x = new float[b * pixelsPerImage];
                            List<int[]> labels = new ArrayList<>();
                            List<NDArray> offsets = new ArrayList<>();
                            for (int k = 0; k < b; k++) {
                                int idx = perm[from + k];
                                System.arraycopy(trainPixels, idx * pixelsPerImage, x, k * pixelsPerImage, pixelsPerImage);
                                NDArray gt = relativeBoxes(step, train.get(idx));
                                int[] matched = AnchorMatcher.match(anchors, gt, MATCH_IOU);
                                int[] lab = new int[matched.length];
                                for (int a = 0; a < matched.length; a++) {
                                    lab[a] = matched[a] < 0 ? 0 : train.get(idx).objects().get(matched[a]).classId() + 1;
                                }
                                labels.add(lab);
                                offsets.add(AnchorMatcher.encode(anchors, gt, matched));
                            }
                            NDArray input = step.create(x, new Shape(b, 3, size, size));
                            int[] flatLabels = labels.stream().flatMapToInt(java.util.Arrays::stream).toArray();
                            NDArray targetOffsets = NDArrays.concat(new NDList(offsets), 0);
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray out = TinyDetector.perAnchor(trainer.forward(new NDList(input)).head(), c);
                                NDArray logits = out.get(":, :, :" + (c + 1)).reshape(-1, c + 1);
                                NDArray boxes = out.get(":, :, " + (c + 1) + ":").reshape(-1, 4);
                                NDArray cls = config.method().equals("ce")
                                        ? crossEntropy(logits, flatLabels, step)
                                        : ramboAp(ap, logits, flatLabels, c, memory, config.memory(), manager, step);
                                NDArray loss = cls.add(smoothL1(boxes, targetOffsets, flatLabels, step));
                                gc.backward(loss);
                            }
                            trainer.step();
                        }
                    }
                }
                List<Detection> detections = detect(trainer, manager, testPixels, test, anchors, size, c,
                        config.method().equals("ce"));
                List<GroundTruth> truths = new ArrayList<>();
                test.forEach(im -> truths.addAll(im.groundTruth()));
                VocEvaluator.Result r = VocEvaluator.evaluate(truths, detections, c, 0.5);
                memory.forEach(m -> { m[0].close(); m[1].close(); });
                double wall = (System.nanoTime() - start) / 1e9;
                Map<String, Double> perClass = new LinkedHashMap<>();
                Map<String, Object> last = new LinkedHashMap<>();
                last.put("ap50", r.mapArea());
                last.put("ap50_voc07", r.map11());
                for (VocEvaluator.ClassAp ca : r.classes()) {
                    if (!Double.isNaN(ca.apArea())) {
                        perClass.put(classes.get(ca.classId()), ca.apArea());
                        last.put("ap50_" + classes.get(ca.classId()), ca.apArea());
                    }
                }
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("status", "finished");
                f.put("grid", config.grid());
                f.put("dataset", config.dataset());
                f.put("method", config.method());
                f.put("seed", config.seed());
                f.put("epochs", config.epochs());
                f.put("last", last);
                f.put("best", Map.of());
                f.put("wall_seconds", wall);
                f.put("train_images", train.size());
                f.put("test_images", test.size());
                write(fin, JSON.writeValueAsString(f));
                return new Result("finished", r.mapArea(), r.map11(), perClass, wall);
            }
        }
    }

    static NDArray crossEntropy(NDArray logits, int[] labels, NDManager m) {
        NDArray logProb = logits.logSoftmax(1);
        long[] idx = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            idx[i] = labels[i];
        }
        NDArray picked = logProb.gather(m.create(idx, new Shape(labels.length, 1)), 1);
        return picked.mean().neg();
    }

    /** RaMBO mAP + APC over [classes+1 × anchors of batch ∪ memory]; only the batch gets gradient. */
    static NDArray ramboAp(ApLoss ap, NDArray logits, int[] labels, int c, Deque<NDArray[]> memory, int capacity,
                           NDManager persistent, NDManager step) {
        float[] rel = new float[(c + 1) * labels.length];
        for (int i = 0; i < labels.length; i++) {
            rel[labels[i] * labels.length + i] = 1f;
        }
        NDArray scores = logits.transpose();                                  // [C+1, N]
        NDArray relevance = step.create(rel, new Shape(c + 1, labels.length));
        NDList s = new NDList(scores);
        NDList r = new NDList(relevance);
        for (NDArray[] past : memory) {
            s.add(past[0]);
            r.add(past[1]);
        }
        NDArray loss = ap.compute(NDArrays.concat(s, 1), NDArrays.concat(r, 1));
        if (capacity > 0) {
            NDArray keptScores = scores.stopGradient().duplicate();
            keptScores.attach(persistent);
            NDArray keptRel = relevance.duplicate();
            keptRel.attach(persistent);
            memory.addLast(new NDArray[] {keptScores, keptRel});
            while (memory.size() > capacity) {
                NDArray[] old = memory.removeFirst();
                old[0].close();
                old[1].close();
            }
        }
        return loss;
    }

    /** Smooth L1 over the offsets of anchors matched to an object, averaged over those anchors. */
    static NDArray smoothL1(NDArray predicted, NDArray target, int[] labels, NDManager m) {
        float[] fg = new float[labels.length];
        int count = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] > 0) {
                fg[i] = 1f;
                count++;
            }
        }
        NDArray d = predicted.sub(target).abs();
        NDArray l = d.lt(1f).toType(DataType.FLOAT32, false).mul(d.square().mul(0.5f))
                .add(d.gte(1f).toType(DataType.FLOAT32, false).mul(d.sub(0.5f)));
        return l.sum(new int[] {1}).mul(m.create(fg)).sum().div(Math.max(1, count));
    }

    static List<Detection> detect(Trainer trainer, NDManager manager, float[] pixels, List<VocImage> images,
                                  NDArray anchors, int size, int c, boolean softmax) {
        int per = 3 * size * size;
        float[] a = anchors.toFloatArray();
        int na = a.length / 4;
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(java.util.Arrays.copyOfRange(pixels, i * per, (i + 1) * per),
                        new Shape(1, 3, size, size));
                NDArray o = TinyDetector.perAnchor(trainer.evaluate(new NDList(x)).head(), c).reshape(na, c + 5);
                NDArray cls = o.get(":, :" + (c + 1));
                float[] conf = (softmax ? cls.softmax(1) : cls).toFloatArray();
                float[] off = o.get(":, " + (c + 1) + ":").toFloatArray();
                VocImage im = images.get(i);
                for (int k = 1; k <= c; k++) {
                    List<Detection> cand = new ArrayList<>();
                    for (int j = 0; j < na; j++) {
                        Box b = decode(a, off, j, im.width(), im.height());
                        cand.add(new Detection(im.id(), k - 1, conf[j * (c + 1) + k], b));
                    }
                    cand.sort((p, q) -> Double.compare(q.score(), p.score()));
                    List<Detection> kept = new ArrayList<>();
                    for (Detection d : cand) {
                        boolean suppressed = false;
                        for (Detection k2 : kept) {
                            if (d.box().iou(k2.box()) > NMS_IOU) {
                                suppressed = true;
                                break;
                            }
                        }
                        if (!suppressed) {
                            kept.add(d);
                            if (kept.size() == MAX_PER_IMAGE) {
                                break;
                            }
                        }
                    }
                    out.addAll(kept);
                }
            }
        }
        return out;
    }

    /** Decodes anchor j's offsets into a VOC (1-based, inclusive) pixel box, clipped to the image. */
    static Box decode(float[] a, float[] off, int j, int width, int height) {
        double aw = a[j * 4 + 2] - a[j * 4];
        double ah = a[j * 4 + 3] - a[j * 4 + 1];
        double cx = a[j * 4] + aw / 2 + off[j * 4] * 0.1 * aw;
        double cy = a[j * 4 + 1] + ah / 2 + off[j * 4 + 1] * 0.1 * ah;
        double w = aw * Math.exp(Math.min(4, off[j * 4 + 2] * 0.2));
        double h = ah * Math.exp(Math.min(4, off[j * 4 + 3] * 0.2));
        double x1 = clamp((cx - w / 2) * width + 1, 1, width);
        double y1 = clamp((cy - h / 2) * height + 1, 1, height);
        double x2 = clamp((cx + w / 2) * width, x1, width);
        double y2 = clamp((cy + h / 2) * height, y1, height);
        return new Box(x1, y1, x2, y2);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Ground-truth boxes in relative corners [G, 4] (VOC boxes are 1-based and inclusive). */
    static NDArray relativeBoxes(NDManager m, VocImage im) {
        float[] b = new float[im.objects().size() * 4];
        for (int k = 0; k < im.objects().size(); k++) {
            Box box = im.objects().get(k).box();
            b[k * 4] = (float) ((box.xmin() - 1) / im.width());
            b[k * 4 + 1] = (float) ((box.ymin() - 1) / im.height());
            b[k * 4 + 2] = (float) (box.xmax() / im.width());
            b[k * 4 + 3] = (float) (box.ymax() / im.height());
        }
        return m.create(b, new Shape(im.objects().size(), 4));
    }

    /** Images resized to size×size, CHW floats in [0, 1], concatenated. */
    static float[] pixels(List<VocImage> images, int size) throws IOException {
        int per = 3 * size * size;
        float[] out = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            BufferedImage src = ImageIO.read(images.get(i).file().toFile());
            if (src == null) {
                throw new VocDataException(images.get(i).file(), "cannot decode the image");
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int rgb = src.getRGB(x * src.getWidth() / size, y * src.getHeight() / size);
                    out[i * per + y * size + x] = ((rgb >> 16) & 0xff) / 255f;
                    out[i * per + size * size + y * size + x] = ((rgb >> 8) & 0xff) / 255f;
                    out[i * per + 2 * size * size + y * size + x] = (rgb & 0xff) / 255f;
                }
            }
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static List<VocImage> cap(List<VocImage> images, int max) {
        return max > 0 && images.size() > max ? images.subList(0, max) : images;
    }

    private static void write(Path target, String content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
