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
        int[] wts = ax.weights;
        int ks = ax.ksize;
        for (int r = 0; r < rows; r++) {
            int srow = (firstRow + r) * w * c;
            int o = r * cw * c;
            if (c == 3) {
                for (int x = 0; x < cw; x++) {
                    int p = srow + ax.first[x] * 3;
                    int kb = x * ks;
                    int s0 = ResampleAxis.HALF;
                    int s1 = ResampleAxis.HALF;
                    int s2 = ResampleAxis.HALF;
                    for (int t = 0, n = ax.taps[x]; t < n; t++, p += 3) {
                        int k = wts[kb + t];
                        s0 += (s[p] & 0xff) * k;
                        s1 += (s[p + 1] & 0xff) * k;
                        s2 += (s[p + 2] & 0xff) * k;
                    }
                    out[o++] = (byte) ResampleAxis.clip8(s0);
                    out[o++] = (byte) ResampleAxis.clip8(s1);
                    out[o++] = (byte) ResampleAxis.clip8(s2);
                }
            } else {
                for (int x = 0; x < cw; x++) {
                    int p = srow + ax.first[x];
                    int kb = x * ks;
                    int s0 = ResampleAxis.HALF;
                    for (int t = 0, n = ax.taps[x]; t < n; t++) {
                        s0 += (s[p + t] & 0xff) * wts[kb + t];
                    }
                    out[o++] = (byte) ResampleAxis.clip8(s0);
                }
            }
        }
        return out;
    }
}
