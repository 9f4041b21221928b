package org.rambo.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pascal VOC detection AP at an IoU threshold (0.5), as the official devkit computes it:
 * detections of a class sorted by confidence (ties: input order); each is a true positive
 * when its best-overlapping ground truth of that class in its image overlaps > threshold and
 * is not yet taken, a false positive otherwise; matches to "difficult" boxes count as neither,
 * and difficult boxes are not in the number of positives. AP is reported both as the VOC2007
 * 11-point interpolation and as the area under the monotone precision envelope (VOC2010+).
 * A class without non-difficult ground truth has AP NaN and is left out of the means.
 */
public final class VocEvaluator {

    /** AP of one class. */
    public record ClassAp(int classId, int positives, int detections, double apArea, double ap11) {}

    /** Per-class APs and their means over classes with positives. */
    public record Result(List<ClassAp> classes, double mapArea, double map11) {}

    private VocEvaluator() {}

    public static Result evaluate(
            List<GroundTruth> truths, List<Detection> detections, int numClasses, double iouThreshold) {
        List<ClassAp> out = new ArrayList<>();
        double sumArea = 0;
        double sum11 = 0;
        int counted = 0;
        for (int c = 0; c < numClasses; c++) {
            ClassAp ap = evaluateClass(c, truths, detections, iouThreshold);
            out.add(ap);
            if (!Double.isNaN(ap.apArea())) {
                sumArea += ap.apArea();
                sum11 += ap.ap11();
                counted++;
            }
        }
        return new Result(
                out, counted == 0 ? Double.NaN : sumArea / counted, counted == 0 ? Double.NaN : sum11 / counted);
    }

    static ClassAp evaluateClass(int c, List<GroundTruth> truths, List<Detection> detections, double threshold) {
        Map<String, List<GroundTruth>> byImage = new HashMap<>();
        int positives = 0;
        for (GroundTruth g : truths) {
            if (g.classId() == c) {
                byImage.computeIfAbsent(g.imageId(), k -> new ArrayList<>()).add(g);
                positives += g.difficult() ? 0 : 1;
            }
        }
        List<Detection> dets = new ArrayList<>();
        for (Detection d : detections) {
            if (d.classId() == c) {
                dets.add(d);
            }
        }
        // stable sort: equal confidences keep input order
        dets.sort(Comparator.comparingDouble(Detection::score).reversed());
        Map<String, boolean[]> taken = new HashMap<>();
        int n = dets.size();
        double[] tp = new double[n];
        double[] fp = new double[n];
        for (int i = 0; i < n; i++) {
            Detection d = dets.get(i);
            List<GroundTruth> gts = byImage.getOrDefault(d.imageId(), List.of());
            double best = -1;
            int bestIndex = -1;
            for (int j = 0; j < gts.size(); j++) {
                double o = d.box().iou(gts.get(j).box());
                if (o > best) {
                    best = o;
                    bestIndex = j;
                }
            }
            if (best > threshold) {
                if (gts.get(bestIndex).difficult()) {
                    continue; // neither true nor false positive
                }
                boolean[] used = taken.computeIfAbsent(d.imageId(), k -> new boolean[gts.size()]);
                if (!used[bestIndex]) {
                    used[bestIndex] = true;
                    tp[i] = 1;
                } else {
                    fp[i] = 1;
                }
            } else {
                fp[i] = 1;
            }
        }
        if (positives == 0) {
            return new ClassAp(c, 0, n, Double.NaN, Double.NaN);
        }
        double[] recall = new double[n];
        double[] precision = new double[n];
        double ctp = 0;
        double cfp = 0;
        for (int i = 0; i < n; i++) {
            ctp += tp[i];
            cfp += fp[i];
            recall[i] = ctp / positives;
            precision[i] = ctp / Math.max(ctp + cfp, Double.MIN_VALUE);
        }
        return new ClassAp(c, positives, n, areaAp(recall, precision), elevenPointAp(recall, precision));
    }

    /** VOC2010+: area under the precision envelope (precision made monotone from the right). */
    static double areaAp(double[] recall, double[] precision) {
        int n = recall.length;
        double[] mrec = new double[n + 2];
        double[] mpre = new double[n + 2];
        mrec[n + 1] = 1;
        for (int i = 0; i < n; i++) {
            mrec[i + 1] = recall[i];
            mpre[i + 1] = precision[i];
        }
        for (int i = n; i >= 0; i--) {
            mpre[i] = Math.max(mpre[i], mpre[i + 1]);
        }
        double ap = 0;
        for (int i = 0; i <= n; i++) {
            if (mrec[i + 1] != mrec[i]) {
                ap += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
            }
        }
        return ap;
    }

    /** VOC2007: mean over recall thresholds 0, 0.1, ..., 1 of the best precision at recall >= t. */
    static double elevenPointAp(double[] recall, double[] precision) {
        double ap = 0;
        for (int k = 0; k <= 10; k++) {
            double t = k * 0.1; // the devkit's np.arange(0, 1.1, 0.1): 3 * 0.1 is 0.30000000000000004
            double p = 0;
            for (int i = 0; i < recall.length; i++) {
                if (recall[i] >= t) {
                    p = Math.max(p, precision[i]);
                }
            }
            ap += p / 11;
        }
        return ap;
    }
}
