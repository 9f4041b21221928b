package org.rambo.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * SSD-style anchor matching and box-offset encoding with NDArray ops (DJL's
 * {@code MultiBoxTarget} is not implemented on the PyTorch engine).
 *
 * <p>Matching rule, per image: IoU of every anchor with every ground truth box (normalised corner
 * boxes, no +1). Every ground truth box first claims the anchor(s) with its highest IoU (if that IoU
 * is &gt; 0; exact ties claim all tied anchors); every other anchor is matched to its highest-IoU box
 * when that IoU is &ge; {@code threshold}. An anchor claimed by several boxes takes the one with the
 * highest IoU (first box on ties). Implemented as {@code argmax_g (IoU + 2 * claimed)}.
 *
 * <p>Encoding (SSD, variances 0.1 / 0.2): {@code ((gx - ax) / aw / 0.1, (gy - ay) / ah / 0.1,
 * log(gw / aw) / 0.2, log(gh / ah) / 0.2)} on centres and sizes; unmatched anchors get zeros.
 *
 * <p>Ground truth is padded per batch: boxes {@code [B, G, 4]}, labels {@code [B, G]} with
 * {@code -1} marking padding. Class targets are {@code label + 1} for matched anchors and 0 for
 * background.
 */
public final class AnchorMatcher {

    public static final float[] VARIANCES = {0.1f, 0.1f, 0.2f, 0.2f};

    private AnchorMatcher() {}

    /** IoU of anchors {@code [A, 4]} against boxes {@code [B, G, 4]}: {@code [B, A, G]}. */
    public static NDArray iou(NDArray anchors, NDArray boxes) {
        NDArray a = anchors.expandDims(0).expandDims(2); // [1, A, 1, 4]
        NDArray g = boxes.expandDims(1); // [B, 1, G, 4]
        NDArray ix0 = a.get(new NDIndex("..., 0")).maximum(g.get(new NDIndex("..., 0")));
        NDArray iy0 = a.get(new NDIndex("..., 1")).maximum(g.get(new NDIndex("..., 1")));
        NDArray ix1 = a.get(new NDIndex("..., 2")).minimum(g.get(new NDIndex("..., 2")));
        NDArray iy1 = a.get(new NDIndex("..., 3")).minimum(g.get(new NDIndex("..., 3")));
        NDArray inter = ix1.sub(ix0).maximum(0f).mul(iy1.sub(iy0).maximum(0f));
        NDArray areaA = area(a);
        NDArray areaG = area(g);
        NDArray union = areaA.add(areaG).sub(inter);
        return inter.div(union.maximum(1e-12f));
    }

    private static NDArray area(NDArray b) {
        return b.get(new NDIndex("..., 2")).sub(b.get(new NDIndex("..., 0"))).maximum(0f)
                .mul(b.get(new NDIndex("..., 3")).sub(b.get(new NDIndex("..., 1"))).maximum(0f));
    }

    /**
     * Matches and encodes. Returns [classTargets {@code [B, A]} int32 (0 = background, c + 1 = class c),
     * boxTargets {@code [B, A, 4]} float32, boxMask {@code [B, A, 4]} float32 (1 on matched anchors),
     * matchedIndex {@code [B, A]} int32 (index of the matched box, -1 if none)].
     */
    public static NDList match(NDArray anchors, NDArray gtBoxes, NDArray gtLabels, float threshold) {
        NDArray labels = gtLabels.toType(DataType.FLOAT32, false);
        NDArray raw = iou(anchors, gtBoxes); // [B, A, G]
        NDArray valid = labels.gte(0f).expandDims(1).broadcast(raw.getShape()); // [B, A, G]
        NDArray iou = NDArrays.where(valid, raw, raw.zerosLike().sub(1f));
        NDArray bestPerBox = iou.max(new int[] {1}, true); // [B, 1, G]
        NDArray claimed = iou.eq(bestPerBox).logicalAnd(valid).logicalAnd(bestPerBox.gt(0f).broadcast(raw.getShape()));
        NDArray score = iou.add(claimed.toType(DataType.FLOAT32, false).mul(2f));
        NDArray best = score.argMax(2); // [B, A] int64
        NDArray matched = score.max(new int[] {2}).gte(threshold); // [B, A]
        NDArray label = labels.gather(best, 1); // [B, A]
        NDArray classTargets = NDArrays.where(matched, label.add(1f), label.zerosLike()).toType(DataType.INT32, false);
        long b = gtBoxes.getShape().get(0);
        long a = anchors.getShape().get(0);
        NDArray index4 = best.expandDims(2).broadcast(b, a, 4);
        NDArray box = gtBoxes.gather(index4, 1); // [B, A, 4]
        NDArray mask = matched.expandDims(2).broadcast(b, a, 4).toType(DataType.FLOAT32, false);
        NDArray offsets = encode(anchors.expandDims(0), box);
        NDArray boxTargets = NDArrays.where(mask.gt(0f), offsets, offsets.zerosLike());
        NDArray matchedIndex = NDArrays.where(matched, best.toType(DataType.FLOAT32, false),
                label.zerosLike().sub(1f)).toType(DataType.INT32, false);
        return new NDList(classTargets, boxTargets, mask, matchedIndex);
    }

    /** SSD offsets of boxes relative to anchors (both corner form, broadcastable, last axis 4). */
    public static NDArray encode(NDArray anchors, NDArray boxes) {
        NDArray aw = anchors.get(new NDIndex("..., 2")).sub(anchors.get(new NDIndex("..., 0")));
        NDArray ah = anchors.get(new NDIndex("..., 3")).sub(anchors.get(new NDIndex("..., 1")));
        NDArray ax = anchors.get(new NDIndex("..., 0")).add(aw.mul(0.5f));
        NDArray ay = anchors.get(new NDIndex("..., 1")).add(ah.mul(0.5f));
        NDArray gw = boxes.get(new NDIndex("..., 2")).sub(boxes.get(new NDIndex("..., 0"))).maximum(1e-6f);
        NDArray gh = boxes.get(new NDIndex("..., 3")).sub(boxes.get(new NDIndex("..., 1"))).maximum(1e-6f);
        NDArray gx = boxes.get(new NDIndex("..., 0")).add(gw.mul(0.5f));
        NDArray gy = boxes.get(new NDIndex("..., 1")).add(gh.mul(0.5f));
        NDArray tx = gx.sub(ax).div(aw).div(VARIANCES[0]);
        NDArray ty = gy.sub(ay).div(ah).div(VARIANCES[1]);
        NDArray tw = gw.div(aw).log().div(VARIANCES[2]);
        NDArray th = gh.div(ah).log().div(VARIANCES[3]);
        return NDArrays.stack(new NDList(tx, ty, tw, th), -1);
    }

    /** Inverse of {@link #encode} for one anchor, in plain Java (used at inference). */
    public static Box decode(float[] anchor, float[] offsets) {
        double aw = anchor[2] - anchor[0];
        double ah = anchor[3] - anchor[1];
        double ax = anchor[0] + aw / 2;
        double ay = anchor[1] + ah / 2;
        double x = ax + offsets[0] * VARIANCES[0] * aw;
        double y = ay + offsets[1] * VARIANCES[1] * ah;
        double w = aw * Math.exp(Math.min(offsets[2] * VARIANCES[2], 4.0));
        double h = ah * Math.exp(Math.min(offsets[3] * VARIANCES[3], 4.0));
        return new Box(x - w / 2, y - h / 2, x + w / 2, y + h / 2);
    }
}
