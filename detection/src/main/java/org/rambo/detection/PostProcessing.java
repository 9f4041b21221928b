package org.rambo.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * From the detector's outputs to detections, the same for both methods: per class the top-K
 * anchors by score, decoded, non-maximum suppression; then all classes' detections of an image
 * by descending score, in VOC pixels.
 */
final class PostProcessing {

    /** Candidates per class and image before NMS. */
    static final int TOP_K_PER_CLASS = 100;
    /** IoU above which NMS drops the lower-scored box. */
    static final double NMS_IOU = 0.45;
    /** Detections per image across classes (the capped AP50). */
    static final int MAX_PER_IMAGE = 100;

    private PostProcessing() {}

    /**
     * Detections of image {@code k} of a batch.
     *
     * @param scores  [B, N, C] class scores of the batch, flat
     * @param offsets [B, N·4] box offsets of the batch, flat
     * @param n       anchors per image
     * @param anchors [N·4] anchor corners
     */
    static List<Detection> detections(
            VocImage im, float[] scores, float[] offsets, int k, int n, int numClasses, float[] anchors) {
        float[] o = Arrays.copyOfRange(offsets, k * n * 4, (k + 1) * n * 4);
        List<Detection> out = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            out.addAll(classDetections(im, scores, o, k, n, numClasses, c, anchors));
        }
        out.sort((p, q) -> Double.compare(q.score(), p.score()));
        return out;
    }

    private static List<Detection> classDetections(
            VocImage im, float[] scores, float[] offsets, int k, int n, int numClasses, int c, float[] anchors) {
        Integer[] idx = new Integer[n];
        for (int a = 0; a < n; a++) {
            idx[a] = a;
        }
        Arrays.sort(
                idx,
                (p, q) -> Float.compare(scores[(k * n + q) * numClasses + c], scores[(k * n + p) * numClasses + c]));
        int top = Math.min(n, TOP_K_PER_CLASS);
        float[][] boxes = new float[top][];
        double[] sc = new double[top];
        for (int j = 0; j < top; j++) {
            boxes[j] = BoxCoder.decode(anchors, offsets, idx[j]);
            sc[j] = scores[(k * n + idx[j]) * numClasses + c];
        }
        List<Detection> out = new ArrayList<>();
        for (int j : BoxCoder.nms(boxes, sc, NMS_IOU)) {
            Box px = toPixels(boxes[j], im.width(), im.height());
            if (px != null) {
                out.add(new Detection(im.id(), c, sc[j], px));
            }
        }
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
}
