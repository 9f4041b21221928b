package org.rambo.harness.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A CUB-200-2011 tree of synthetic JPEGs in the real on-disk format (images.txt,
 * image_class_labels.txt, classes.txt, images/NNN.Name/*.jpg), with training classes 1..N and
 * test classes 101..100+N as CUB splits them. For timing and smoke runs of the paper protocol
 * where the real data is not at hand: the images are smooth colour fields with noise, one hue
 * per class, so the metrics mean nothing but every byte goes through the real loader.
 */
public final class SyntheticCub {

    private SyntheticCub() {}

    /**
     * @param classes classes per split (1..100)
     * @param imagesPerClass images of each class
     * @param side the images' width; the height is 3/4 of it, as most CUB photos
     */
    public static void write(Path root, int classes, int imagesPerClass, int side, long seed) throws IOException {
        if (classes < 1 || classes > 100 || imagesPerClass < 1 || side < 8) {
            throw new IllegalArgumentException(
                    "a synthetic CUB needs 1..100 classes per split, >= 1 image per class and a side >= 8");
        }
        StringBuilder images = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        StringBuilder names = new StringBuilder();
        Random random = new Random(seed);
        int id = 0;
        for (int c = 1; c <= 200; c++) {
            String folder = String.format("%03d.Synthetic_%d", c, c);
            names.append(c).append(' ').append(folder).append('\n');
            boolean used = c <= classes || c > 100 && c <= 100 + classes;
            for (int i = 0; used && i < imagesPerClass; i++) {
                id++;
                String path = folder + "/Synthetic_" + c + "_" + i + ".jpg";
                images.append(id).append(' ').append(path).append('\n');
                labels.append(id).append(' ').append(c).append('\n');
                Path file = root.resolve("images").resolve(path);
                Files.createDirectories(file.getParent());
                ImageIO.write(image(side, side * 3 / 4, c / 200f, random), "jpg", file.toFile());
            }
        }
        Files.writeString(root.resolve("images.txt"), images, StandardCharsets.UTF_8);
        Files.writeString(root.resolve("image_class_labels.txt"), labels, StandardCharsets.UTF_8);
        Files.writeString(root.resolve("classes.txt"), names, StandardCharsets.UTF_8);
    }

    private static BufferedImage image(int w, int h, float hue, Random random) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float brightness = 0.35f + 0.5f * (x + y) / (w + h) + 0.15f * random.nextFloat();
                img.setRGB(x, y, java.awt.Color.HSBtoRGB(hue, 0.6f, Math.min(1f, brightness)));
            }
        }
        return img;
    }
}
