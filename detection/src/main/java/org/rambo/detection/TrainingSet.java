package org.rambo.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The training images with their anchor targets, matched once (there is no augmentation, so
 * the targets never change), and the batches built from them. Decoded pixels are cached while
 * they fit in {@link #CACHE_BYTES}, else read again for every batch.
 */
final class TrainingSet {

    /** Training images are kept decoded in memory below this many bytes. */
    static final long CACHE_BYTES = 768L << 20;

    /** A batch as the step loop feeds it: pixels [B,3,S,S], box targets [B,N,4], foreground [B,N], class targets. */
    record Batch(int size, float[] pixels, float[] boxTargets, float[] foreground, int[][] classTargets) {}

    private final List<VocImage> images;
    private final int imageSize;
    private final int anchors;
    private final int[][] classTargets;
    private final float[][] boxTargets;
    private final float[][] pixels;
    private final boolean cache;

    private TrainingSet(List<VocImage> images, int imageSize, int anchors, int[][] classTargets, float[][] boxTargets) {
        this.images = images;
        this.imageSize = imageSize;
        this.anchors = anchors;
        this.classTargets = classTargets;
        this.boxTargets = boxTargets;
        this.pixels = new float[images.size()][];
        this.cache = (long) images.size() * 3 * imageSize * imageSize * 4 <= CACHE_BYTES;
    }

    /**
     * Matches every image's non-difficult boxes to the anchors (relative corners, N·4): class
     * target 0 for background, c+1 for class c, and the encoded offsets.
     */
    static TrainingSet match(List<VocImage> images, float[] anchorCorners, DetectionConfig config, NDManager manager) {
        int n = anchorCorners.length / 4;
        int[][] classTargets = new int[images.size()][];
        float[][] boxTargets = new float[images.size()][];
        try (NDManager sub = manager.newSubManager()) {
            NDArray anchorArray = sub.create(anchorCorners, new Shape(n, 4));
            for (int i = 0; i < images.size(); i++) {
                Targets t = Targets.of(images.get(i));
                NDArray gt = sub.create(t.boxes(), new Shape(t.labels().length, 4));
                int[] matched = AnchorMatcher.match(anchorArray, gt, config.matchIou());
                classTargets[i] = new int[n];
                for (int a = 0; a < n; a++) {
                    classTargets[i][a] = matched[a] < 0 ? 0 : t.labels()[matched[a]] + 1;
                }
                boxTargets[i] = AnchorMatcher.encode(anchorArray, gt, matched).toFloatArray();
                gt.close();
            }
        }
        return new TrainingSet(images, config.imageSize(), n, classTargets, boxTargets);
    }

    int size() {
        return images.size();
    }

    /** The batch of the given image indices, in that order. */
    Batch batch(List<Integer> indices) {
        int b = indices.size();
        int n = anchors;
        float[] x = new float[b * 3 * imageSize * imageSize];
        float[] bt = new float[b * n * 4];
        float[] fg = new float[b * n];
        int[][] targets = new int[b][];
        for (int k = 0; k < b; k++) {
            int i = indices.get(k);
            float[] p = pixels(i);
            System.arraycopy(p, 0, x, k * p.length, p.length);
            System.arraycopy(boxTargets[i], 0, bt, k * n * 4, n * 4);
            targets[k] = classTargets[i];
            for (int a = 0; a < n; a++) {
                fg[k * n + a] = classTargets[i][a] > 0 ? 1f : 0f;
            }
        }
        return new Batch(b, x, bt, fg, targets);
    }

    private float[] pixels(int i) {
        if (pixels[i] != null) {
            return pixels[i];
        }
        VocImage im = images.get(i);
        float[] p = ImagePixels.read(im.file(), imageSize, im.width(), im.height());
        if (cache) {
            pixels[i] = p;
        }
        return p;
    }

    /** An image's non-difficult boxes in relative corners and their labels. */
    private record Targets(float[] boxes, int[] labels) {

        static Targets of(VocImage im) {
            List<VocObject> kept =
                    im.objects().stream().filter(o -> !o.difficult()).toList();
            float[] b = new float[kept.size() * 4];
            int[] l = new int[kept.size()];
            for (int k = 0; k < kept.size(); k++) {
                Box x = kept.get(k).box();
                // VOC pixels are 1-based and inclusive: pixel i covers [i-1, i) of the width
                b[k * 4] = (float) ((x.xmin() - 1) / im.width());
                b[k * 4 + 1] = (float) ((x.ymin() - 1) / im.height());
                b[k * 4 + 2] = (float) (x.xmax() / im.width());
                b[k * 4 + 3] = (float) (x.ymax() / im.height());
                l[k] = kept.get(k).classId();
            }
            return new Targets(b, l);
        }
    }
}
