package org.rambo.harness.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.config.FoldSpec;
import org.rambo.harness.train.TrainingData;

/** Class-disjoint folds: the split of the classes by hand, and the fold's items against the whole data's. */
class FoldDataTest {

    /** Items labelled 7, 3, 9, 3, 5, 7, 1, 9; item i's one-pixel image is i (+100 when augmented). */
    static final class Labelled implements TrainingData {
        static final int[] LABELS = {7, 3, 9, 3, 5, 7, 1, 9};

        @Override
        public String name() {
            return "labelled";
        }

        @Override
        public String checksum() {
            return "x";
        }

        @Override
        public Shape imageShape() {
            return new Shape(1, 1, 1);
        }

        @Override
        public int[] trainLabels() {
            return LABELS.clone();
        }

        @Override
        public int[] trainSuperLabels() {
            return null;
        }

        @Override
        public float[] trainBatch(int[] indices, long seed) {
            float[] out = new float[indices.length];
            for (int i = 0; i < indices.length; i++) {
                out[i] = indices[i] + 100;
            }
            return out;
        }

        @Override
        public float[] trainImages(int[] indices) {
            float[] out = new float[indices.length];
            for (int i = 0; i < indices.length; i++) {
                out[i] = indices[i];
            }
            return out;
        }

        @Override
        public int[] evalLabels() {
            return new int[] {42};
        }

        @Override
        public int evalQueryCount() {
            return 0;
        }

        @Override
        public float[] evalImages(int from, int to) {
            return new float[] {-1};
        }

        @Override
        public int[] defaultKs() {
            return new int[] {1};
        }
    }

    @Test
    void classesAreCutIntoContiguousGroupsOfNearlyEqualSize() {
        // classes 1, 3, 5, 7, 9 in 2 folds: {1, 3, 5} and {7, 9}; in 3: {1, 3}, {5, 7}, {9}
        assertArrayEquals(new int[] {1, 3, 5}, FoldSplit.heldOutClasses(Labelled.LABELS, 2, 0));
        assertArrayEquals(new int[] {7, 9}, FoldSplit.heldOutClasses(Labelled.LABELS, 2, 1));
        assertArrayEquals(new int[] {1, 3}, FoldSplit.heldOutClasses(Labelled.LABELS, 3, 0));
        assertArrayEquals(new int[] {5, 7}, FoldSplit.heldOutClasses(Labelled.LABELS, 3, 1));
        assertArrayEquals(new int[] {9}, FoldSplit.heldOutClasses(Labelled.LABELS, 3, 2));
    }

    @Test
    void aFoldTrainsOnTheOtherClassesAndEvaluatesOnItsOwnWithoutAugmentation() {
        FoldData f = FoldData.of(new Labelled(), new FoldSpec(2, 1));
        // held out: classes 7 and 9 = items 0, 2, 5, 7; training: items 1, 3, 4, 6
        assertArrayEquals(new int[] {3, 3, 5, 1}, f.trainLabels());
        assertArrayEquals(new int[] {7, 9, 7, 9}, f.evalLabels());
        assertArrayEquals(new float[] {0, 2, 5, 7}, f.evalImages(0, 4));
        assertArrayEquals(new float[] {5, 7}, f.evalImages(2, 4));
        assertArrayEquals(new float[] {103, 106}, f.trainBatch(new int[] {1, 3}, 0));
        assertEquals(0, f.evalQueryCount());
    }

    @Test
    void moreFoldsThanClassesIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> FoldData.of(new Labelled(), new FoldSpec(6, 0)));
        assertEquals(
                "dataset.fold.of: 6 class-disjoint folds need at least 6 training classes; the training data has 5",
                e.getMessage());
    }
}
