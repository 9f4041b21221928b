package org.rambo.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Anchor matching and box-offset encoding with NDArray ops (DJL's MultiBoxTarget is not
 * implemented on the PyTorch engine). Boxes are corners (x1, y1, x2, y2) in image-relative
 * coordinates. Matching: every ground truth takes its best-overlapping anchor; every other
 * anchor takes its best ground truth when that IoU reaches the threshold; the rest are
 * background (-1). Encoding: SSD's (Δcx / w_a / 0.1, Δcy / h_a / 0.1, log(w / w_a) / 0.2,
 * log(h / h_a) / 0.2).
 */
public final class AnchorMatcher {

    static final float[] VARIANCES = {0.1f, 0.1f, 0.2f, 0.2f};

    private AnchorMatcher() {}

    /** IoU matrix [A, G] of anchors [A, 4] against boxes [G, 4] (continuous coordinates). */
    public static NDArray iou(NDArray anchors, NDArray boxes) {
        NDArray a = anchors.expandDims(1); // [A, 1, 4]
        NDArray b = boxes.expandDims(0); // [1, G, 4]
        NDArray x1 = NDArrays2.max(a.get(":, :, 0"), b.get(":, :, 0"));
        NDArray y1 = NDArrays2.max(a.get(":, :, 1"), b.get(":, :, 1"));
        NDArray x2 = NDArrays2.min(a.get(":, :, 2"), b.get(":, :, 2"));
        NDArray y2 = NDArrays2.min(a.get(":, :, 3"), b.get(":, :, 3"));
        NDArray inter = x2.sub(x1).maximum(0f).mul(y2.sub(y1).maximum(0f));
        NDArray areaA =
                a.get(":, :, 2").sub(a.get(":, :, 0")).mul(a.get(":, :, 3").sub(a.get(":, :, 1")));
        NDArray areaB =
                b.get(":, :, 2").sub(b.get(":, :, 0")).mul(b.get(":, :, 3").sub(b.get(":, :, 1")));
        return inter.div(areaA.add(areaB).sub(inter).maximum(1e-12f));
    }

    /** Index of the matched ground truth per anchor, -1 for background. */
    public static int[] match(NDArray anchors, NDArray boxes, float threshold) {
        int a = Math.toIntExact(anchors.getShape().get(0));
        int[] matched = new int[a];
        java.util.Arrays.fill(matched, -1);
        if (boxes.getShape().get(0) == 0) {
            return matched;
        }
        NDArray overlaps = iou(anchors, boxes);
        float[] bestIou = overlaps.max(new int[] {1}).toFloatArray();
        long[] bestGt = overlaps.argMax(1).toLongArray();
        for (int i = 0; i < a; i++) {
            if (bestIou[i] >= threshold) {
                matched[i] = (int) bestGt[i];
            }
        }
        long[] bestAnchor = overlaps.argMax(0).toLongArray();
        for (int g = 0; g < bestAnchor.length; g++) {
            matched[(int) bestAnchor[g]] = g;
        }
        return matched;
    }

    /** Offsets [A, 4] that turn each anchor into the box it is matched to (zeros for background). */
    public static NDArray encode(NDArray anchors, NDArray boxes, int[] matched) {
        long[] index = new long[matched.length];
        float[] fg = new float[matched.length];
        for (int i = 0; i < matched.length; i++) {
            index[i] = Math.max(0, matched[i]);
            fg[i] = matched[i] >= 0 ? 1f : 0f;
        }
        NDArray target = boxes.getShape().get(0) == 0
                ? anchors
                : boxes.get(anchors.getManager().create(index));
        NDArray aw = anchors.get(":, 2").sub(anchors.get(":, 0"));
        NDArray ah = anchors.get(":, 3").sub(anchors.get(":, 1"));
        NDArray acx = anchors.get(":, 0").add(aw.div(2f));
        NDArray acy = anchors.get(":, 1").add(ah.div(2f));
        NDArray gw = target.get(":, 2").sub(target.get(":, 0"));
        NDArray gh = target.get(":, 3").sub(target.get(":, 1"));
        NDArray gcx = target.get(":, 0").add(gw.div(2f));
        NDArray gcy = target.get(":, 1").add(gh.div(2f));
        NDArray offsets = NDArrays2.stack(
                new NDList(
                        gcx.sub(acx).div(aw).div(VARIANCES[0]),
                        gcy.sub(acy).div(ah).div(VARIANCES[1]),
                        gw.div(aw).log().div(VARIANCES[2]),
                        gh.div(ah).log().div(VARIANCES[3])),
                1);
        return offsets.mul(anchors.getManager().create(fg).expandDims(1));
    }
}
