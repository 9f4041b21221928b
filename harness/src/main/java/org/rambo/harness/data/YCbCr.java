package org.rambo.harness.data;

/**
 * JPEG's YCbCr to RGB conversion with libjpeg's tables (16-bit fixed point, rounded), so the RGB
 * bytes are the ones ImageIO's and Pillow's decoders produce.
 */
final class YCbCr {
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private YCbCr() {}

    private static int fix(double v) {
        return (int) (v * (1 << SCALE_BITS) + 0.5);
    }

    /** Converts n pixels of interleaved Y, Cb, Cr bytes to R, G, B in place. */
    static void toRgbInPlace(byte[] d, int n) {
        for (int i = 0, j = 0; i < n; i++, j += 3) {
            int y = d[j] & 0xff;
            int cb = d[j + 1] & 0xff;
            int cr = d[j + 2] & 0xff;
            d[j] = clip(y + CR_R[cr]);
            d[j + 1] = clip(y + ((CB_G[cb] + CR_G[cr]) >> SCALE_BITS));
            d[j + 2] = clip(y + CB_B[cb]);
        }
    }

    private static byte clip(int v) {
        return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
    }
}
