package org.rambo.harness.data;

/**
 * The sizes and offsets torchvision's transforms compute, so a suite run and a PyTorch run of
 * the same protocol see the same pixels: {@code Resize(size)} scales the shorter side to size
 * and the longer to {@code int(size * long / short)} (truncated), {@code CenterCrop} puts the
 * window at {@code int(round((n - crop) / 2.0))} (Python's round: halves to even), and
 * {@code RandomCrop} draws the offset uniformly from {@code 0 .. n - crop}.
 */
public final class TorchvisionGeometry {
    private TorchvisionGeometry() {}

    /** {width, height} after {@code Resize(size)} of a {@code w x h} image. */
    public static int[] resized(int w, int h, int size) {
        if (w < 1 || h < 1 || size < 1) {
            throw new IllegalArgumentException("sizes must be positive: " + w + "x" + h + " to " + size);
        }
        if (w <= h) {
            return new int[] {size, (int) ((double) size * h / w)};
        }
        return new int[] {(int) ((double) size * w / h), size};
    }

    /** {@code CenterCrop}'s offset of a crop of {@code crop} in a side of {@code n}. */
    public static int centreOffset(int n, int crop) {
        return (int) Math.rint((n - crop) / 2.0);
    }
}
