package org.rambo.detection;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Writes a detection set in the exact Pascal VOC layout from real object images (the suite
 * passes Fashion-MNIST's 28×28 items): each image has a textured background and 1-3 objects
 * pasted at random positions and scales, with exact boxes (the tight bounds of the pasted
 * pixels). "Synthetic layout, real objects": it exercises the same loader, training and
 * evaluation code as VOC. Class names are sanitised for XML and file use ("T-shirt/top" becomes
 * "t-shirt-top").
 */
public final class SyntheticVoc {

    /** Object pixels above this (of 255) are foreground: they are pasted and define the box. */
    static final int FOREGROUND = 30;

    /** The class list the writer leaves in the devkit folder, one sanitised name a line, in label order. */
    public static final String CLASSES_FILE = "classes.txt";

    private SyntheticVoc() {}

    /**
     * The same as {@link #write(Path, byte[], int[], List, int, int, int, long)} with one 28×28
     * array per object (row-major, 0 = background) and 64-pixel images.
     */
    public static List<String> write(
            Path devkit,
            List<byte[]> objects28x28,
            int[] labels,
            String[] classNames,
            int numTrain,
            int numTest,
            long seed) {
        return write(devkit, objects28x28, labels, classNames, numTrain, numTest, 64, seed);
    }

    /** As above with a chosen image size. */
    public static List<String> write(
            Path devkit,
            List<byte[]> objects28x28,
            int[] labels,
            String[] classNames,
            int numTrain,
            int numTest,
            int imageSize,
            long seed) {
        byte[] flat = new byte[objects28x28.size() * 784];
        for (int i = 0; i < objects28x28.size(); i++) {
            byte[] o = objects28x28.get(i);
            if (o.length != 784) {
                throw new IllegalArgumentException("object " + i + " has " + o.length + " bytes, expected 28x28 = 784");
            }
            System.arraycopy(o, 0, flat, i * 784, 784);
        }
        return write(devkit, flat, labels, List.of(classNames), numTrain, numTest, imageSize, seed);
    }

    public static String sanitise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /**
     * @param devkit the VOCdevkit folder to write (VOC2007 inside it)
     * @param objects n × 784 bytes, row-major 28×28, 0 = background
     * @return the sanitised class names, in label order
     */
    public static List<String> write(
            Path devkit,
            byte[] objects,
            int[] labels,
            List<String> classNames,
            int numTrain,
            int numTest,
            int imageSize,
            long seed) {
        return write(devkit, objects, labels, objects, labels, classNames, numTrain, numTest, imageSize, seed);
    }

    /**
     * Train and test images drawn from separate object pools (e.g. Fashion-MNIST's train and
     * t10k items), so no test image shows an object instance seen in training.
     *
     * @param devkit the VOCdevkit folder to write (VOC2007 and classes.txt inside it)
     * @param trainObjects n × 784 bytes, row-major 28×28, 0 = background; the trainval images' objects
     * @param testObjects the same for the test images
     * @return the sanitised class names, in label order
     */
    public static List<String> write(
            Path devkit,
            byte[] trainObjects,
            int[] trainLabels,
            byte[] testObjects,
            int[] testLabels,
            List<String> classNames,
            int numTrain,
            int numTest,
            int imageSize,
            long seed) {
        check(trainObjects, trainLabels, classNames.size(), "train");
        check(testObjects, testLabels, classNames.size(), "test");
        if (imageSize < 32) {
            throw new IllegalArgumentException("imageSize must be >= 32, got " + imageSize);
        }
        List<String> names = classNames.stream().map(SyntheticVoc::sanitise).toList();
        if (names.stream().distinct().count() != names.size() || names.contains("")) {
            throw new IllegalArgumentException("class names must stay distinct and non-empty once sanitised: " + names);
        }
        Path year = devkit.resolve("VOC2007");
        SplittableRandom random = new SplittableRandom(seed);
        try {
            Files.createDirectories(year.resolve("Annotations"));
            Files.createDirectories(year.resolve("ImageSets").resolve("Main"));
            Files.createDirectories(year.resolve("JPEGImages"));
            List<String> trainIds = new ArrayList<>();
            List<String> testIds = new ArrayList<>();
            for (int i = 0; i < numTrain + numTest; i++) {
                String id = String.format("%06d", i);
                boolean train = i < numTrain;
                writeImage(
                        year,
                        id,
                        train ? trainObjects : testObjects,
                        train ? trainLabels : testLabels,
                        names,
                        imageSize,
                        random);
                (train ? trainIds : testIds).add(id);
            }
            Files.write(year.resolve("ImageSets").resolve("Main").resolve("trainval.txt"), trainIds);
            Files.write(year.resolve("ImageSets").resolve("Main").resolve("test.txt"), testIds);
            Files.write(devkit.resolve(CLASSES_FILE), names);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synthetic VOC set under " + devkit, e);
        }
        return names;
    }

    private static void check(byte[] objects, int[] labels, int numClasses, String pool) {
        if (labels.length == 0 || objects.length != labels.length * 784) {
            throw new IllegalArgumentException(
                    pool + " pool: " + labels.length + " labels but " + objects.length / 784.0 + " 28x28 images");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(pool + " pool: label " + labels[i] + " of object " + i
                        + " is not a class index in [0, " + numClasses + ")");
            }
        }
    }

    private static void writeImage(
            Path year, String id, byte[] objects, int[] labels, List<String> names, int size, SplittableRandom random)
            throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int base = 40 + random.nextInt(60);
        double freq = 0.1 + random.nextDouble() * 0.4;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = (int) (base + 25 * Math.sin(freq * (x + 2 * y)) + random.nextInt(20));
                int c = Math.max(0, Math.min(255, v));
                img.setRGB(x, y, (c << 16) | (c << 8) | Math.max(0, c - 10));
            }
        }
        int count = 1 + random.nextInt(3);
        List<int[]> boxes = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int item = random.nextInt(labels.length);
            int scale = 14 + random.nextInt(Math.max(1, size / 2 - 14));
            for (int attempt = 0; attempt < 10; attempt++) {
                int ox = random.nextInt(size - scale + 1);
                int oy = random.nextInt(size - scale + 1);
                int[] b = tightBox(objects, item, scale, ox, oy);
                if (b == null || overlapsTooMuch(b, boxes)) {
                    continue;
                }
                int tint = 150 + random.nextInt(100);
                paste(img, objects, item, scale, ox, oy, tint);
                boxes.add(b);
                classes.add(labels[item]);
                break;
            }
        }
        ImageIO.write(
                img, "png", year.resolve("JPEGImages").resolve(id + ".png").toFile());
        StringBuilder xml = new StringBuilder("<annotation>\n  <folder>VOC2007</folder>\n  <filename>" + id
                + ".png</filename>\n  <source><database>synthetic layout, real objects (Fashion-MNIST)</database></source>\n"
                + "  <size><width>" + size + "</width><height>" + size + "</height><depth>3</depth></size>\n");
        for (int k = 0; k < boxes.size(); k++) {
            int[] b = boxes.get(k);
            // VOC coordinates are 1-based and inclusive
            xml.append("  <object><name>")
                    .append(names.get(classes.get(k)))
                    .append("</name><difficult>0</difficult>")
                    .append("<bndbox><xmin>")
                    .append(b[0] + 1)
                    .append("</xmin><ymin>")
                    .append(b[1] + 1)
                    .append("</ymin><xmax>")
                    .append(b[2] + 1)
                    .append("</xmax><ymax>")
                    .append(b[3] + 1)
                    .append("</ymax></bndbox></object>\n");
        }
        xml.append("</annotation>\n");
        Files.writeString(year.resolve("Annotations").resolve(id + ".xml"), xml.toString());
    }

    /** Nearest-neighbour source pixel of the 28×28 item for output pixel (x, y) of a scale×scale paste. */
    private static int pixel(byte[] objects, int item, int scale, int x, int y) {
        int sx = Math.min(27, x * 28 / scale);
        int sy = Math.min(27, y * 28 / scale);
        return objects[item * 784 + sy * 28 + sx] & 0xff;
    }

    /** Tight 0-based inclusive box of the foreground pixels, or null when there are none. */
    static int[] tightBox(byte[] objects, int item, int scale, int ox, int oy) {
        int x1 = Integer.MAX_VALUE;
        int y1 = Integer.MAX_VALUE;
        int x2 = -1;
        int y2 = -1;
        for (int y = 0; y < scale; y++) {
            for (int x = 0; x < scale; x++) {
                if (pixel(objects, item, scale, x, y) > FOREGROUND) {
                    x1 = Math.min(x1, ox + x);
                    y1 = Math.min(y1, oy + y);
                    x2 = Math.max(x2, ox + x);
                    y2 = Math.max(y2, oy + y);
                }
            }
        }
        return x2 < 0 ? null : new int[] {x1, y1, x2, y2};
    }

    private static void paste(BufferedImage img, byte[] objects, int item, int scale, int ox, int oy, int tint) {
        for (int y = 0; y < scale; y++) {
            for (int x = 0; x < scale; x++) {
                int v = pixel(objects, item, scale, x, y);
                if (v > FOREGROUND) {
                    int c = Math.min(255, v * tint / 255 + 40);
                    img.setRGB(ox + x, oy + y, (c << 16) | (c << 8) | c);
                }
            }
        }
    }

    private static boolean overlapsTooMuch(int[] b, List<int[]> others) {
        Box nb = new Box(b[0], b[1], b[2], b[3]);
        for (int[] o : others) {
            if (nb.iou(new Box(o[0], o[1], o[2], o[3])) > 0.3) {
                return true;
            }
        }
        return false;
    }
}
