package org.rambo.harness.data;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image files into {@link Pixels} as Pillow's {@code Image.open(f).convert("RGB")} (or
 * {@code "L"} for gray files) sees them: the stored component values, no colour management.
 *
 * <p>JPEG, the common case: decoded into an RGB-ordered byte raster (ImageIO's default BGR
 * image costs a per-pixel copy of every row, a third of the decoding time); a JPEG with an ICC
 * profile is read as a raw raster and converted from YCbCr here, so ImageIO's colour management
 * stays out. Other files go through {@code ImageIO.read}, reading interleaved bytes directly
 * where the raster has them.
 *
 * <p>Which route a file takes depends on the file alone (its header and raster layout), never on
 * what happened before: a JPEG the fast route fails on is not handed to {@code ImageIO.read}
 * (whose colour management gives other pixels for a file with an ICC profile), but decoded once
 * more on a new reader and, if that fails too, reported as the file's error.
 * Thread-safe: each thread keeps its own JPEG reader; a reader that failed is not used again.
 */
public final class ImageDecoder {
    private static final ThreadLocal<ImageReader> JPEG = ThreadLocal.withInitial(() -> {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
        return it.hasNext() ? it.next() : null;
    });

    private static final ColorModel RGB = new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);

    private ImageDecoder() {}

    /** Decodes a file; an unreadable or undecodable file is a DataException naming it. */
    public static Pixels decode(Path file) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new DataException(file, "image file not found");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException(file, "cannot read image: " + e.getMessage(), e);
        }
        Pixels fast = jpegOrNull(file, bytes);
        if (fast != null) {
            return fast;
        }
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) {
                throw new DataException(file, "cannot decode image (not a format ImageIO reads, or corrupt)");
            }
            return pixels(img);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException de) {
                throw de;
            }
            throw new DataException(file, "cannot decode image: " + e.getMessage(), e);
        }
    }

    /**
     * The fast route's pixels, or null when the file's header or layout is one it does not take
     * (then ImageIO.read decides, and names the error if any). A failure may come from the
     * thread's reader rather than the file (a reader left in a bad state by an earlier file), so
     * the reader is dropped and the file decoded once more on a new one; a second failure is the
     * file's: a DataException naming it.
     */
    private static Pixels jpegOrNull(Path file, byte[] bytes) {
        try {
            return jpeg(bytes);
        } catch (IOException | RuntimeException first) {
            JPEG.remove();
            try {
                return jpeg(bytes);
            } catch (IOException | RuntimeException e) {
                JPEG.remove();
                throw new DataException(
                        file, "cannot decode JPEG: " + (e.getMessage() != null ? e.getMessage() : e.toString()), e);
            }
        }
    }

    /** This thread's JPEG reader (made on first use), or null when ImageIO has none. */
    static ImageReader jpegReader() {
        return JPEG.get();
    }

    /** A gray or YCbCr JPEG through a fast route, or null when it needs the general one. */
    static Pixels jpeg(byte[] bytes) throws IOException {
        JpegHeader h = JpegHeader.parse(bytes);
        if (h.components() == 3 && h.ycbcr() && !h.icc()) {
            return jpegRgb(bytes);
        }
        if (h.components() == 1 || h.ycbcr()) {
            return jpegRaw(bytes, h.components());
        }
        return null;
    }

    /**
     * libjpeg converts YCbCr to RGB into a destination whose bands are in R, G, B order, so the
     * reader's row copy is a plain array copy (its default BGR image costs a per-pixel copy).
     */
    static Pixels jpegRgb(byte[] bytes) throws IOException {
        ImageReader reader = jpegReader();
        if (reader == null) {
            return null;
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            WritableRaster raster =
                    Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 3 * w, 3, new int[] {0, 1, 2}, null);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setDestination(new BufferedImage(RGB, raster, false, null));
            reader.read(0, param);
            return new Pixels(w, h, 3, ((DataBufferByte) raster.getDataBuffer()).getData());
        } finally {
            reader.setInput(null);
        }
    }

    /**
     * The stored components as they are (the reader converts nothing when asked for a raster),
     * YCbCr turned into RGB here with libjpeg's tables: no colour management, as Pillow.
     */
    static Pixels jpegRaw(byte[] bytes, int components) throws IOException {
        ImageReader reader = jpegReader();
        if (reader == null) {
            return null;
        }
        Raster r;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            r = reader.readRaster(0, null);
        } finally {
            reader.setInput(null);
        }
        byte[] packed = packed(r, components);
        if (packed == null) {
            return null;
        }
        if (components == 3) {
            YCbCr.toRgbInPlace(packed, r.getWidth() * r.getHeight());
        }
        return new Pixels(r.getWidth(), r.getHeight(), components, packed);
    }

    /** Pixels of a decoded image: gray stays one channel, colour is read as its R, G, B values. */
    public static Pixels pixels(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        if (cm.getNumColorComponents() == 1) {
            byte[] g = cm.getComponentSize(0) == 8 ? packed(r, 1) : null;
            return new Pixels(w, h, 1, g != null ? g : scaledGray(r, cm.getComponentSize(0)));
        }
        if (cm instanceof ComponentColorModel
                && cm.getColorSpace().getType() == ColorSpace.TYPE_RGB
                && r.getNumBands() >= 3) {
            byte[] rgb = packed(r, 3);
            if (rgb != null) {
                return new Pixels(w, h, 3, rgb);
            }
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] d = new byte[3 * w * h];
        for (int i = 0, j = 0; i < argb.length; i++, j += 3) {
            int p = argb[i];
            d[j] = (byte) (p >> 16);
            d[j + 1] = (byte) (p >> 8);
            d[j + 2] = (byte) p;
        }
        return new Pixels(w, h, 3, d);
    }

    /**
     * The first {@code bands} bands of an 8-bit interleaved raster as packed bytes (the raster's
     * own array when it is packed already), or null when its layout is another.
     */
    static byte[] packed(Raster r, int bands) {
        if (!(r.getDataBuffer() instanceof DataBufferByte db)
                || !(r.getSampleModel() instanceof ComponentSampleModel sm)
                || sm.getDataType() != DataBuffer.TYPE_BYTE
                || db.getNumBanks() != 1
                || r.getNumBands() < bands) {
            return null;
        }
        int[] banks = sm.getBankIndices();
        for (int b = 0; b < bands; b++) {
            if (banks[b] != 0) {
                return null;
            }
        }
        int w = r.getWidth();
        int h = r.getHeight();
        int ps = sm.getPixelStride();
        int ss = sm.getScanlineStride();
        int[] off = sm.getBandOffsets();
        byte[] src = db.getData();
        int base = db.getOffset()
                + (r.getMinY() - r.getSampleModelTranslateY()) * ss
                + (r.getMinX() - r.getSampleModelTranslateX()) * ps;
        boolean identity = base == 0 && ps == bands && ss == w * bands && src.length == w * h * bands;
        for (int b = 0; identity && b < bands; b++) {
            identity = off[b] == b;
        }
        if (identity) {
            return src;
        }
        byte[] out = new byte[w * h * bands];
        for (int y = 0, o = 0; y < h; y++) {
            int row = base + y * ss;
            for (int x = 0; x < w; x++) {
                int p = row + x * ps;
                for (int b = 0; b < bands; b++) {
                    out[o++] = src[p + off[b]];
                }
            }
        }
        return out;
    }

    private static byte[] scaledGray(Raster r, int bits) {
        int w = r.getWidth();
        int h = r.getHeight();
        double scale = 255.0 / ((1L << bits) - 1);
        byte[] d = new byte[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            r.getSamples(r.getMinX(), r.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                d[y * w + x] = (byte) Math.round(row[x] * scale);
            }
        }
        return d;
    }
}
