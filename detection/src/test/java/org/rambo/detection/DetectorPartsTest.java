package org.rambo.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.basicmodelzoo.cv.object_detection.ssd.SingleShotDetection;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rambo.rank.ApLoss;

/** The detector's parts: SSD anchor/prediction layout, box decoding and NMS, the two classifier losses, presets. */
class DetectorPartsTest {

    static DetectionConfig tiny() {
        return TestConfigs.synthetic();
    }

    @Test
    void ssdAnchorsAndClassPredictionsShareOneLayout() {
        DetectionConfig c = tiny();
        int classes = 3;
        try (NDManager m = NDManager.newBaseManager()) {
            SingleShotDetection ssd = SsdModel.build(c, classes);
            ssd.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            // class heads: zero weights, bias = 10 * anchor-in-cell + class, so each row of the
            // reshaped output names the anchor slot it came from
            int a = SsdModel.anchorsPerCell(c, 0);
            for (Pair<String, Parameter> p : ssd.getParameters()) {
                long channels = p.getValue().getArray().getShape().get(0);
                if (channels == (long) a * (classes + 1)) {
                    NDArray arr = p.getValue().getArray();
                    if (p.getKey().endsWith("weight")) {
                        arr.muli(0);
                    } else {
                        float[] bias = new float[(int) channels];
                        for (int i = 0; i < bias.length; i++) {
                            bias[i] = 10 * (i / (classes + 1)) + i % (classes + 1);
                        }
                        arr.set(bias);
                    }
                }
            }
            NDList out = ssd.forward(
                    new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(1, 3, 64, 64))), false);
            float[] anchors = out.get(0).toFloatArray();
            int grid = 64 / SsdModel.backboneStride("tiny");
            int n0 = grid * grid * a;
            int n1 = (grid / 2) * (grid / 2) * SsdModel.anchorsPerCell(c, 1);
            assertEquals(n0 + n1, anchors.length / 4);
            assertEquals(new Shape(1, n0 + n1, classes + 1), out.get(1).getShape());
            assertEquals(new Shape(1, (n0 + n1) * 4L), out.get(2).getShape());
            float[] cls = out.get(1).toFloatArray();
            List<Float> sizes = c.anchorSizes().get(0);
            List<Float> ratios = c.anchorRatios();
            for (int k = 0; k < n0; k++) {
                int cell = k / a;
                int slot = k % a;
                double cx = (cell % grid + 0.5) / grid;
                double cy = (cell / grid + 0.5) / grid;
                // MultiBoxPrior: every size at ratios[0], then sizes[0] at ratios[1..]
                double s = slot < sizes.size() ? sizes.get(slot) : sizes.get(0);
                double r = slot < sizes.size() ? ratios.get(0) : ratios.get(slot - sizes.size() + 1);
                double w = s * Math.sqrt(r);
                double h = s / Math.sqrt(r);
                assertArrayEquals(
                        new float[] {
                            (float) (cx - w / 2), (float) (cy - h / 2), (float) (cx + w / 2), (float) (cy + h / 2)
                        },
                        java.util.Arrays.copyOfRange(anchors, k * 4, k * 4 + 4),
                        1e-5f,
                        "anchor " + k);
                for (int j = 0; j <= classes; j++) {
                    assertEquals(10 * slot + j, cls[k * (classes + 1) + j], 1e-4, "class logit of anchor " + k);
                }
            }
        }
    }

    @Test
    void resnetBackboneIsCutAtStride16() {
        try (NDManager m = NDManager.newBaseManager()) {
            var block = SsdModel.backbone("resnet18", 64);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            NDArray out = block.forward(
                            new ParameterStore(m, false), new NDList(m.zeros(new Shape(1, 3, 64, 64))), false)
                    .singletonOrThrow();
            assertEquals(4, out.getShape().get(2));
            assertEquals(4, out.getShape().get(3));
        }
    }

    @Test
    void decodeInvertsEncode() {
        Random r = new Random(4);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] anchors = AnchorMatcherTest.randomBoxes(r, 30);
            float[] boxes = AnchorMatcherTest.randomBoxes(r, 3);
            NDArray an = m.create(anchors, new Shape(30, 4));
            NDArray bx = m.create(boxes, new Shape(3, 4));
            int[] matched = AnchorMatcher.match(an, bx, 0.3f);
            float[] enc = AnchorMatcher.encode(an, bx, matched).toFloatArray();
            for (int i = 0; i < 30; i++) {
                if (matched[i] >= 0) {
                    int g = matched[i];
                    assertArrayEquals(
                            java.util.Arrays.copyOfRange(boxes, g * 4, g * 4 + 4),
                            BoxCoder.decode(anchors, enc, i),
                            1e-5f);
                }
            }
        }
    }

    @Test
    void nmsKeepsTheBestOfOverlappingBoxes() {
        float[][] boxes = {{0, 0, 1, 1}, {0, 0, 1, 0.9f}, {2, 2, 3, 3}, {0.5f, 0, 1.5f, 1}};
        double[] scores = {0.5, 0.9, 0.1, 0.3};
        // 1 beats 0 (IoU 0.9); 3 overlaps 1 by 0.45/1.45 < 0.45; 2 is apart
        assertArrayEquals(new int[] {1, 3, 2}, BoxCoder.nms(boxes, scores, 0.45));
        assertArrayEquals(new int[] {1, 2}, BoxCoder.nms(boxes, scores, 0.3));
    }

    @Test
    void hardNegativeMiningKeepsThreeNegativesPerPositive() {
        float[] loss = {5, 1, 4, 3, 2, 9, 0.5f, 0.1f, 7, 6};
        int[][] targets = {{1, 0, 0, 0, 0}, {0, 0, 0, 0, 0}};
        float[] mask = DetectionLosses.hardNegativeMask(loss, targets);
        // image 0: the positive and the 3 negatives of highest loss (4, 3, 2); image 1: 3 of 5
        assertArrayEquals(new float[] {1, 0, 1, 1, 1, 1, 0, 0, 1, 1}, mask);
    }

    @Test
    void ramboRanksEachClassOverAllAnchorsOfBatchAndMemory() {
        try (NDManager m = NDManager.newBaseManager()) {
            Random r = new Random(5);
            int b = 2;
            int n = 6;
            int c = 3;
            float[] l1 = new float[b * n * (c + 1)];
            float[] l2 = new float[b * n * (c + 1)];
            for (int i = 0; i < l1.length; i++) {
                l1[i] = (float) r.nextGaussian();
                l2[i] = (float) r.nextGaussian();
            }
            int[][] t1 = {{0, 1, 0, 2, 0, 0}, {3, 0, 0, 0, 1, 0}};
            int[][] t2 = {{0, 0, 2, 0, 0, 3}, {0, 1, 0, 0, 0, 0}};
            try (DetectionLosses.Rambo rambo = new DetectionLosses.Rambo(
                    0.5f, 0.15f, false, 0, 1f / 3, 7, true, DetectionLosses.RankedScores.SOFTMAX)) {
                NDArray x1 = m.create(l1, new Shape(b, n, c + 1));
                NDArray x2 = m.create(l2, new Shape(b, n, c + 1));
                float first = rambo.compute(x1, t1, "b1").getFloat();
                float second = rambo.compute(x2, t2, "b2").getFloat();
                ApLoss ap = rambo.apLoss();
                // by hand: scores [classes × sampled anchors], those of batch 2 then of batch 1 (the memory)
                long[] k1 = kept(DetectionLosses.sampleMask(x1, t1));
                long[] k2 = kept(DetectionLosses.sampleMask(x2, t2));
                assertEquals(12, k1.length, "every anchor: 2 positives and 4 negatives per image");
                assertEquals(6 + 4, k2.length, "image 2 of batch 2: 1 positive and the 3 hardest of 5 negatives");
                NDArray s1 = x1.softmax(2).get(":, :, 1:").reshape(b * n, c).get(m.create(k1));
                NDArray s2 = x2.softmax(2).get(":, :, 1:").reshape(b * n, c).get(m.create(k2));
                NDArray rel1 = relevance(m, t1, c).get(m.create(k1));
                NDArray rel2 = relevance(m, t2, c).get(m.create(k2));
                float expectFirst = ap.compute(s1.transpose(), rel1.transpose()).getFloat();
                float expectSecond = ap.compute(
                                NDArrays.concat(new NDList(s2, s1), 0).transpose(),
                                NDArrays.concat(new NDList(rel2, rel1), 0).transpose())
                        .getFloat();
                assertEquals(expectFirst, first, 1e-6);
                assertEquals(expectSecond, second, 1e-6);
                assertNotEquals(ap.compute(s2.transpose(), rel2.transpose()).getFloat(), second, 1e-6);
            }
            // the default: every anchor is a column
            try (DetectionLosses.Rambo all = new DetectionLosses.Rambo(0.5f, 0.15f, false, 0, 1f / 3, 7)) {
                NDArray x1 = m.create(l1, new Shape(b, n, c + 1));
                NDArray x2 = m.create(l2, new Shape(b, n, c + 1));
                all.compute(x1, t1, "b1");
                float second = all.compute(x2, t2, "b2").getFloat();
                // ... and the scores ranked are the log-odds (the default), computed by hand here
                NDArray s1 = m.create(logOdds(l1, b * n, c), new Shape(b * n, c));
                NDArray s2 = m.create(logOdds(l2, b * n, c), new Shape(b * n, c));
                float expect = all.apLoss()
                        .compute(
                                NDArrays.concat(new NDList(s2, s1), 0).transpose(),
                                NDArrays.concat(new NDList(relevance(m, t2, c), relevance(m, t1, c)), 0)
                                        .transpose())
                        .getFloat();
                assertEquals(expect, second, 1e-5);
            }
        }
    }

    /** log p_c - log(1 - p_c) in double precision, per anchor and foreground class. */
    static float[] logOdds(float[] logits, int anchors, int c) {
        float[] out = new float[anchors * c];
        for (int a = 0; a < anchors; a++) {
            for (int k = 0; k < c; k++) {
                double others = 0;
                for (int j = 0; j <= c; j++) {
                    if (j != k + 1) {
                        others += Math.exp(logits[a * (c + 1) + j]);
                    }
                }
                out[a * c + k] = (float) (logits[a * (c + 1) + k + 1] - Math.log(others));
            }
        }
        return out;
    }

    @Test
    void rankedScoresOrderAnchorsAsTheProbabilitiesDo() {
        try (NDManager m = NDManager.newBaseManager()) {
            Random r = new Random(11);
            int n = 50;
            int c = 4;
            float[] logits = new float[n * (c + 1)];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (4 * r.nextGaussian());
            }
            NDArray x = m.create(logits, new Shape(1, n, c + 1));
            float[] p = DetectionLosses.RankedScores.SOFTMAX.of(x).toFloatArray();
            float[] lp = DetectionLosses.RankedScores.LOG_SOFTMAX.of(x).toFloatArray();
            float[] lo = DetectionLosses.RankedScores.LOG_ODDS.of(x).toFloatArray();
            assertArrayEquals(DetectionLosses.classScores(x).toFloatArray(), lo);
            float[] expected = logOdds(logits, n, c);
            for (int i = 0; i < n * c; i++) {
                assertEquals(expected[i], lo[i], 1e-4);
                assertEquals(Math.log(p[i]), lp[i], 1e-4);
            }
            // per class, the same order of the anchors (what test-time AP ranks)
            for (int k = 0; k < c; k++) {
                for (int a = 0; a < n; a++) {
                    for (int q = 0; q < n; q++) {
                        if (p[a * c + k] != p[q * c + k]) {
                            assertEquals(p[a * c + k] > p[q * c + k], lp[a * c + k] > lp[q * c + k]);
                            assertEquals(p[a * c + k] > p[q * c + k], lo[a * c + k] > lo[q * c + k]);
                        }
                    }
                }
            }
            assertEquals(DetectionLosses.RankedScores.LOG_ODDS, DetectionLosses.RankedScores.of("log-odds"));
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> DetectionLosses.RankedScores.of("logits"));
            assertEquals("rankedScores must be log-odds, log-softmax or softmax, got logits", e.getMessage());
        }
    }

    @Test
    void logOddsKeepApartWhatTheProbabilitiesRoundTogether() {
        try (NDManager m = NDManager.newBaseManager()) {
            // large logits, as a ranking loss that leaves the scale free produces: in float32 the
            // probabilities of class 1 are exactly 1, 1, 0, 0; the log-odds keep all four apart
            float[] logits = {0, 40, 0, 0, 30, 0, 0, -120, 0, 0, -130, 0};
            NDArray x = m.create(logits, new Shape(1, 4, 3));
            float[] p = DetectionLosses.RankedScores.SOFTMAX.of(x).toFloatArray();
            assertEquals(p[0], p[2]);
            assertEquals(p[4], p[6]);
            float[] lo = DetectionLosses.classScores(x).toFloatArray();
            assertEquals(40 - Math.log(2), lo[0], 1e-4);
            assertEquals(30 - Math.log(2), lo[2], 1e-4);
            assertEquals(-120 - Math.log(2), lo[4], 1e-4);
            assertEquals(-130 - Math.log(2), lo[6], 1e-4);
        }
    }

    static long[] kept(float[] mask) {
        return java.util.stream.IntStream.range(0, mask.length)
                .filter(i -> mask[i] == 1f)
                .asLongStream()
                .toArray();
    }

    @Test
    void sampledNegativesAreTheMostConfidentFalseDetections() {
        try (NDManager m = NDManager.newBaseManager()) {
            // one image, 5 anchors, 2 classes + background; anchor 0 positive
            float[] logits = {
                0, 0, 0, // positive
                5, 0, 0, // confident background
                0, 3, 0, // confident class 1: hard negative
                0, 0, 4, // hard negative
                1, 1, 1, // uncertain: third hardest
            };
            NDArray x = m.create(logits, new Shape(1, 5, 3));
            float[] mask = DetectionLosses.sampleMask(x, new int[][] {{2, 0, 0, 0, 0}});
            assertArrayEquals(new float[] {1, 0, 1, 1, 1}, mask);
        }
    }

    static NDArray relevance(NDManager m, int[][] t, int c) {
        int n = t[0].length;
        float[] rel = new float[t.length * n * c];
        for (int i = 0; i < t.length; i++) {
            for (int a = 0; a < n; a++) {
                if (t[i][a] > 0) {
                    rel[(i * n + a) * c + t[i][a] - 1] = 1;
                }
            }
        }
        return m.create(rel, new Shape(t.length * n, c));
    }

    @Test
    void presetsCarryThePaperHyperparameters() {
        for (String name : List.of("synthetic-default", "voc-paper")) {
            DetectionConfig c = name.equals("voc-paper") ? TestConfigs.vocPaper() : TestConfigs.synthetic();
            // the paper's λ on VOC; 4 on the synthetic set (the sweep in README-detection.md)
            assertEquals(name.equals("voc-paper") ? 0.5f : 4f, c.lambda());
            assertEquals("log-odds", c.rankedScores());
            assertEquals(0.15f, c.margin());
            assertEquals(7, c.memory());
            assertEquals(1f / 3, c.apcWeight(), 1e-6);
        }
        DetectionConfig voc = TestConfigs.vocPaper();
        assertEquals("resnet50", voc.backbone());
        assertEquals(12, voc.epochs());
        assertEquals(8, voc.batchSize());
        assertEquals("voc", voc.dataset());
        DetectionConfig a = tiny();
        assertEquals(
                a.canonicalConfig().get("protocol"),
                a.with("rambo-ap", 0).canonicalConfig().get("protocol"));
        assertNotEquals(a.folderName(), a.with("rambo-ap", 0).folderName());
        assertEquals(a.folderName(), tiny().folderName());
        assertThrows(IllegalArgumentException.class, () -> a.with("focal", 0));
        assertEquals(VocDataset.VOC_CLASSES, DetectionData.resolveClasses(a.withRoot(Path.of("/nonexistent"))));
    }
}
