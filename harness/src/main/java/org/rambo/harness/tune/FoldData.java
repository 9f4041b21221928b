package org.rambo.harness.tune;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.rambo.harness.config.FoldSpec;
import org.rambo.harness.train.TrainingData;

/**
 * A dataset's training items split by a class-disjoint fold: training on the items of the
 * other folds' classes, retrieval evaluated on the held-out fold's items (without augmentation).
 * The dataset's own evaluation (test) classes are not touched.
 */
public final class FoldData implements TrainingData {

    private final TrainingData whole;
    private final int[] train;
    private final int[] eval;
    private final int[] trainLabels;
    private final int[] evalLabels;
    private final int[] trainSuperLabels;

    private FoldData(TrainingData whole, int[] train, int[] eval) {
        this.whole = whole;
        this.train = train;
        this.eval = eval;
        int[] labels = whole.trainLabels();
        int[] supers = whole.trainSuperLabels();
        this.trainLabels = Arrays.stream(train).map(i -> labels[i]).toArray();
        this.evalLabels = Arrays.stream(eval).map(i -> labels[i]).toArray();
        this.trainSuperLabels =
                supers == null ? null : Arrays.stream(train).map(i -> supers[i]).toArray();
    }

    /** The fold of the whole data's training items; closing it closes the whole data. */
    public static FoldData of(TrainingData whole, FoldSpec fold) {
        int[] labels = whole.trainLabels();
        int[] held = FoldSplit.heldOutClasses(labels, fold.of(), fold.index());
        boolean[] out = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = Arrays.binarySearch(held, labels[i]) >= 0;
        }
        return new FoldData(
                whole,
                IntStream.range(0, labels.length).filter(i -> !out[i]).toArray(),
                IntStream.range(0, labels.length).filter(i -> out[i]).toArray());
    }

    @Override
    public String name() {
        return whole.name();
    }

    @Override
    public String checksum() {
        return whole.checksum();
    }

    @Override
    public Shape imageShape() {
        return whole.imageShape();
    }

    @Override
    public int[] trainLabels() {
        return trainLabels.clone();
    }

    @Override
    public int[] trainSuperLabels() {
        return trainSuperLabels == null ? null : trainSuperLabels.clone();
    }

    @Override
    public float[] trainBatch(int[] indices, long augmentationSeed) {
        return whole.trainBatch(Arrays.stream(indices).map(i -> train[i]).toArray(), augmentationSeed);
    }

    @Override
    public float[] trainImages(int[] indices) {
        return whole.trainImages(Arrays.stream(indices).map(i -> train[i]).toArray());
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
        return whole.trainImages(Arrays.copyOfRange(eval, from, to));
    }

    @Override
    public int[] defaultKs() {
        return whole.defaultKs();
    }

    @Override
    public void close() {
        whole.close();
    }
}
