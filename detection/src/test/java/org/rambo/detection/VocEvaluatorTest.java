package org.rambo.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** VOC AP on hand-made detections with known answers, and against a brute force on random sets. */
class VocEvaluatorTest {

    static Box box(double x1, double y1, double x2, double y2) {
        return new Box(x1, y1, x2, y2);
    }

    @Test
    void iouUsesInclusivePixelCorners() {
        // 10x10 boxes (0..9) overlapping in 5x10: inter 50, union 150
        assertEquals(50.0 / 150.0, box(0, 0, 9, 9).iou(box(5, 0, 14, 9)), 1e-12);
        assertEquals(0.0, box(0, 0, 9, 9).iou(box(10, 0, 19, 9)));
        assertEquals(1.0, box(3, 4, 8, 9).iou(box(3, 4, 8, 9)));
    }

    @Test
    void knownApOfAShortRankedList() {
        List<GroundTruth> gt = List.of(
                new GroundTruth("a", 0, box(0, 0, 9, 9), false), new GroundTruth("a", 0, box(20, 20, 29, 29), false));
        List<Detection> det = List.of(
                new Detection("a", 0, 0.9, box(0, 0, 9, 9)), // TP
                new Detection("a", 0, 0.8, box(50, 50, 59, 59)), // FP
                new Detection("a", 0, 0.7, box(20, 21, 29, 29))); // TP
        VocEvaluator.Result r = VocEvaluator.evaluate(gt, det, 1, 0.5);
        // recall .5 .5 1, precision 1 .5 2/3: area = .5 * 1 + .5 * 2/3; 11-point = (6 * 1 + 5 * 2/3) / 11
        assertEquals(0.5 + 0.5 * 2 / 3.0, r.mapArea(), 1e-12);
        assertEquals((6 + 5 * 2 / 3.0) / 11, r.map11(), 1e-12);
    }

    @Test
    void difficultBoxesAreIgnoredAndDuplicatesAreFalsePositives() {
        List<GroundTruth> gt = List.of(
                new GroundTruth("a", 0, box(0, 0, 9, 9), false),
                new GroundTruth("a", 0, box(30, 30, 39, 39), true),
                new GroundTruth("b", 1, box(0, 0, 9, 9), false));
        List<Detection> det = List.of(
                new Detection("a", 0, 0.95, box(30, 30, 39, 39)), // difficult: ignored
                new Detection("a", 0, 0.9, box(0, 0, 9, 9)), // TP
                new Detection("a", 0, 0.85, box(0, 0, 9, 9)), // duplicate: FP
                new Detection("b", 0, 0.8, box(0, 0, 9, 9))); // wrong class in b: FP
        VocEvaluator.Result r = VocEvaluator.evaluate(gt, det, 3, 0.5);
        VocEvaluator.ClassAp c0 = r.classes().get(0);
        assertEquals(1, c0.positives());
        assertEquals(1.0, c0.apArea(), 1e-12); // the first counted detection is the TP at recall 1
        assertEquals(1.0, c0.ap11(), 1e-12);
        assertEquals(0.0, r.classes().get(1).apArea()); // class 1 has a positive and no detection
        assertTrue(Double.isNaN(r.classes().get(2).apArea()), "no ground truth: NaN, left out of the mean");
        assertEquals(0.5, r.mapArea(), 1e-12);
    }

    /** Independent brute force: envelope by explicit max over later ranks, 11-point by scanning. */
    static double[] bruteForce(int c, List<GroundTruth> gts, List<Detection> dets) {
        List<Detection> d =
                new ArrayList<>(dets.stream().filter(x -> x.classId() == c).toList());
        d.sort(Comparator.comparingDouble(Detection::score).reversed());
        int npos = (int)
                gts.stream().filter(g -> g.classId() == c && !g.difficult()).count();
        List<GroundTruth> used = new ArrayList<>();
        List<double[]> points = new ArrayList<>(); // (recall, precision) after each counted detection
        int tp = 0;
        int fp = 0;
        List<Integer> tpRanks = new ArrayList<>();
        for (Detection x : d) {
            GroundTruth best = null;
            double bestIou = -1;
            for (GroundTruth g : gts) {
                if (g.classId() == c
                        && g.imageId().equals(x.imageId())
                        && x.box().iou(g.box()) > bestIou) {
                    bestIou = x.box().iou(g.box());
                    best = g;
                }
            }
            if (best != null && bestIou > 0.5 && best.difficult()) {
                points.add(null);
                continue;
            }
            if (best != null && bestIou > 0.5 && !used.contains(best)) {
                used.add(best);
                tp++;
                tpRanks.add(points.size());
            } else {
                fp++;
            }
            points.add(new double[] {(double) tp / npos, (double) tp / (tp + fp)});
        }
        double area = 0;
        for (int k : tpRanks) {
            double envelope = 0;
            for (int j = k; j < points.size(); j++) {
                if (points.get(j) != null) {
                    envelope = Math.max(envelope, points.get(j)[1]);
                }
            }
            area += envelope / npos;
        }
        double eleven = 0;
        for (int k = 0; k <= 10; k++) {
            double t = k * 0.1;
            double best = 0;
            for (double[] p : points) {
                if (p != null && p[0] >= t) {
                    best = Math.max(best, p[1]);
                }
            }
            eleven += best / 11;
        }
        return new double[] {area, eleven};
    }

    @Test
    void agreesWithBruteForceOnRandomSets() {
        Random r = new Random(3);
        for (int trial = 0; trial < 40; trial++) {
            List<GroundTruth> gts = new ArrayList<>();
            List<Detection> dets = new ArrayList<>();
            for (int img = 0; img < 4; img++) {
                for (int k = 0; k < 1 + r.nextInt(5); k++) {
                    int x = r.nextInt(80);
                    int y = r.nextInt(80);
                    gts.add(new GroundTruth(
                            "i" + img,
                            r.nextInt(2),
                            box(x, y, x + 10 + r.nextInt(20), y + 10 + r.nextInt(20)),
                            r.nextInt(6) == 0));
                }
                for (int k = 0; k < r.nextInt(12); k++) {
                    int x = r.nextInt(80);
                    int y = r.nextInt(80);
                    dets.add(new Detection(
                            "i" + img,
                            r.nextInt(2),
                            r.nextInt(5) / 4.0,
                            box(x, y, x + 10 + r.nextInt(20), y + 10 + r.nextInt(20))));
                }
                // some near-perfect hits so APs are not all zero
                for (GroundTruth g : gts) {
                    if (g.imageId().equals("i" + img) && r.nextBoolean()) {
                        dets.add(new Detection(
                                g.imageId(),
                                g.classId(),
                                r.nextDouble(),
                                box(
                                        g.box().xmin() + 1,
                                        g.box().ymin(),
                                        g.box().xmax(),
                                        g.box().ymax() + 1)));
                    }
                }
            }
            VocEvaluator.Result res = VocEvaluator.evaluate(gts, dets, 2, 0.5);
            for (int c = 0; c < 2; c++) {
                final int cc = c;
                if (gts.stream().noneMatch(g -> g.classId() == cc && !g.difficult())) {
                    continue;
                }
                double[] bf = bruteForce(c, gts, dets);
                assertEquals(bf[0], res.classes().get(c).apArea(), 1e-12, "area AP, trial " + trial + " class " + c);
                assertEquals(bf[1], res.classes().get(c).ap11(), 1e-12, "11-point AP, trial " + trial + " class " + c);
            }
        }
    }
}
