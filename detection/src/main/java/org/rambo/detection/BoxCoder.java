package org.rambo.detection;

/**
 * Box decoding (inverse of {@link AnchorMatcher#encode}) and per-class non-maximum suppression,
 * on plain arrays: inference post-processing is small and engine independent.
 */
public final class BoxCoder {

    private BoxCoder() {}

    /** Relative corners of the box that offsets [i*4..] turn anchor [i*4..] into. */
    public static float[] decode(float[] anchors, float[] offsets, int i) {
        float aw = anchors[i * 4 + 2] - anchors[i * 4];
        float ah = anchors[i * 4 + 3] - anchors[i * 4 + 1];
        float acx = anchors[i * 4] + aw / 2;
        float acy = anchors[i * 4 + 1] + ah / 2;
        float cx = acx + offsets[i * 4] * AnchorMatcher.VARIANCES[0] * aw;
        float cy = acy + offsets[i * 4 + 1] * AnchorMatcher.VARIANCES[1] * ah;
        // clamp the log-size offsets so an untrained head cannot overflow exp
        float w = aw * (float) Math.exp(Math.min(offsets[i * 4 + 2] * AnchorMatcher.VARIANCES[2], 4f));
        float h = ah * (float) Math.exp(Math.min(offsets[i * 4 + 3] * AnchorMatcher.VARIANCES[3], 4f));
        return new float[] {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
    }

    /** IoU of two relative-corner boxes (continuous coordinates). */
    static double iou(float[] a, float[] b) {
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /**
     * Greedy NMS: indices of {@code boxes} kept, highest score first, dropping any box that
     * overlaps a kept one by more than {@code threshold}. Ties keep input order.
     */
    public static int[] nms(float[][] boxes, double[] scores, double threshold) {
        Integer[] order = new Integer[boxes.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(scores[y], scores[x]));
        int[] kept = new int[boxes.length];
        int n = 0;
        outer:
        for (int i : order) {
            for (int k = 0; k < n; k++) {
                if (iou(boxes[i], boxes[kept[k]]) > threshold) {
                    continue outer;
                }
            }
            kept[n++] = i;
        }
        return java.util.Arrays.copyOf(kept, n);
    }
}
