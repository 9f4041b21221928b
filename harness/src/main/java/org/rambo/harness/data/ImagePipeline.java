package org.rambo.harness.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Decode, resize the shorter side, crop (random + flip for training, centre for evaluation),
 * fix the channel count, normalise: the output is float[channels x crop x crop], CHW.
 *
 * <p>Resizing is separable triangle-filter (bilinear) resampling whose support widens with the
 * downscale factor, as PIL and torchvision's antialiased Resize do: plain bilinear sampling
 * would alias when CUB's ~500-pixel images shrink to 256. Randomness comes only from the seed
 * passed in, so the output of an image is a pure function of (file, seed) whatever thread runs it.
 * Thread-safe.
 */
public final class ImagePipeline {
    private final PipelineConfig cfg;

    public ImagePipeline(PipelineConfig cfg) {
        this.cfg = cfg;
    }

    public PipelineConfig config() {
        return cfg;
    }

    /** Training view: random crop and (if configured) random horizontal flip, from the seed. */
    public float[] train(Path image, long seed) {
        return process(decode(image), true, seed);
    }

    /** Evaluation view: centre crop. */
    public float[] eval(Path image) {
        return process(decode(image), false, 0L);
    }

    /** Training view of a raw 8-bit grayscale image (Fashion-MNIST), row-major w x h. */
    public float[] train(byte[] gray, int w, int h, long seed) {
        return process(Planes.gray(gray, w, h), true, seed);
    }

    public float[] eval(byte[] gray, int w, int h) {
        return process(Planes.gray(gray, w, h), false, 0L);
    }

    /** Decoded pixels: c planes (1 gray or 3 RGB) of w x h values in 0..255. */
    public record Planes(int c, int w, int h, float[] data) {
        static Planes gray(byte[] g, int w, int h) {
            if (g.length != w * h) {
                throw new IllegalArgumentException(g.length + " bytes is not a " + w + "x" + h + " image");
            }
            float[] d = new float[w * h];
            for (int i = 0; i < d.length; i++) {
                d[i] = g[i] & 0xff;
            }
            return new Planes(1, w, h, d);
        }
    }

    /** Decodes with ImageIO; an unreadable or undecodable file is a DataException naming it. */
    public static Planes decode(Path file) {
        BufferedImage img;
        try {
            if (!Files.isRegularFile(file)) {
                throw new DataException(file, "image file not found");
            }
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException de) {
                throw de;
            }
            throw new DataException(file, "cannot decode image: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new DataException(file, "cannot decode image (not a format ImageIO reads, or corrupt)");
        }
        return planes(img);
    }

