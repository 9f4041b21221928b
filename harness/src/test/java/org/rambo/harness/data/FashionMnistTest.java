package org.rambo.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    /** A tiny Fashion-MNIST in the real IDX format: 12 "train" + 8 "test" images. */
    static final class Fixture {
        final byte[] trainImages = new byte[12 * 784];
        final byte[] testImages = new byte[8 * 784];
        final byte[] trainLabels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 5};
        final byte[] testLabels = {9, 8, 7, 6, 0, 1, 2, 3};

        Fixture(long seed) {
            Random r = new Random(seed);
            r.nextBytes(trainImages);
            r.nextBytes(testImages);
        }

        void write(Path dir, boolean gz) throws IOException {
            String s = gz ? ".gz" : "";
            Idx.write(dir.resolve(FashionMnist.TRAIN_IMAGES + s), new int[] {12, 28, 28}, trainImages);
            Idx.write(dir.resolve(FashionMnist.TRAIN_LABELS + s), new int[] {12}, trainLabels);
            Idx.write(dir.resolve(FashionMnist.TEST_IMAGES + s), new int[] {8, 28, 28}, testImages);
            Idx.write(dir.resolve(FashionMnist.TEST_LABELS + s), new int[] {8}, testLabels);
        }
    }

    @Test
    void loadsPooledImagesLabelsAndClassDisjointSplit(@TempDir Path dir) throws IOException {
        Fixture f = new Fixture(1);
        f.write(dir, true);
        FashionMnist fm = FashionMnist.load(dir, false);
        assertEquals(20, fm.size());
        assertEquals(12, fm.officialTrainCount());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 5, 9, 8, 7, 6, 0, 1, 2, 3}, fm.labels());
        assertArrayEquals(Arrays.copyOfRange(f.trainImages, 784, 2 * 784), fm.image(1));
        assertArrayEquals(Arrays.copyOfRange(f.testImages, 3 * 784, 4 * 784), fm.image(15));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 10, 16, 17, 18, 19}, fm.trainIndices());
        assertArrayEquals(new int[] {5, 6, 7, 8, 9, 11, 12, 13, 14, 15}, fm.testIndices());
        assertArrayEquals(new int[] {5, 9, 8}, fm.labelsOf(new int[] {5, 12, 13}));
        byte[] two = fm.imagesOf(new int[] {15, 1});
        assertArrayEquals(fm.image(15), Arrays.copyOfRange(two, 0, 784));
        assertArrayEquals(fm.image(1), Arrays.copyOfRange(two, 784, 1568));
    }

    @Test
    void perClassLimitKeepsTheFirstOfEachClass(@TempDir Path dir) throws IOException {
        new Fixture(1).write(dir, false);
        FashionMnist fm = FashionMnist.load(dir, false);
        // test classes 5..9: indices 5(5) 6(6) 7(7) 8(8) 9(9) 11(5) 12(9) 13(8) 14(7) 15(6)
        assertArrayEquals(new int[] {5, 6, 7, 8, 9}, fm.perClassLimit(fm.testIndices(), 1));
        assertArrayEquals(fm.testIndices(), fm.perClassLimit(fm.testIndices(), 2));
    }

    @Test
    void gzAndRawGiveTheSameDataAndChecksum(@TempDir Path dir) throws IOException {
        Fixture f = new Fixture(2);
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        f.write(a, true);
        f.write(b, false);
        FashionMnist x = FashionMnist.load(a, false);
        FashionMnist y = FashionMnist.load(b, false);
        assertArrayEquals(x.images(), y.images());
        assertEquals(x.checksum(), y.checksum());
        // checksum = SHA-256 over "name sha\n" lines of the decompressed files, in fixed order
        StringBuilder sb = new StringBuilder();
        for (String name : FashionMnist.EXPECTED_SHA256.keySet()) {
            sb.append(name)
                    .append(' ')
                    .append(Idx.sha256(Files.readAllBytes(b.resolve(name))))
                    .append('\n');
        }
        assertEquals(Idx.sha256(sb.toString().getBytes()), x.checksum());
        assertEquals(64, x.checksum().length());
    }

    @Test
    void verificationRejectsFilesWithOtherDigests(@TempDir Path dir) throws IOException {
        new Fixture(3).write(dir, true);
        DataException e = assertThrows(DataException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains(FashionMnist.TRAIN_IMAGES + ".gz"), e.getMessage());
        assertTrue(e.getMessage().contains("c59f468a"), e.getMessage());
    }

    @Test
    void badInputsNameTheFile(@TempDir Path dir) throws IOException {
        Fixture f = new Fixture(4);
        f.write(dir, false);
        Files.delete(dir.resolve(FashionMnist.TEST_LABELS));
        DataException missing = assertThrows(DataException.class, () -> FashionMnist.load(dir, false));
        assertTrue(missing.getMessage().contains(FashionMnist.TEST_LABELS), missing.getMessage());

        Idx.write(dir.resolve(FashionMnist.TEST_LABELS), new int[] {8}, new byte[] {1, 2, 3, 4, 5, 6, 7, 10});
        DataException label = assertThrows(DataException.class, () -> FashionMnist.load(dir, false));
        assertTrue(label.getMessage().contains("label 10 of item 7"), label.getMessage());

        Idx.write(dir.resolve(FashionMnist.TEST_LABELS), new int[] {7}, new byte[7]);
        DataException count = assertThrows(DataException.class, () -> FashionMnist.load(dir, false));
        assertTrue(count.getMessage().contains("7 labels but"), count.getMessage());

        byte[] whole = Files.readAllBytes(dir.resolve(FashionMnist.TRAIN_IMAGES));
        Files.write(dir.resolve(FashionMnist.TRAIN_IMAGES), Arrays.copyOf(whole, whole.length - 5));
        DataException trunc = assertThrows(DataException.class, () -> FashionMnist.load(dir, false));
        assertTrue(
                trunc.getMessage()
                        .startsWith(dir.resolve(FashionMnist.TRAIN_IMAGES).toString()),
                trunc.getMessage());
        assertTrue(trunc.getMessage().contains("truncated"), trunc.getMessage());

        assertThrows(DataException.class, () -> FashionMnist.load(dir.resolve("nope")));
    }

    /** The real dataset, when data-scripts/fetch-fashion-mnist.sh has been run (make data). */
    @Test
    void realDatasetWhenPresent() {
        Path dir = Path.of("..", "data", "fashion-mnist");
        Assumptions.assumeTrue(Files.isDirectory(dir), "data/fashion-mnist not fetched");
        FashionMnist fm = FashionMnist.load(dir);
        assertEquals(70_000, fm.size());
        assertEquals(60_000, fm.officialTrainCount());
        int[] counts = new int[10];
        for (int l : fm.labels()) {
            counts[l]++;
        }
        for (int c : counts) {
            assertEquals(7_000, c);
        }
        assertEquals(35_000, fm.trainIndices().length);
        assertEquals(35_000, fm.testIndices().length);
        // first training image is an ankle boot (label 9) in the official release
        assertEquals(9, fm.label(0));
    }
}
