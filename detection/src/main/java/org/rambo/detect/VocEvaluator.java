package org.rambo.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pascal VOC detection AP, as the official devkit ({@code voc_eval.py} / {@code VOCevaldet.m})
 * computes it:
 * <ul>
 *   <li>per class, detections over all images sorted by descending score (ties keep input order);</li>
 *   <li>each detection is matched to the ground truth box of its class in its image with the
 *       highest IoU ({@link Box#vocIou}, inclusive pixel corners); IoU &gt; threshold (0.5):
 *       if that box is difficult the detection is ignored (neither TP nor FP), else TP the first
 *       time the box is claimed and FP afterwards (duplicate); otherwise FP;</li>
 *   <li>recall = TP / (non-difficult boxes), precision = TP / (TP + FP);</li>
 *   <li>11-point AP (VOC07): mean over t in {0, 0.1, ..., 1} of the max precision at recall &ge; t;</li>
 *   <li>area AP (VOC10+): area under the monotone precision envelope at the recall change points.</li>
 * </ul>
 * A class without any non-difficult ground truth box has an undefined AP ({@code NaN}) and is left
 * out of the mean, like the devkit (which would divide by zero).
 */
public final class VocEvaluator {

    /** AP of one class. {@code positives} = non-difficult ground truth boxes. */
    public record ClassAp(String name, int positives, int detections, double apArea, double ap11) {}

    /** Per-class APs and their means over classes with at least one positive. */
    public record Result(double iouThreshold, List<ClassAp> perClass, double mapArea, double map11) {
        public ClassAp of(String name) {
            for (ClassAp c : perClass) {
                if (c.name().equals(name)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no class named " + name);
        }
    }

    private VocEvaluator() {}

    /** Evaluation at IoU 0.5 (AP50). */
    public static Result evaluate(List<String> classNames, List<GroundTruth> truths, List<Detection> detections) {
        return evaluate(classNames, truths, detections, 0.5);
    }

    public static Result evaluate(List<String> classNames, List<GroundTruth> truths, List<Detection> detections,
            double iouThreshold) {
        int numClasses = classNames.size();
        List<List<GroundTruth>> truthsByClass = new ArrayList<>();
        List<List<Detection>> detsByClass = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            truthsByClass.add(new ArrayList<>());
            detsByClass.add(new ArrayList<>());
        }
        for (GroundTruth g : truths) {
            checkClass(g.classIndex(), numClasses);
            truthsByClass.get(g.classIndex()).add(g);
        }
        for (Detection d : detections) {
            checkClass(d.classIndex(), numClasses);
            if (!Double.isFinite(d.score())) {
                throw new IllegalArgumentException("detection score is not finite: " + d);
            }
            detsByClass.get(d.classIndex()).add(d);
        }
        List<ClassAp> per = new ArrayList<>();
        double sumArea = 0;
        double sum11 = 0;
        int counted = 0;
        for (int c = 0; c < numClasses; c++) {
            double[][] pr = precisionRecall(truthsByClass.get(c), detsByClass.get(c), iouThreshold);
            int npos = (int) pr[2][0];
            double apArea = npos == 0 ? Double.NaN : areaAp(pr[1], pr[0]);
            double ap11 = npos == 0 ? Double.NaN : elevenPointAp(pr[1], pr[0]);
            per.add(new ClassAp(classNames.get(c), npos, detsByClass.get(c).size(), apArea, ap11));
            if (npos > 0) {
                sumArea += apArea;
                sum11 += ap11;
                counted++;
            }
        }
        return new Result(iouThreshold, List.copyOf(per),
                counted == 0 ? Double.NaN : sumArea / counted, counted == 0 ? Double.NaN : sum11 / counted);
    }

    private static void checkClass(int c, int n) {
        if (c < 0 || c >= n) {
            throw new IllegalArgumentException("class index " + c + " outside [0, " + n + ")");
        }
    }

    /** Returns {precision[], recall[], {npos}} over the detections of one class in score order. */
    static double[][] precisionRecall(List<GroundTruth> truths, List<Detection> dets, double iouThreshold) {
        Map<String, List<GroundTruth>> byImage = new HashMap<>();
        int npos = 0;
        for (GroundTruth g : truths) {
            byImage.computeIfAbsent(g.imageId(), k -> new ArrayList<>()).add(g);
            npos += g.difficult() ? 0 : 1;
        }
        Map<String, boolean[]> claimed = new HashMap<>();
        for (Map.Entry<String, List<GroundTruth>> e : byImage.entrySet()) {
            claimed.put(e.getKey(), new boolean[e.getValue().size()]);
        }
        List<Detection> sorted = new ArrayList<>(dets);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed()); // stable
        double[] precision = new double[sorted.size()];
        double[] recall = new double[sorted.size()];
        int tp = 0;
        int fp = 0;
        int k = 0;
        for (Detection d : sorted) {
            List<GroundTruth> gts = byImage.getOrDefault(d.imageId(), List.of());
            double best = Double.NEGATIVE_INFINITY;
            int bestIdx = -1;
            for (int j = 0; j < gts.size(); j++) {
                double o = Box.vocIou(d.box(), gts.get(j).box());
                if (o > best) {
                    best = o;
                    bestIdx = j;
                }
            }
            if (bestIdx >= 0 && best > iouThreshold) {
                if (gts.get(bestIdx).difficult()) {
                    continue; // ignored, as the devkit does
                }
                boolean[] cl = claimed.get(d.imageId());
                if (!cl[bestIdx]) {
                    cl[bestIdx] = true;
                    tp++;
                } else {
                    fp++;
                }
            } else {
                fp++;
            }
            precision[k] = tp / Math.max((double) (tp + fp), Double.MIN_NORMAL);
            recall[k] = npos == 0 ? 0.0 : (double) tp / npos;
            k++;
        }
        return new double[][] {Arrays.copyOf(precision, k), Arrays.copyOf(recall, k), {npos}};
    }

    /** VOC07 11-point interpolated AP. */
    static double elevenPointAp(double[] recall, double[] precision) {
        double ap = 0;
        for (int i = 0; i <= 10; i++) {
            double t = i / 10.0;
            double p = 0;
            for (int k = 0; k < recall.length; k++) {
                if (recall[k] >= t) {
                    p = Math.max(p, precision[k]);
                }
            }
            ap += p / 11.0;
        }
        return ap;
    }

    /** VOC10+ area under the precision envelope. */
    static double areaAp(double[] recall, double[] precision) {
        int n = recall.length;
        double[] mrec = new double[n + 2];
        double[] mpre = new double[n + 2];
        mrec[n + 1] = 1.0;
        for (int i = 0; i < n; i++) {
            mrec[i + 1] = recall[i];
            mpre[i + 1] = precision[i];
        }
        for (int i = n; i >= 0; i--) {
            mpre[i] = Math.max(mpre[i], mpre[i + 1]);
        }
        double ap = 0;
        for (int i = 1; i < n + 2; i++) {
            if (mrec[i] != mrec[i - 1]) {
                ap += (mrec[i] - mrec[i - 1]) * mpre[i];
            }
        }
        return ap;
    }
}
