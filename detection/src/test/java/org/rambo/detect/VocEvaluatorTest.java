package org.rambo.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VocEvaluatorTest {

    private static final List<String> ONE = List.of("a");

    private static Box box(double x0, double y0, double x1, double y1) {
        return new Box(x0, y0, x1, y1);
    }

    @Test
    void perfectDetectionsGiveApOne() {
        List<GroundTruth> gt = List.of(new GroundTruth("i1", 0, box(1, 1, 10, 10), false),
                new GroundTruth("i2", 0, box(20, 20, 40, 40), false));
        List<Detection> det = List.of(new Detection("i1", 0, 0.9, box(1, 1, 10, 10)),
                new Detection("i2", 0, 0.8, box(20, 20, 40, 40)));
        VocEvaluator.Result r = VocEvaluator.evaluate(ONE, gt, det);
        assertEquals(1.0, r.mapArea(), 1e-12);
        assertEquals(1.0, r.map11(), 1e-12);
    }

    @Test
    void handComputedApWithAFalsePositiveInTheMiddle() {
        // TP (rec .5, prec 1), FP (rec .5, prec .5), TP (rec 1, prec 2/3)
        List<GroundTruth> gt = List.of(new GroundTruth("i", 0, box(1, 1, 10, 10), false),
                new GroundTruth("i", 0, box(50, 50, 60, 60), false));
        List<Detection> det = List.of(new Detection("i", 0, 0.9, box(1, 1, 10, 10)),
                new Detection("i", 0, 0.8, box(100, 100, 110, 110)),
                new Detection("i", 0, 0.7, box(50, 50, 60, 60)));
        VocEvaluator.Result r = VocEvaluator.evaluate(ONE, gt, det);
        assertEquals(0.5 * 1.0 + 0.5 * (2.0 / 3.0), r.mapArea(), 1e-12);
        assertEquals((6 * 1.0 + 5 * (2.0 / 3.0)) / 11.0, r.map11(), 1e-12);
    }

    @Test
    void duplicateIsAFalsePositiveAndMissedBoxCapsRecall() {
        List<GroundTruth> gt = List.of(new GroundTruth("i", 0, box(1, 1, 10, 10), false),
                new GroundTruth("j", 0, box(1, 1, 10, 10), false));
        List<Detection> det = List.of(new Detection("i", 0, 0.9, box(1, 1, 10, 10)),
                new Detection("i", 0, 0.8, box(1, 1, 10, 9)));
        VocEvaluator.Result r = VocEvaluator.evaluate(ONE, gt, det);
        // recall reaches 0.5 at precision 1; nothing more
        assertEquals(0.5, r.mapArea(), 1e-12);
        assertEquals(6.0 / 11.0, r.map11(), 1e-12);
    }

    @Test
    void difficultBoxesAreIgnored() {
        List<GroundTruth> gt = List.of(new GroundTruth("i", 0, box(1, 1, 10, 10), false),
                new GroundTruth("i", 0, box(30, 30, 40, 40), true));
        // the top detection hits the difficult box: neither TP nor FP; the missed difficult box
        // does not count against recall
        List<Detection> det = List.of(new Detection("i", 0, 0.9, box(30, 30, 40, 40)),
                new Detection("i", 0, 0.8, box(1, 1, 10, 10)));
        VocEvaluator.Result r = VocEvaluator.evaluate(ONE, gt, det);
        assertEquals(1, r.perClass().get(0).positives());
        assertEquals(1.0, r.mapArea(), 1e-12);
        assertEquals(1.0, r.map11(), 1e-12);
    }

    @Test
    void iouMustExceedOneHalfWithInclusivePixelCorners() {
        // gt 10x10 pixels = 100; detection rows 1..5 = 50 pixels inside: IoU exactly 0.5 -> FP
        List<GroundTruth> gt = List.of(new GroundTruth("i", 0, box(1, 1, 10, 10), false));
        assertEquals(0.5, Box.vocIou(box(1, 1, 10, 10), box(1, 1, 10, 5)), 1e-12);
        assertEquals(0.0, VocEvaluator.evaluate(ONE, gt,
                List.of(new Detection("i", 0, 0.9, box(1, 1, 10, 5)))).mapArea(), 1e-12);
        assertEquals(1.0, VocEvaluator.evaluate(ONE, gt,
                List.of(new Detection("i", 0, 0.9, box(1, 1, 10, 6)))).mapArea(), 1e-12);
    }

    @Test
    void classesWithoutPositivesAreLeftOutOfTheMean() {
        List<String> names = List.of("a", "b", "c");
        List<GroundTruth> gt = List.of(new GroundTruth("i", 0, box(1, 1, 10, 10), false),
                new GroundTruth("i", 2, box(20, 20, 30, 30), false),
                new GroundTruth("i", 1, box(40, 40, 50, 50), true));
        List<Detection> det = List.of(new Detection("i", 0, 0.9, box(1, 1, 10, 10)),
                new Detection("i", 1, 0.9, box(1, 1, 10, 10)),
                new Detection("i", 2, 0.9, box(60, 60, 70, 70)));
        VocEvaluator.Result r = VocEvaluator.evaluate(names, gt, det);
        assertTrue(Double.isNaN(r.of("b").apArea()));
        assertEquals(1.0, r.of("a").apArea(), 1e-12);
        assertEquals(0.0, r.of("c").apArea(), 1e-12);
        assertEquals(0.5, r.mapArea(), 1e-12);
        // a detection of the wrong class in the right place is a false positive of its class
        assertEquals(0, r.of("c").apArea());
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> VocEvaluator.evaluate(ONE,
                List.of(new GroundTruth("i", 1, box(1, 1, 2, 2), false)), List.of()));
        assertThrows(IllegalArgumentException.class, () -> VocEvaluator.evaluate(ONE,
                List.of(), List.of(new Detection("i", 0, Double.NaN, box(1, 1, 2, 2)))));
    }

    @Test
    void matchesBruteForceOnRandomScenes() {
        Random rnd = new Random(7);
        List<String> names = List.of("a", "b", "c");
        for (int trial = 0; trial < 200; trial++) {
            List<GroundTruth> gt = new ArrayList<>();
            List<Detection> det = new ArrayList<>();
            int images = 1 + rnd.nextInt(4);
            List<Double> scores = new ArrayList<>();
            for (int s = 0; s < 200; s++) {
                scores.add((double) s);
            }
            Collections.shuffle(scores, rnd);
            int next = 0;
            for (int i = 0; i < images; i++) {
                String id = "img" + i;
                int objects = rnd.nextInt(5);
                for (int o = 0; o < objects; o++) {
                    gt.add(new GroundTruth(id, rnd.nextInt(3), randomBox(rnd), rnd.nextInt(5) == 0));
                }
                int dets = rnd.nextInt(8);
                for (int d = 0; d < dets; d++) {
                    Box b;
                    if (!gt.isEmpty() && rnd.nextBoolean()) {
                        Box g = gt.get(rnd.nextInt(gt.size())).box();
                        b = new Box(g.xmin() + rnd.nextInt(5) - 2, g.ymin() + rnd.nextInt(5) - 2,
                                g.xmax() + rnd.nextInt(5) - 2, g.ymax() + rnd.nextInt(5) - 2);
                    } else {
                        b = randomBox(rnd);
                    }
                    det.add(new Detection(id, rnd.nextInt(3), scores.get(next++) / 200.0, b));
                }
            }
            VocEvaluator.Result r = VocEvaluator.evaluate(names, gt, det);
            Collections.shuffle(det, rnd);
            VocEvaluator.Result shuffled = VocEvaluator.evaluate(names, gt, det);
            for (int c = 0; c < 3; c++) {
                double[] brute = bruteForce(gt, det, c);
                VocEvaluator.ClassAp ap = r.perClass().get(c);
                assertEquals(brute[0], ap.apArea(), 1e-9, "area AP, trial " + trial + " class " + c);
                assertEquals(brute[1], ap.ap11(), 1e-9, "11-point AP, trial " + trial + " class " + c);
                assertEquals(ap.apArea(), shuffled.perClass().get(c).apArea(), 0.0);
            }
        }
    }

    private static Box randomBox(Random rnd) {
        int x = 1 + rnd.nextInt(40);
        int y = 1 + rnd.nextInt(40);
        return new Box(x, y, x + 3 + rnd.nextInt(15), y + 3 + rnd.nextInt(15));
    }

    /**
     * Brute force: for every prefix of the score-sorted detections, replay the devkit's matching
     * from scratch, count TP/FP, then integrate the interpolated precision directly from its
     * definition (p_interp(r) = max precision at recall >= r).
     */
    private static double[] bruteForce(List<GroundTruth> gt, List<Detection> det, int c) {
        List<Detection> d = new ArrayList<>();
        for (Detection x : det) {
            if (x.classIndex() == c) {
                d.add(x);
            }
        }
        d.sort((p, q) -> Double.compare(q.score(), p.score()));
        List<GroundTruth> g = new ArrayList<>();
        int npos = 0;
        for (GroundTruth x : gt) {
            if (x.classIndex() == c) {
                g.add(x);
                npos += x.difficult() ? 0 : 1;
            }
        }
        if (npos == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        List<double[]> points = new ArrayList<>(); // {recall, precision} after each counted prefix
        for (int k = 1; k <= d.size(); k++) {
            boolean[] used = new boolean[g.size()];
            int tp = 0;
            int fp = 0;
            boolean lastIgnored = false;
            for (int i = 0; i < k; i++) {
                Detection x = d.get(i);
                int best = -1;
                double bestIou = -1;
                for (int j = 0; j < g.size(); j++) {
                    if (g.get(j).imageId().equals(x.imageId())) {
                        double o = Box.vocIou(x.box(), g.get(j).box());
                        if (o > bestIou) {
                            bestIou = o;
                            best = j;
                        }
                    }
                }
                lastIgnored = false;
                if (best >= 0 && bestIou > 0.5) {
                    if (g.get(best).difficult()) {
                        lastIgnored = true;
                    } else if (!used[best]) {
                        used[best] = true;
                        tp++;
                    } else {
                        fp++;
                    }
                } else {
                    fp++;
                }
            }
            if (!lastIgnored) {
                points.add(new double[] {(double) tp / npos, tp + fp == 0 ? 0 : (double) tp / (tp + fp)});
            }
        }
        // area: integrate p_interp over recall in steps between the distinct recall levels
        List<Double> levels = new ArrayList<>();
        levels.add(0.0);
        for (double[] p : points) {
            if (!levels.contains(p[0])) {
                levels.add(p[0]);
            }
        }
        Collections.sort(levels);
        double area = 0;
        for (int i = 1; i < levels.size(); i++) {
            area += (levels.get(i) - levels.get(i - 1)) * interp(points, levels.get(i));
        }
        double eleven = 0;
        for (int t = 0; t <= 10; t++) {
            eleven += interp(points, t / 10.0) / 11.0;
        }
        return new double[] {area, eleven};
    }

    private static double interp(List<double[]> points, double r) {
        double best = 0;
        for (double[] p : points) {
            if (p[0] >= r - 1e-15) {
                best = Math.max(best, p[1]);
            }
        }
        return best;
    }
}
