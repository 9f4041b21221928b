package org.rambo.harness.train;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.rambo.harness.config.DatasetSpec;
import org.rambo.harness.config.ProtocolSpec;
import org.rambo.harness.data.FashionMnist;

/**
 * Fashion-MNIST for the default grid: train on classes 0-4, evaluate retrieval on the unseen
 * classes 5-9 (the zero-shot design of CUB's 100/100 split). Pixels are scaled to [0, 1] and
 * standardised with the dataset's mean and deviation; training flips are seeded per batch.
 */
public final class FashionMnistData implements TrainingData {

    /** Mean and standard deviation of Fashion-MNIST pixels in [0, 1]. */
    private static final float MEAN = 0.2860f;

    private static final float STD = 0.3530f;

    private final FashionMnist mnist;
    private final int[] train;
    private final int[] trainLabels;
    private final int[] eval;
    private final int[] evalLabels;
    private final int channels;
    private final boolean flip;

    public FashionMnistData(DatasetSpec spec, ProtocolSpec protocol, Path baseDir) {
        if (protocol.image().crop() != FashionMnist.ROWS || protocol.image().resize() != FashionMnist.ROWS) {
            throw new IllegalArgumentException(
                    "fashion-mnist images are 28x28: set protocol.image.resize and " + "protocol.image.crop to 28");
        }
        this.mnist = FashionMnist.load(baseDir.resolve(spec.root()), spec.verifyChecksums());
        int trainClasses = FashionMnist.FIRST_TEST_CLASS;
        int evalClasses = FashionMnist.CLASSES - trainClasses;
        int[] t = mnist.trainIndices();
        int[] e = mnist.testIndices();
        this.train = spec.maxTrain() > 0 ? mnist.perClassLimit(t, Math.max(1, spec.maxTrain() / trainClasses)) : t;
        this.eval = spec.maxEval() > 0 ? mnist.perClassLimit(e, Math.max(1, spec.maxEval() / evalClasses)) : e;
        this.trainLabels = mnist.labelsOf(train);
        this.evalLabels = mnist.labelsOf(eval);
        this.channels = protocol.image().channels();
        this.flip = protocol.image().flip();
    }

    @Override
    public String name() {
        return "fashion-mnist";
    }

    @Override
    public String checksum() {
        return mnist.checksum();
    }

    @Override
    public Shape imageShape() {
        return new Shape(channels, FashionMnist.ROWS, FashionMnist.COLS);
    }

    @Override
    public int[] trainLabels() {
        return trainLabels.clone();
    }

    @Override
    public int[] trainSuperLabels() {
        return null;
    }

    @Override
    public float[] trainBatch(int[] indices, long augmentationSeed) {
        SplittableRandom random = new SplittableRandom(augmentationSeed);
        float[] out = new float[indices.length * channels * FashionMnist.PIXELS];
        for (int i = 0; i < indices.length; i++) {
            boolean mirror = flip && random.nextBoolean();
            write(train[indices[i]], mirror, out, i);
        }
        return out;
    }

    @Override
    public float[] trainImages(int[] indices) {
        float[] out = new float[indices.length * channels * FashionMnist.PIXELS];
        for (int i = 0; i < indices.length; i++) {
            write(train[indices[i]], false, out, i);
        }
        return out;
    }

    @Override
    public int[] evalLabels() {
        return evalLabels.clone();
    }

    @Override
    public int evalQueryCount() {
        return 0;
    }

    @Override
    public float[] evalImages(int from, int to) {
        float[] out = new float[(to - from) * channels * FashionMnist.PIXELS];
        for (int i = from; i < to; i++) {
            write(eval[i], false, out, i - from);
        }
        return out;
    }

    @Override
    public int[] defaultKs() {
        return new int[] {1, 2, 4, 8};
    }

    private void write(int item, boolean mirror, float[] out, int slot) {
        byte[] pixels = mnist.images();
        int src = item * FashionMnist.PIXELS;
        int plane = FashionMnist.PIXELS;
        for (int r = 0; r < FashionMnist.ROWS; r++) {
            for (int c = 0; c < FashionMnist.COLS; c++) {
                int sc = mirror ? FashionMnist.COLS - 1 - c : c;
                float v = ((pixels[src + r * FashionMnist.COLS + sc] & 0xff) / 255f - MEAN) / STD;
                for (int ch = 0; ch < channels; ch++) {
                    out[(slot * channels + ch) * plane + r * FashionMnist.COLS + c] = v;
                }
            }
        }
    }
}
