package org.rambo.harness.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The resize-and-crop against Pillow's own output ({@code pillow-golden.txt}, written once by
 * {@code make-pillow-golden.py} beside it with Pillow 12.3): a formula image the script computes
 * too, and a JPEG Pillow wrote, decoded here by our decoder.
 */
class PillowPixelTest {

    /** The script's formula image. */
    static Pixels formula(int w, int h, int channels) {
        byte[] d = new byte[w * h * channels];
        int i = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    d[i++] = (byte) ((x * x * 7 + y * 13 + c * 85 + ((x ^ y) & 8) * 20) & 0xFF);
                }
            }
        }
        return new Pixels(w, h, channels, d);
    }

    private static List<String> golden() throws IOException {
        try (InputStream in = PillowPixelTest.class.getResourceAsStream("pillow-golden.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .lines()
                    .toList();
        }
    }

    @Test
    void resizeAndCropMatchPillowWithinOneLevel() throws IOException, URISyntaxException {
        Path jpeg =
                Path.of(PillowPixelTest.class.getResource("pillow-input.jpg").toURI());
        List<String> lines = golden();
        assertEquals(7, lines.size());
        int exact = 0;
        int total = 0;
        for (String line : lines) {
            String[] f = line.split(" ");
            int channels = f[2].equals("RGB") ? 3 : 1;
            int w = Integer.parseInt(f[3]);
            int h = Integer.parseInt(f[4]);
            int nw = Integer.parseInt(f[5]);
            int nh = Integer.parseInt(f[6]);
            int left = Integer.parseInt(f[7]);
            int top = Integer.parseInt(f[8]);
            int crop = Integer.parseInt(f[9]);
            byte[] want = Base64.getDecoder().decode(f[10]);
            Pixels src = f[1].equals("formula") ? formula(w, h, channels) : ImageDecoder.decode(jpeg);
            assertEquals(w, src.width(), f[0]);
            assertEquals(h, src.height(), f[0]);
            Pixels got = ResizeCrop.apply(src, nw, nh, left, top, crop, crop);
            assertEquals(want.length, got.data().length, f[0]);
            for (int i = 0; i < want.length; i++) {
                int d = Math.abs((want[i] & 0xff) - (got.data()[i] & 0xff));
                assertTrue(
                        d <= 1,
                        f[0] + " byte " + i + ": Pillow " + (want[i] & 0xff) + ", ours " + (got.data()[i] & 0xff));
                exact += d == 0 ? 1 : 0;
                total++;
            }
        }
        // the same fixed-point arithmetic and the same JPEG decoding give the same bytes
        assertEquals(total, exact, "bytes equal to Pillow's");
    }
}
