package org.rambo.bench;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * JPEG files shaped like CUB-200's photographs, for timing image decoding: mostly 500 × 375
 * landscape, every fourth 375 × 500 portrait, every seventh 500 × 333; quality 90, 4:2:0
 * chroma; smooth gradients, soft-edged shapes and per-pixel grain, so the entropy-coded data
 * is about as dense as a photograph's. The same seed gives the same files.
 *
 * <pre>java -cp benchmarks.jar org.rambo.bench.BenchImages DIR [COUNT]</pre>
 */
public final class BenchImages {

    private BenchImages() {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: BenchImages DIR [COUNT (default 200)]");
            System.exit(2);
        }
        List<Path> files = write(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 200);
        System.out.println("wrote " + files.size() + " images to " + args[0]);
    }

    /** Writes (or keeps, when present) img-000.jpg .. and returns their paths in order. */
    public static List<Path> write(Path dir, int count) {
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < count; i++) {
                Path f = dir.resolve(String.format(Locale.ROOT, "img-%03d.jpg", i));
                if (!Files.isRegularFile(f)) {
                    int w = i % 4 == 3 ? 375 : 500;
                    int h = i % 4 == 3 ? 500 : i % 7 == 6 ? 333 : 375;
                    writeJpeg(image(w, h, i), f, 0.9f);
                }
                out.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static BufferedImage image(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, colour(r), w, h, colour(r)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 40; i++) {
            int x = r.nextInt(w);
            int y = r.nextInt(h);
            int s = 10 + r.nextInt(120);
            g.setPaint(new GradientPaint(x, y, colour(r), x + s, y + s, colour(r)));
            if (r.nextBoolean()) {
                g.fillOval(x - s / 2, y - s / 2, s, (int) (s * (0.3 + r.nextDouble())));
            } else {
                g.fillRoundRect(x - s / 2, y - s / 2, s, s / 2 + 5, 12, 12);
            }
        }
        g.dispose();
        byte[] d = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < d.length; i++) {
            int v = (d[i] & 0xff) + r.nextInt(17) - 8;
            d[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return img;
    }

    private static Color colour(SplittableRandom r) {
        return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }

    static void writeJpeg(BufferedImage img, Path file, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (ImageOutputStream o = ImageIO.createImageOutputStream(tmp.toFile())) {
            writer.setOutput(o);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
