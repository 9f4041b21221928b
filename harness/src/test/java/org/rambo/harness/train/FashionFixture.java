package org.rambo.harness.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A tiny Fashion-MNIST tree in the real IDX format (raw, uncompressed): per class a bright
 * bar whose row and thickness depend on the class, plus noise, so a small CNN can learn it.
 */
final class FashionFixture {

    private FashionFixture() {}

    static Path write(Path dir, int trainPerClass, int testPerClass, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        writePair(dir, "train", trainPerClass, random);
        writePair(dir, "t10k", testPerClass, random);
        return dir;
    }

    private static void writePair(Path dir, String prefix, int perClass, Random random) throws IOException {
        int n = perClass * 10;
        ByteBuffer images = ByteBuffer.allocate(16 + n * 784);
        images.putInt(0x00000803).putInt(n).putInt(28).putInt(28);
        ByteBuffer labels = ByteBuffer.allocate(8 + n);
        labels.putInt(0x00000801).putInt(n);
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            labels.put((byte) c);
            for (int r = 0; r < 28; r++) {
                for (int col = 0; col < 28; col++) {
                    boolean bar = r >= 2 + 2 * c && r < 4 + 2 * c + (c % 3) && col > 3 + random.nextInt(3);
                    int v = bar ? 200 + random.nextInt(56) : random.nextInt(60);
                    images.put((byte) v);
                }
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.array());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
    }
}
