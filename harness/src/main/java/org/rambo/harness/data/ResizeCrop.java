package org.rambo.harness.data;

/**
 * Resize to {@code nw x nh} with Pillow's antialiased bilinear filter in its 8-bit fixed point,
 * then crop: one pass that computes only the pixels of the crop window, and only from the source
 * rows those pixels need. Horizontal pass first into 8-bit rows, then vertical, as Pillow does,
 * so the window is exactly the crop of Pillow's {@code resize((nw, nh), BILINEAR)}.
 */
final class ResizeCrop {
    private ResizeCrop() {}

    /**
     * The window {@code (left, top, cw, ch)} of {@code src} resized to {@code nw x nh}, interleaved
     * like the source.
     */
    static Pixels apply(Pixels src, int nw, int nh, int left, int top, int cw, int ch) {
        int c = src.channels();
        int w = src.width();
        int h = src.height();
        if (left < 0 || top < 0 || left + cw > nw || top + ch > nh) {
            throw new IllegalArgumentException("crop " + cw + "x" + ch + " at (" + left + ", " + top + ") outside the "
                    + nw + "x" + nh + " image");
        }
        boolean vertical = nh != h;
        ResampleAxis ay = vertical ? ResampleAxis.of(h, nh, top, ch) : null;
        int firstRow = vertical ? ay.first[0] : top;
        int lastRow = vertical ? ay.first[ch - 1] + ay.taps[ch - 1] : top + ch; // exclusive
        int rows = lastRow - firstRow;
        byte[] tmp = horizontal(src, nw, left, cw, firstRow, rows);
        if (!vertical) {
            return new Pixels(cw, ch, c, tmp);
        }
        int stride = cw * c;
        byte[] out = new byte[ch * stride];
        int[] acc = new int[stride];
        for (int y = 0; y < ch; y++) {
            java.util.Arrays.fill(acc, ResampleAxis.HALF);
            int kBase = y * ay.ksize;
            int row0 = ay.first[y] - firstRow;
            for (int t = 0; t < ay.taps[y]; t++) {
                int k = ay.weights[kBase + t];
                int base = (row0 + t) * stride;
                for (int i = 0; i < stride; i++) {
                    acc[i] += (tmp[base + i] & 0xff) * k;
                }
            }
            int o = y * stride;
            for (int i = 0; i < stride; i++) {
                out[o + i] = (byte) ResampleAxis.clip8(acc[i]);
            }
        }
        return new Pixels(cw, ch, c, out);
    }

    /** Source rows firstRow .. firstRow + rows - 1 resized horizontally, columns left .. left + cw - 1 kept. */
    private static byte[] horizontal(Pixels src, int nw, int left, int cw, int firstRow, int rows) {
        int c = src.channels();
        int w = src.width();
        byte[] s = src.data();
        byte[] out = new byte[rows * cw * c];
        if (nw == w) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(s, ((firstRow + r) * w + left) * c, out, r * cw * c, cw * c);
            }
            return out;
        }
        ResampleAxis ax = ResampleAxis.of(w, nw, left, cw);
        if (c == 3 && ax.maxTaps() <= 4 && w >= 4) {
            horizontalRgb4(s, w, out, ax.padded(4, w), cw, firstRow, rows);
            return out;
        }
        if (c == 3 && ax.maxTaps() <= 6 && w >= 6) {
            horizontalRgb6(s, w, out, ax.padded(6, w), cw, firstRow, rows);
            return out;
        }
        int[] wts = ax.weights;
        int ks = ax.ksize;
        for (int r = 0; r < rows; r++) {
            int srow = (firstRow + r) * w * c;
            int o = r * cw * c;
            for (int x = 0; x < cw; x++) {
                int kb = x * ks;
                for (int ch = 0; ch < c; ch++) {
                    int p = srow + ax.first[x] * c + ch;
                    int sum = ResampleAxis.HALF;
                    for (int t = 0, n = ax.taps[x]; t < n; t++, p += c) {
                        sum += (s[p] & 0xff) * wts[kb + t];
                    }
                    out[o++] = (byte) ResampleAxis.clip8(sum);
                }
            }
        }
        return out;
    }

    /** RGB rows with exactly four taps per output: downscales up to about 1.5 (500 to 341). */
    private static void horizontalRgb4(byte[] s, int w, byte[] out, int[] fw, int cw, int firstRow, int rows) {
        for (int r = 0; r < rows; r++) {
            int srow = (firstRow + r) * w * 3;
            int o = r * cw * 3;
            for (int x = 0; x < cw; x++) {
                int p = srow + fw[x] * 3;
                int kb = cw + x * 4;
                int k0 = fw[kb];
                int k1 = fw[kb + 1];
                int k2 = fw[kb + 2];
                int k3 = fw[kb + 3];
                for (int ch = 0; ch < 3; ch++, p++) {
                    int sum = ResampleAxis.HALF
                            + (s[p] & 0xff) * k0
                            + (s[p + 3] & 0xff) * k1
                            + (s[p + 6] & 0xff) * k2
                            + (s[p + 9] & 0xff) * k3;
                    out[o++] = (byte) ResampleAxis.clip8(sum);
                }
            }
        }
    }

    /**
     * RGB rows with exactly six taps per output (zero-padded, {@link ResampleAxis#padded}),
     * unrolled: up to a downscale of about 2.5, which covers the paper's 256-pixel resize of
     * photographs up to about 640 pixels.
     */
    private static void horizontalRgb6(byte[] s, int w, byte[] out, int[] fw, int cw, int firstRow, int rows) {
        for (int r = 0; r < rows; r++) {
            int srow = (firstRow + r) * w * 3;
            int o = r * cw * 3;
            for (int x = 0; x < cw; x++) {
                int p = srow + fw[x] * 3;
                int kb = cw + x * 6;
                int k0 = fw[kb];
                int k1 = fw[kb + 1];
                int k2 = fw[kb + 2];
                int k3 = fw[kb + 3];
                int k4 = fw[kb + 4];
                int k5 = fw[kb + 5];
                for (int ch = 0; ch < 3; ch++, p++) {
                    int sum = ResampleAxis.HALF
                            + (s[p] & 0xff) * k0
                            + (s[p + 3] & 0xff) * k1
                            + (s[p + 6] & 0xff) * k2
                            + (s[p + 9] & 0xff) * k3
                            + (s[p + 12] & 0xff) * k4
                            + (s[p + 15] & 0xff) * k5;
                    out[o++] = (byte) ResampleAxis.clip8(sum);
                }
            }
        }
    }
}
