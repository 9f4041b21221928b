package org.rambo.detection;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reads an image file into a normalised CHW float array of a square size. */
final class ImagePixels {

    static final float MEAN = 0.45f;
    static final float STD = 0.25f;

    private ImagePixels() {}

    /** Pixels of {@code file} resized to size×size; its size must match its annotation's. */
    static float[] read(Path file, int size, int annotatedWidth, int annotatedHeight) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new VocDataException(file, "cannot read the image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new VocDataException(file, "not a readable image (no decoder for its format)");
        }
        if (img.getWidth() != annotatedWidth || img.getHeight() != annotatedHeight) {
            throw new VocDataException(
                    file,
                    "image is " + img.getWidth() + "x" + img.getHeight() + " but its annotation says " + annotatedWidth
                            + "x" + annotatedHeight);
        }
        if (img.getWidth() != size || img.getHeight() != size) {
            BufferedImage r = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = r.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, size, size, null);
            g.dispose();
            img = r;
        }
        float[] out = new float[3 * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = img.getRGB(x, y);
                int p = y * size + x;
                out[p] = (((rgb >> 16) & 0xff) / 255f - MEAN) / STD;
                out[plane + p] = (((rgb >> 8) & 0xff) / 255f - MEAN) / STD;
                out[2 * plane + p] = ((rgb & 0xff) / 255f - MEAN) / STD;
            }
        }
        return out;
    }
}
