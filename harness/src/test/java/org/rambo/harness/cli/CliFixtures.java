package org.rambo.harness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.rambo.harness.data.FashionMnist;
import org.rambo.harness.data.Idx;

/** Datasets for the command-line tests, in the real on-disk formats. */
final class CliFixtures {

    private CliFixtures() {}

    /**
     * A Fashion-MNIST tree (four raw IDX files): per class a bright bar whose rows depend on the
     * class, on background noise; {@code flipped} is the share of images whose bar is drawn at
     * another class's rows, so the classes overlap and the retrieval metrics are not all 1.
     */
    static Path fashion(Path dir, int trainPerClass, int testPerClass, double flipped, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        write(dir, FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, trainPerClass, flipped, random);
        write(dir, FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS, testPerClass, flipped, random);
        return dir;
    }

    private static void write(
            Path dir, String imagesName, String labelsName, int perClass, double flipped, Random random)
            throws IOException {
        int n = perClass * FashionMnist.CLASSES;
        byte[] images = new byte[n * FashionMnist.PIXELS];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = i % FashionMnist.CLASSES;
            labels[i] = (byte) c;
            int drawn = random.nextDouble() < flipped ? random.nextInt(FashionMnist.CLASSES) : c;
            for (int r = 0; r < FashionMnist.ROWS; r++) {
                for (int col = 0; col < FashionMnist.COLS; col++) {
                    boolean bar = r >= 2 + 2 * drawn && r < 4 + 2 * drawn + (drawn % 3) && col > 3 + random.nextInt(3);
                    images[i * FashionMnist.PIXELS + r * FashionMnist.COLS + col] =
                            (byte) (bar ? 200 + random.nextInt(56) : random.nextInt(60));
                }
            }
        }
        Idx.write(dir.resolve(imagesName), new int[] {n, FashionMnist.ROWS, FashionMnist.COLS}, images);
        Idx.write(dir.resolve(labelsName), new int[] {n}, labels);
    }
}
