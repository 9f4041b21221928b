package org.rambo.detect;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The default synthetic pair on real Fashion-MNIST objects (manual, not part of the suite):
 * {@code mvn -o -q test -pl detection -Dtest=FashionMnistBench -Ddetect.fmnist=data/fashion-mnist
 * [-Ddetect.out=/tmp/detect-bench]}.
 */
class FashionMnistBench {

    static {
        TestThreads.pin();
    }

    static final List<String> NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    @org.junit.jupiter.api.Test
    void pair() throws IOException {
        String src = System.getProperty("detect.fmnist");
        org.junit.jupiter.api.Assumptions.assumeTrue(src != null);
        Path dir = Path.of(src);
        byte[] images = idx(dir.resolve("t10k-images-idx3-ubyte.gz"), 16);
        byte[] labelBytes = idx(dir.resolve("t10k-labels-idx1-ubyte.gz"), 8);
        int[] labels = new int[labelBytes.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labelBytes[i];
        }
        Path out = Path.of(System.getProperty("detect.out", Files.createTempDirectory("detect-bench").toString()));
        DetectionConfig config = DetectionConfig.synthetic();
        long t0 = System.nanoTime();
        SyntheticVoc.write(out.resolve("data"), images, labels, NAMES, Integer.getInteger("detect.train", 600),
                Integer.getInteger("detect.test", 200), config.imageSize(), 1);
        System.out.printf("data written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        config = config.withDataRoot(out.resolve("data/VOCdevkit").toString())
                .withEpochs(Integer.getInteger("detect.epochs", config.epochs()));
        for (DetectionResult r : DetectionExperiment.runPair(config, out.resolve("runs"))) {
            System.out.printf("%s ap50 %.4f voc07 %.4f wall %.1f s per class %s%n", r.method(), r.ap50(),
                    r.ap50Voc07(), r.wallSeconds(), r.perClassAp50());
        }
    }

    private static byte[] idx(Path gz, int header) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(gz)))) {
            byte[] all = in.readAllBytes();
            return java.util.Arrays.copyOfRange(all, header, all.length);
        }
    }
}
