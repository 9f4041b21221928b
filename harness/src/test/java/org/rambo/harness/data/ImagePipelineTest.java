package org.rambo.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePipelineTest {

    /** 4x4 gray image with pixel (x, y) = 10 * (4y + x). */
    private static byte[] ramp4() {
        byte[] g = new byte[16];
        for (int i = 0; i < 16; i++) {
            g[i] = (byte) (10 * i);
        }
        return g;
    }

    @Test
    void centreCropWithoutResizeIsExact() {
        ImagePipeline p = new ImagePipeline(PipelineConfig.plain(4, 2, 1));
        float[] out = p.eval(ramp4(), 4, 4);
        // rows 1-2, columns 1-2: pixels 5, 6, 9, 10 (x10 / 255)
        assertArrayEquals(new float[] {50 / 255f, 60 / 255f, 90 / 255f, 100 / 255f}, out);
    }

    @Test
    void normalisationUsesMeanAndStdPerChannel() {
        PipelineConfig c =
                new PipelineConfig(4, 2, 3, new float[] {0.1f, 0.2f, 0.3f}, new float[] {2f, 4f, 0.5f}, false);
        float[] out = new ImagePipeline(c).eval(ramp4(), 4, 4);
        assertEquals(12, out.length);
        // gray replicated into three channels, then (v - mean[c]) / std[c]
        assertEquals((50 / 255f - 0.1f) / 2f, out[0], 1e-7);
        assertEquals((50 / 255f - 0.2f) / 4f, out[4], 1e-7);
        assertEquals((100 / 255f - 0.3f) / 0.5f, out[11], 1e-6);
    }

    @Test
    void trainCropsAreSeededAndFlipsHappen() {
        ImagePipeline p = new ImagePipeline(PipelineConfig.plain(4, 4, 1));
        byte[] g = ramp4();
        float[] plain = p.eval(g, 4, 4);
        float[] mirrored = new float[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                mirrored[y * 4 + x] = plain[y * 4 + 3 - x];
            }
        }
        int flips = 0;
        for (long s = 0; s < 40; s++) {
            float[] a = p.train(g, 4, 4, s);
            assertArrayEquals(a, p.train(g, 4, 4, s)); // same seed, same view
            boolean isPlain = Arrays.equals(a, plain);
            boolean isMirror = Arrays.equals(a, mirrored);
            assertTrue(isPlain || isMirror, "a full-size crop is the image or its mirror");
            flips += isMirror ? 1 : 0;
        }
        assertTrue(flips > 5 && flips < 35, flips + " flips of 40");
        ImagePipeline noFlip = new ImagePipeline(PipelineConfig.plain(4, 4, 1).withFlip(false));
        for (long s = 0; s < 10; s++) {
            assertArrayEquals(plain, noFlip.train(g, 4, 4, s));
        }
    }

    @Test
    void randomCropsCoverEveryOffset() {
        ImagePipeline p = new ImagePipeline(PipelineConfig.plain(4, 2, 1).withFlip(false));
        Set<Float> corners = new HashSet<>();
        for (long s = 0; s < 100; s++) {
            corners.add(p.train(ramp4(), 4, 4, s)[0] * 255f);
        }
        // top-left of a 2x2 crop can be any pixel with x, y in 0..2: 9 positions
        assertEquals(9, corners.size());
    }

    @Test
    void downscaleAveragesWithTriangleWeights() {
        // 16 x 4 horizontal ramp 0, 10, ..., 150 halved to 8 x 2: output x is centred on source
        // 2x + 1 with weights 1/8, 3/8, 3/8, 1/8 on sources 2x - 1 .. 2x + 2, so a linear ramp
        // gives 10 * (2x + 0.5); at the left edge only sources 0, 1, 2 lie in the support:
        // weights 3/7, 3/7, 1/7 -> 50 / 7 = 7.1 -> 7
        byte[] g = new byte[16 * 4];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 16; x++) {
                g[y * 16 + x] = (byte) (10 * x);
            }
        }
        Pixels r = ResizeCrop.apply(Pixels.gray(g, 16, 4), 8, 2, 0, 0, 8, 2);
        assertEquals(7, r.get(0, 0, 0));
        for (int x = 1; x < 7; x++) {
            assertEquals(10 * (2 * x) + 5, r.get(x, 0, 0), "x=" + x);
            assertEquals(10 * (2 * x) + 5, r.get(x, 1, 0), "x=" + x);
        }
        // a window of the resize is the same pixels
        Pixels w = ResizeCrop.apply(Pixels.gray(g, 16, 4), 8, 2, 3, 1, 4, 1);
        for (int x = 0; x < 4; x++) {
            assertEquals(r.get(3 + x, 1, 0), w.get(x, 0, 0));
        }
        // constant image stays constant
        ImagePipeline p = new ImagePipeline(PipelineConfig.plain(2, 2, 1));
        byte[] flat = new byte[30 * 20];
        Arrays.fill(flat, (byte) 77);
        float[] o = p.eval(flat, 30, 20);
        for (float v : o) {
            assertEquals(77 / 255f, v, 1e-6);
        }
    }

    @Test
    void aspectRatioIsKept() {
        // shorter side 20 -> 10, longer 40 -> 20, centre crop 10 of width 20 starts at 5
        ImagePipeline p = new ImagePipeline(PipelineConfig.plain(10, 10, 1));
        assertEquals(new ImagePipeline.Window(20, 10, 5, 0, false), p.window(40, 20, false, 0));
        byte[] g = new byte[40 * 20];
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                g[y * 40 + x] = (byte) (x < 20 ? 0 : 200);
            }
        }
        float[] out = p.eval(g, 40, 20);
        assertEquals(0f, out[0], 1e-6); // output column 0 = resized column 5, far left of the edge
        assertEquals(200 / 255f, out[9], 1e-6); // column 14, right of the edge
    }

    @Test
    void decodesFilesGrayToThreeAndColourToOne(@TempDir Path dir) throws IOException {
        BufferedImage gray = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 1, 0, 200);
        ImageIO.write(gray, "png", dir.resolve("g.png").toFile());
        float[] three = new ImagePipeline(PipelineConfig.plain(3, 1, 3)).eval(dir.resolve("g.png"));
        assertArrayEquals(new float[] {200 / 255f, 200 / 255f, 200 / 255f}, three);

        BufferedImage rgb = new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 1, (100 << 16) | (50 << 8) | 10);
        ImageIO.write(rgb, "png", dir.resolve("c.png").toFile());
        float[] one = new ImagePipeline(PipelineConfig.plain(3, 1, 1)).eval(dir.resolve("c.png"));
        // Pillow's "L": (100 * 19595 + 50 * 38470 + 10 * 7471 + 32768) >> 16 = 3990478 >> 16 = 60
        assertEquals(60 / 255f, one[0], 1e-6);
        float[] rgbOut = new ImagePipeline(PipelineConfig.plain(3, 1, 3)).eval(dir.resolve("c.png"));
        assertArrayEquals(new float[] {100 / 255f, 50 / 255f, 10 / 255f}, rgbOut);
    }

    @Test
    void paperSizesGiveCrop224(@TempDir Path dir) {
        Fixtures.writeImage(dir.resolve("a.jpg"), 50, 37, 3);
        ImagePipeline p = new ImagePipeline(PipelineConfig.paper());
        assertEquals(3 * 224 * 224, p.train(dir.resolve("a.jpg"), 1L).length);
        assertEquals(3 * 224 * 224, p.eval(dir.resolve("a.jpg")).length);
        assertFalse(Arrays.equals(p.train(dir.resolve("a.jpg"), 1L), p.train(dir.resolve("a.jpg"), 2L)));
    }

    @Test
    void undecodableFilesNameTheFile(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.jpg");
        Files.writeString(bad, "this is not a jpeg");
        ImagePipeline p = new ImagePipeline(PipelineConfig.plain(4, 2, 3));
        DataException e = assertThrows(DataException.class, () -> p.eval(bad));
        assertEquals(bad, e.file());
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        assertThrows(DataException.class, () -> p.eval(dir.resolve("missing.png")));
        assertThrows(IllegalArgumentException.class, () -> PipelineConfig.plain(2, 4, 3));
    }
}
