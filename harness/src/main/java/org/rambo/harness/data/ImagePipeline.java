package org.rambo.harness.data;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Decode, resize the shorter side, crop (random + flip for training, centre for evaluation),
 * fix the channel count, normalise: the output is float[channels x crop x crop], CHW.
 *
 * <p>The view is torchvision's {@code Resize(resize)} then {@code CenterCrop(crop)} or
 * {@code RandomCrop(crop)} on a Pillow image ({@link TorchvisionGeometry}), resampled with
 * Pillow's antialiased bilinear filter in its 8-bit fixed point ({@link ResizeCrop}): plain
 * bilinear sampling would alias when CUB's ~500-pixel images shrink to 256. Only the crop
 * window is resampled. Randomness comes only from the seed passed in, so the output of an image
 * is a pure function of (file, seed) whatever thread runs it. Thread-safe.
 */
public final class ImagePipeline {
    private final PipelineConfig cfg;
    /** (v / 255 - mean[c]) / std[c] for every byte value v, per output channel. */
    private final float[][] normalised;

    public ImagePipeline(PipelineConfig cfg) {
        this.cfg = cfg;
        float[] mean = cfg.mean();
        float[] std = cfg.std();
        this.normalised = new float[cfg.channels()][256];
        for (int c = 0; c < cfg.channels(); c++) {
            for (int v = 0; v < 256; v++) {
                normalised[c][v] = (v / 255f - mean[c]) / std[c];
            }
        }
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

    /** Training view of a raw 8-bit grayscale image, row-major w x h. */
    public float[] train(byte[] gray, int w, int h, long seed) {
        return process(Pixels.gray(gray, w, h), true, seed);
    }

    public float[] eval(byte[] gray, int w, int h) {
        return process(Pixels.gray(gray, w, h), false, 0L);
    }

    /** Decodes a file ({@link ImageDecoder}); an undecodable file is a DataException naming it. */
    public static Pixels decode(Path file) {
        return ImageDecoder.decode(file);
    }

    /** Where the view's window lies: the resized size, the crop's offset, and the flip. */
    public record Window(int width, int height, int left, int top, boolean flip) {}

    /** The window of a {@code w x h} image's view; for training drawn from the seed. */
    public Window window(int w, int h, boolean train, long seed) {
        int[] size = TorchvisionGeometry.resized(w, h, cfg.resize());
        int nw = size[0];
        int nh = size[1];
        int crop = cfg.crop();
        if (train) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int top = rnd.nextInt(nh - crop + 1);
            int left = rnd.nextInt(nw - crop + 1);
            return new Window(nw, nh, left, top, cfg.flip() && rnd.nextBoolean());
        }
        return new Window(
                nw, nh, TorchvisionGeometry.centreOffset(nw, crop), TorchvisionGeometry.centreOffset(nh, crop), false);
    }

    /** The view's 8-bit crop before flip and normalisation, in the source's channels. */
    public Pixels crop(Pixels src, Window win) {
        Pixels s = cfg.channels() == 1 ? src.toGray() : src;
        return ResizeCrop.apply(s, win.width(), win.height(), win.left(), win.top(), cfg.crop(), cfg.crop());
    }

    /** Resize, crop, flip, channel fix, normalise. */
    public float[] process(Pixels src, boolean train, long seed) {
        Window win = window(src.width(), src.height(), train, seed);
        Pixels r = crop(src, win);
        int crop = cfg.crop();
        int oc = cfg.channels();
        int ic = r.channels();
        byte[] d = r.data();
        float[] out = new float[oc * crop * crop];
        for (int c = 0; c < oc; c++) {
            float[] lut = normalised[c];
            int from = ic == 1 ? 0 : c;
            int plane = c * crop * crop;
            for (int y = 0; y < crop; y++) {
                int row = y * crop;
                int o = plane + row;
                if (win.flip()) {
                    for (int x = 0; x < crop; x++) {
                        out[o + x] = lut[d[(row + crop - 1 - x) * ic + from] & 0xff];
                    }
                } else {
                    for (int x = 0; x < crop; x++) {
                        out[o + x] = lut[d[(row + x) * ic + from] & 0xff];
                    }
                }
            }
        }
        return out;
    }
}
