package org.rambo.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

    @TempDir
    Path dir;

    private static byte[] pillowJpeg() throws IOException {
        try (InputStream in = ImageDecoderTest.class.getResourceAsStream("pillow-input.jpg")) {
            return in.readAllBytes();
        }
    }

    /** A noisy 4:2:0 JPEG written by ImageIO (JFIF). */
    private static byte[] noisyJpeg() throws IOException {
        BufferedImage img = new BufferedImage(61, 43, BufferedImage.TYPE_3BYTE_BGR);
        byte[] d = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        long s = 7;
        for (int i = 0; i < d.length; i++) {
            s = s * 6364136223846793005L + 1442695040888963407L;
            d[i] = (byte) ((i / 3 % 61) * 4 + (s >>> 60));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    @Test
    void libjpegsConversionAndOursGiveTheSameBytes() throws IOException {
        for (byte[] jpeg : new byte[][] {pillowJpeg(), noisyJpeg()}) {
            Pixels theirs = ImageDecoder.jpegRgb(jpeg);
            Pixels ours = ImageDecoder.jpegRaw(jpeg, 3);
            assertEquals(theirs.width(), ours.width());
            assertArrayEquals(theirs.data(), ours.data());
            // and ImageIO's own BGR image, reordered
            BufferedImage bgr = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, bgr.getType());
            assertEquals(bgr.getRGB(5, 7) & 0xffffff, rgb(ours, 5, 7));
            assertEquals(
                    bgr.getRGB(ours.width() - 1, ours.height() - 1) & 0xffffff,
                    rgb(ours, ours.width() - 1, ours.height() - 1));
        }
    }

    private static int rgb(Pixels p, int x, int y) {
        return (p.get(x, y, 0) << 16) | (p.get(x, y, 1) << 8) | p.get(x, y, 2);
    }

    @Test
    void headerFacts() throws IOException {
        assertEquals(new JpegHeader(3, true, false), JpegHeader.parse(pillowJpeg()));
        assertEquals(JpegHeader.NOT_JPEG, JpegHeader.parse("GIF89a....".getBytes(StandardCharsets.US_ASCII)));
        // the same JPEG without its JFIF marker and with Adobe's transform 0: RGB, not YCbCr
        byte[] j = noisyJpeg();
        assertEquals(0xE0, j[3] & 0xff, "ImageIO writes JFIF right after SOI");
        int app0 = 2 + 2 + (((j[4] & 0xff) << 8) | (j[5] & 0xff));
        ByteArrayOutputStream adobe = new ByteArrayOutputStream();
        adobe.write(j, 0, 2);
        adobe.write(new byte[] {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0});
        adobe.write(j, app0, j.length - app0);
        assertEquals(new JpegHeader(3, false, false), JpegHeader.parse(adobe.toByteArray()));
        assertEquals(new JpegHeader(3, true, true), JpegHeader.parse(withIcc(j)));
    }

    /** The JPEG with the sRGB ICC profile in an APP2 segment after SOI. */
    private static byte[] withIcc(byte[] jpeg) {
        return withIcc(jpeg, ColorSpace.CS_sRGB);
    }

    /** The JPEG with the ICC profile of a Java colour space in an APP2 segment after SOI. */
    private static byte[] withIcc(byte[] jpeg, int colorSpace) {
        byte[] profile = ICC_Profile.getInstance(colorSpace).getData();
        byte[] tag = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
        int len = 2 + tag.length + 2 + profile.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE2);
        out.write(len >> 8);
        out.write(len & 0xff);
        out.writeBytes(tag);
        out.write(1);
        out.write(1);
        out.writeBytes(profile);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @Test
    void anIccProfileChangesNoPixel() throws IOException {
        byte[] j = noisyJpeg();
        Files.write(dir.resolve("plain.jpg"), j);
        Files.write(dir.resolve("icc.jpg"), withIcc(j));
        Pixels plain = ImageDecoder.decode(dir.resolve("plain.jpg"));
        Pixels icc = ImageDecoder.decode(dir.resolve("icc.jpg"));
        assertArrayEquals(plain.data(), icc.data());
    }

    @Test
    void grayJpegIsOneChannelOfTheStoredValues() throws IOException {
        BufferedImage g = new BufferedImage(9, 5, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 9; x++) {
                g.getRaster().setSample(x, y, 0, 20 * x + 3 * y);
            }
        }
        Path f = dir.resolve("g.jpg");
        assertTrue(ImageIO.write(g, "jpg", f.toFile()));
        Pixels p = ImageDecoder.decode(f);
        assertEquals(1, p.channels());
        BufferedImage back = ImageIO.read(f.toFile());
        byte[] want = ((DataBufferByte) back.getRaster().getDataBuffer()).getData();
        assertArrayEquals(want, p.data());
        assertFalse(JpegHeader.parse(Files.readAllBytes(f)).ycbcr());
    }

    /**
     * A reader that failed (here: disposed, as one left broken by an earlier file) is replaced and
     * the file decoded on the new one, to the same stored values: the file is not handed to
     * ImageIO.read, which would colour-manage a JPEG with an ICC profile into other pixels.
     */
    @Test
    void aFailedReaderIsReplacedNotFallenBackFrom() throws IOException {
        byte[] j = withIcc(noisyJpeg(), ColorSpace.CS_LINEAR_RGB);
        Path f = dir.resolve("linear.jpg");
        Files.write(f, j);
        byte[] stored = ImageDecoder.decode(f).data();
        byte[] managed =
                ImageDecoder.pixels(ImageIO.read(new ByteArrayInputStream(j))).data();
        assertFalse(Arrays.equals(stored, managed), "ImageIO's colour management changes the pixels");

        ImageDecoder.jpegReader().dispose();
        assertArrayEquals(stored, ImageDecoder.decode(f).data());
        assertArrayEquals(stored, ImageDecoder.decode(f).data());
    }

    /** A JPEG the decoder refuses is the file's error, in one line that names it. */
    @Test
    void anUndecodableJpegIsTheFilesError() throws IOException {
        byte[] j = noisyJpeg();
        int dqt = -1;
        for (int i = 2; i + 4 < j.length && dqt < 0; i++) {
            if ((j[i] & 0xff) == 0xFF && (j[i + 1] & 0xff) == 0xDB) {
                dqt = i;
            }
        }
        assertTrue(dqt > 0, "ImageIO writes a quantisation table");
        j[dqt + 4] = 0x07; // table number 7: libjpeg allows 0..3
        Path f = dir.resolve("bad-table.jpg");
        Files.write(f, j);
        assertEquals(new JpegHeader(3, true, false), JpegHeader.parse(j), "the header still says YCbCr JPEG");
        DataException e = assertThrows(DataException.class, () -> ImageDecoder.decode(f));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        // the next file decodes as always on this thread
        assertArrayEquals(
                ImageDecoder.jpeg(noisyJpeg()).data(),
                ImageDecoder.decode(writeNoisy("after.jpg")).data());
    }

    private Path writeNoisy(String name) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, noisyJpeg());
        return f;
    }
}
