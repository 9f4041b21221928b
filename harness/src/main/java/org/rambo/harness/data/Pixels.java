package org.rambo.harness.data;

/**
 * A decoded 8-bit image, interleaved and tightly packed: {@code channels} bytes per pixel (1 =
 * gray, 3 = R, G, B), rows of {@code width} pixels, top row first.
 */
public record Pixels(int width, int height, int channels, byte[] data) {
    public Pixels {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("empty image " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (data.length != width * height * channels) {
            throw new IllegalArgumentException(
                    data.length + " bytes is not a " + width + "x" + height + "x" + channels + " image");
        }
    }

    /** Row-major gray bytes (Fashion-MNIST's layout), not copied. */
    public static Pixels gray(byte[] g, int w, int h) {
        return new Pixels(w, h, 1, g);
    }

    /** Value 0..255 of channel c at (x, y). */
    public int get(int x, int y, int c) {
        return data[(y * width + x) * channels + c] & 0xff;
    }

    /**
     * Luminance as Pillow's {@code convert("L")} computes it (ITU-R 601-2 weights in 16-bit fixed
     * point, rounded); a gray image is returned as is.
     */
    public Pixels toGray() {
        if (channels == 1) {
            return this;
        }
        int n = width * height;
        byte[] g = new byte[n];
        for (int i = 0, j = 0; i < n; i++, j += 3) {
            g[i] = (byte)
                    (((data[j] & 0xff) * 19595 + (data[j + 1] & 0xff) * 38470 + (data[j + 2] & 0xff) * 7471 + 0x8000)
                            >> 16);
        }
        return new Pixels(width, height, 1, g);
    }
}
