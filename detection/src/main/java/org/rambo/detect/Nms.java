package org.rambo.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Greedy per-class non-maximum suppression on decoded anchor boxes (normalised coordinates). */
final class Nms {

    /** Candidates considered per class and image before NMS (highest scores). */
    static final int PRE_NMS = 200;

    private Nms() {}

    /**
     * Indices of the kept anchors, by descending score (ties: lower index first): a box is dropped
     * when its IoU with an already kept box exceeds {@code iou}; at most {@code max} kept.
     */
    static List<Integer> select(float[] anchors, float[] offsets, int offsetBase, float[] scores, double iou, int max) {
        int a = scores.length;
        Integer[] order = new Integer[a];
        for (int i = 0; i < a; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> {
            int c = Float.compare(scores[q], scores[p]);
            return c != 0 ? c : Integer.compare(p, q);
        });
        List<Integer> kept = new ArrayList<>();
        List<Box> keptBoxes = new ArrayList<>();
        for (int r = 0; r < Math.min(a, PRE_NMS) && kept.size() < max; r++) {
            int k = order[r];
            Box b = AnchorMatcher.decode(Arrays.copyOfRange(anchors, k * 4, k * 4 + 4),
                    Arrays.copyOfRange(offsets, (offsetBase + k) * 4, (offsetBase + k) * 4 + 4));
            boolean suppressed = false;
            for (Box o : keptBoxes) {
                if (Box.iou(b, o) > iou) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(k);
                keptBoxes.add(b);
            }
        }
        return kept;
    }
}