    /** Pixels of a decoded image; grayscale stays one plane, read from the raster (no colour conversion). */
    public static Planes planes(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (img.getColorModel().getNumColorComponents() == 1) {
            Raster r = img.getRaster();
            int bits = img.getColorModel().getComponentSize(0);
            float scale = 255f / ((1 << bits) - 1);
            float[] d = new float[w * h];
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    d[y * w + x] = row[x] * scale;
                }
            }
            return new Planes(1, w, h, d);
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        int n = w * h;
        float[] d = new float[3 * n];
        for (int i = 0; i < n; i++) {
            int p = argb[i];
            d[i] = (p >> 16) & 0xff;
            d[n + i] = (p >> 8) & 0xff;
            d[2 * n + i] = p & 0xff;
        }
        return new Planes(3, w, h, d);
    }

    /** Resize, crop, channel fix, normalise. */
    public float[] process(Planes src, boolean train, long seed) {
        int w = src.w();
        int h = src.h();
        int nw;
        int nh;
        if (w <= h) { // shorter side -> resize, the other in proportion (rounded, at least resize)
            nw = cfg.resize();
            nh = Math.max(cfg.resize(), (int) Math.round((double) h * cfg.resize() / w));
        } else {
            nh = cfg.resize();
            nw = Math.max(cfg.resize(), (int) Math.round((double) w * cfg.resize() / h));
        }
        Planes r = resize(src, nw, nh);
        int crop = cfg.crop();
        int top;
        int left;
        boolean flip = false;
        if (train) {
            SplittableRandom rnd = new SplittableRandom(seed);
            top = rnd.nextInt(nh - crop + 1);
            left = rnd.nextInt(nw - crop + 1);
            flip = cfg.flip() && rnd.nextBoolean();
        } else {
            top = (nh - crop) / 2;
            left = (nw - crop) / 2;
        }
        int oc = cfg.channels();
        float[] mean = cfg.mean();
        float[] std = cfg.std();
        float[] out = new float[oc * crop * crop];
        int plane = nw * nh;
        for (int c = 0; c < oc; c++) {
            for (int y = 0; y < crop; y++) {
                for (int x = 0; x < crop; x++) {
                    int sx = left + (flip ? crop - 1 - x : x);
                    int si = (top + y) * nw + sx;
                    float v;
                    if (r.c() == oc) {
                        v = r.data()[c * plane + si];
                    } else if (r.c() == 1) { // gray -> 3 channels: replicate
                        v = r.data()[si];
                    } else { // RGB -> 1 channel: ITU-R 601 luma, as PIL's "L"
                        v = 0.299f * r.data()[si] + 0.587f * r.data()[plane + si] + 0.114f * r.data()[2 * plane + si];
                    }
                    out[(c * crop + y) * crop + x] = (v / 255f - mean[c]) / std[c];
                }
            }
        }
        return out;
    }

    /** Separable antialiased resampling to nw x nh. */
    static Planes resize(Planes p, int nw, int nh) {
        if (nw == p.w() && nh == p.h()) {
            return p;
        }
        Filter fx = Filter.of(p.w(), nw);
        Filter fy = Filter.of(p.h(), nh);
        int c = p.c();
        float[] tmp = new float[c * nw * p.h()];
        for (int ch = 0; ch < c; ch++) { // horizontal pass
            for (int y = 0; y < p.h(); y++) {
                int srow = (ch * p.h() + y) * p.w();
                int drow = (ch * p.h() + y) * nw;
                for (int x = 0; x < nw; x++) {
                    tmp[drow + x] = fx.apply(x, p.data(), srow, 1);
                }
            }
        }
        float[] out = new float[c * nw * nh];
        for (int ch = 0; ch < c; ch++) { // vertical pass
            for (int y = 0; y < nh; y++) {
                for (int x = 0; x < nw; x++) {
                    out[(ch * nh + y) * nw + x] = fy.apply(y, tmp, ch * p.h() * nw + x, nw);
                }
            }
        }
        return new Planes(c, nw, nh, out);
    }

    /** Per output index: first source index and normalised triangle weights. */
    record Filter(int[] start, float[][] weights) {
        static Filter of(int in, int out) {
            double scale = (double) in / out;
            double support = Math.max(1.0, scale); // widen the triangle when shrinking (antialias)
            int[] start = new int[out];
            float[][] w = new float[out][];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(center - support));
                int hi = Math.min(in - 1, (int) Math.ceil(center + support));
                double[] ws = new double[hi - lo + 1];
                double sum = 0;
                for (int j = lo; j <= hi; j++) {
                    double t = 1.0 - Math.abs((j + 0.5 - center) / support);
                    ws[j - lo] = t > 0 ? t : 0;
                    sum += ws[j - lo];
                }
                w[i] = new float[ws.length];
                for (int k = 0; k < ws.length; k++) {
                    w[i][k] = (float) (ws[k] / sum);
                }
                start[i] = lo;
            }
            return new Filter(start, w);
        }

        float apply(int i, float[] src, int base, int stride) {
            float[] w = weights[i];
            int s = base + start[i] * stride;
            float acc = 0;
            for (int k = 0; k < w.length; k++) {
                acc += w[k] * src[s + k * stride];
            }
            return acc;
        }
    }
}
