package org.rambo.detect;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes a detection set in the exact Pascal VOC layout from real 28x28 object images (the
 * harness passes Fashion-MNIST) pasted at random positions and scales onto textured backgrounds:
 * "synthetic layout, real objects". Several objects per image, exact boxes (the tight bounds of
 * the pasted object's visible pixels), no difficult boxes.
 *
 * <p>Layout under {@code root}: {@code VOCdevkit/VOC2007/{Annotations/sNNNNNN.xml,
 * ImageSets/Main/{trainval,test}.txt, JPEGImages/sNNNNNN.png, classes.txt}}. Images are PNG
 * (lossless, so boxes stay exact); the annotation's {@code <filename>} names them, as the loader
 * expects. {@code classes.txt} lists the class names in label order.
 *
 * <p>Class names are sanitised for XML and file use by {@link #sanitize}: lower case, every run
 * of characters outside {@code [a-z0-9]} becomes one '-', no leading/trailing '-'
 * ("T-shirt/top" becomes "t-shirt-top", "Ankle boot" becomes "ankle-boot").
 *
 * <p>Train and test images draw their objects from disjoint parts of the given object array: the
 * first 80% of the objects for trainval, the last 20% for test.
 */
public final class SyntheticVoc {

    /** The VOC year folder the synthetic set is written as. */
    public static final String YEAR = "2007";

    private SyntheticVoc() {}

    /** Sanitised class name for XML and file names (see class comment). */
    public static String sanitize(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.isEmpty()) {
            throw new IllegalArgumentException("class name \"" + name + "\" has no letters or digits");
        }
        return s;
    }

    /** The class names written by {@link #write} ({@code VOCdevkit/VOC2007/classes.txt}). */
    public static List<String> readClasses(Path root) {
        Path f = root.resolve("VOCdevkit").resolve("VOC" + YEAR).resolve("classes.txt");
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new VocDataException(f, "cannot read the synthetic set's class list", e);
        }
    }

    /**
     * Writes the set (see class comment) and returns the sanitised class names in label order. If
     * a set written with the same parameters is already complete under {@code root}, nothing is
     * rewritten.
     *
     * @param objects28x28 n * 784 bytes, row-major 28x28 grey images, 0 = background
     * @param labels n class indices into {@code classNames}
     */
    public static List<String> write(Path root, byte[] objects28x28, int[] labels, List<String> classNames,
            int numTrain, int numTest, int imageSize, long seed) {
        int n = labels.length;
        if (objects28x28.length != n * 784) {
            throw new IllegalArgumentException("objects must hold labels.length * 784 = " + n * 784 + " bytes, got "
                    + objects28x28.length);
        }
        if (n < 5) {
            throw new IllegalArgumentException("need at least 5 object images, got " + n);
        }
        if (imageSize < 32) {
            throw new IllegalArgumentException("image size must be >= 32, got " + imageSize);
        }
        if (numTrain < 1 || numTest < 1) {
            throw new IllegalArgumentException("need at least one train and one test image");
        }
        List<String> names = new ArrayList<>();
        for (String c : classNames) {
            String s = sanitize(c);
            if (names.contains(s)) {
                throw new IllegalArgumentException("class names " + classNames + " collide after sanitising: " + s);
            }
            names.add(s);
        }
        for (int l : labels) {
            if (l < 0 || l >= names.size()) {
                throw new IllegalArgumentException("label " + l + " outside [0, " + names.size() + ")");
            }
        }
        Path year = root.resolve("VOCdevkit").resolve("VOC" + YEAR);
        Path stamp = year.resolve("synthetic-params.txt");
        String params = "objects=" + n + " checksum=" + java.util.Arrays.hashCode(objects28x28) + "/"
                + java.util.Arrays.hashCode(labels) + " classes=" + names + " train=" + numTrain + " test="
                + numTest + " size=" + imageSize + " seed=" + seed + " version=1\n";
        try {
            if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(params)) {
                return List.copyOf(names);
            }
        } catch (IOException e) {
            // rewrite
        }
        Random rnd = new Random(seed);
        int split = Math.max(1, (int) Math.round(n * 0.8));
        List<String> trainIds = new ArrayList<>();
        List<String> testIds = new ArrayList<>();
        for (int i = 0; i < numTrain + numTest; i++) {
            boolean train = i < numTrain;
            String id = String.format(Locale.ROOT, "s%06d", i + 1);
            int from = train ? 0 : split;
            int to = train ? split : n;
            writeImage(year, id, objects28x28, labels, names, from, to, imageSize, rnd);
            (train ? trainIds : testIds).add(id);
        }
        VocWriter.writeSplit(year.resolve("ImageSets").resolve("Main").resolve("trainval.txt"), trainIds);
        VocWriter.writeSplit(year.resolve("ImageSets").resolve("Main").resolve("test.txt"), testIds);
        VocWriter.writeAtomically(year.resolve("classes.txt"), String.join("\n", names) + "\n");
        VocWriter.writeAtomically(stamp, params);
        return List.copyOf(names);
    }

    private static void writeImage(Path year, String id, byte[] objects, int[] labels, List<String> names, int from,
            int to, int size, Random rnd) {
        float[][] rgb = background(size, rnd);
        int count = 1 + rnd.nextInt(3);
        List<VocObject> placed = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            for (int attempt = 0; attempt < 20; attempt++) {
                int obj = from + rnd.nextInt(to - from);
                int side = (int) Math.round(size * (0.3 + 0.35 * rnd.nextDouble()));
                int px = rnd.nextInt(size - side + 1);
                int py = rnd.nextInt(size - side + 1);
                float[] alpha = scaled(objects, obj, side);
                int x0 = side;
                int y0 = side;
                int x1 = -1;
                int y1 = -1;
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        if (alpha[y * side + x] > 0.1f) {
                            x0 = Math.min(x0, x);
                            y0 = Math.min(y0, y);
                            x1 = Math.max(x1, x);
                            y1 = Math.max(y1, y);
                        }
                    }
                }
                if (x1 < 0) {
                    continue; // blank object
                }
                // VOC: 1-based inclusive pixel corners
                Box box = new Box(px + x0 + 1, py + y0 + 1, px + x1 + 1, py + y1 + 1);
                boolean overlaps = false;
                for (VocObject o : placed) {
                    overlaps |= Box.vocIou(o.box(), box) > 0.15;
                }
                if (overlaps) {
                    continue;
                }
                float[] tint = {0.55f + 0.45f * rnd.nextFloat(), 0.55f + 0.45f * rnd.nextFloat(),
                        0.55f + 0.45f * rnd.nextFloat()};
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        float a = alpha[y * side + x];
                        int p = (py + y) * size + px + x;
                        for (int c = 0; c < 3; c++) {
                            rgb[c][p] = (1 - a) * rgb[c][p] + a * 255f * tint[c];
                        }
                    }
                }
                placed.add(new VocObject(names.get(labels[obj]), labels[obj], box, false, false));
                break;
            }
        }
        BufferedImage im = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < size * size; p++) {
            int r = clamp(rgb[0][p]);
            int g = clamp(rgb[1][p]);
            int b = clamp(rgb[2][p]);
            im.setRGB(p % size, p / size, (r << 16) | (g << 8) | b);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(im, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VocWriter.writeAtomically(year.resolve("JPEGImages").resolve(id + ".png"), png.toByteArray());
        VocWriter.writeAnnotation(year.resolve("Annotations").resolve(id + ".xml"), "VOC" + YEAR, id + ".png", size,
                size, 3, placed);
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Textured background: a random base colour, two random sinusoid gratings and pixel noise. */
    private static float[][] background(int size, Random rnd) {
        float[][] rgb = new float[3][size * size];
        float[] base = new float[3];
        for (int c = 0; c < 3; c++) {
            base[c] = 30f + 90f * rnd.nextFloat();
        }
        double f1 = 2 * Math.PI * (1 + rnd.nextInt(6)) / size;
        double f2 = 2 * Math.PI * (1 + rnd.nextInt(6)) / size;
        double th1 = rnd.nextDouble() * Math.PI;
        double th2 = rnd.nextDouble() * Math.PI;
        double amp1 = 10 + 25 * rnd.nextDouble();
        double amp2 = 10 + 25 * rnd.nextDouble();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double t = amp1 * Math.sin(f1 * (x * Math.cos(th1) + y * Math.sin(th1)))
                        + amp2 * Math.sin(f2 * (x * Math.cos(th2) + y * Math.sin(th2)));
                for (int c = 0; c < 3; c++) {
                    rgb[c][y * size + x] = (float) (base[c] + t * (0.6 + 0.2 * c) + 12 * rnd.nextGaussian());
                }
            }
        }
        return rgb;
    }

    /** Bilinear resize of object {@code index} to side x side, as alpha in [0, 1]. */
    static float[] scaled(byte[] objects, int index, int side) {
        float[] out = new float[side * side];
        int base = index * 784;
        for (int y = 0; y < side; y++) {
            double sy = Math.max(0, Math.min(27, (y + 0.5) * 28.0 / side - 0.5));
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(27, y0 + 1);
            double wy = sy - y0;
            for (int x = 0; x < side; x++) {
                double sx = Math.max(0, Math.min(27, (x + 0.5) * 28.0 / side - 0.5));
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(27, x0 + 1);
                double wx = sx - x0;
                double v = (1 - wy) * ((1 - wx) * px(objects, base, y0, x0) + wx * px(objects, base, y0, x1))
                        + wy * ((1 - wx) * px(objects, base, y1, x0) + wx * px(objects, base, y1, x1));
                out[y * side + x] = (float) (v / 255.0);
            }
        }
        return out;
    }

    private static int px(byte[] objects, int base, int y, int x) {
        return objects[base + y * 28 + x] & 0xff;
    }
}
