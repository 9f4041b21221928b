package org.rambo.detection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.rambo.runfolder.RunFolderException;

/**
 * Measures the default detection pair by hand (not a test): writes the synthetic set from
 * Fashion-MNIST (train objects from the train split, test objects from t10k) and runs CE and
 * RaMBO under configs/detection.json.
 *
 * <pre>java -cp ... org.rambo.detection.SyntheticPairMain data/fashion-mnist OUT [numTrain numTest epochs seed]</pre>
 * (from the repository root).
 */
public final class SyntheticPairMain {

    static final String[] FASHION = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
    };

    public static void main(String[] args) throws IOException, RunFolderException {
        Path fm = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int numTrain = args.length > 2 ? Integer.parseInt(args[2]) : 800;
        int numTest = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int epochs = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 0;
        byte[] trainImages = idx(fm.resolve("train-images-idx3-ubyte.gz"), 16, 5000 * 784);
        int[] trainLabels = labels(fm.resolve("train-labels-idx1-ubyte.gz"), 5000);
        byte[] testImages = idx(fm.resolve("t10k-images-idx3-ubyte.gz"), 16, 2000 * 784);
        int[] testLabels = labels(fm.resolve("t10k-labels-idx1-ubyte.gz"), 2000);
        Path devkit = out.resolve("VOCdevkit");
        if (!Files.isRegularFile(devkit.resolve(SyntheticVoc.CLASSES_FILE))) {
            long t = System.nanoTime();
            SyntheticVoc.write(
                    devkit,
                    trainImages,
                    trainLabels,
                    testImages,
                    testLabels,
                    List.of(FASHION),
                    numTrain,
                    numTest,
                    64,
                    seed);
            System.err.printf("wrote %d + %d images in %.1f s%n", numTrain, numTest, (System.nanoTime() - t) / 1e9);
        }
        DetectionConfig base =
                TestConfigs.read(Path.of("configs", "detection.json")).withRoot(devkit);
        if (epochs > 0) {
            base = base.withData(base.data().withCaps(0, 0))
                    .withProtocol(base.protocol().withEpochs(epochs));
        }
        StringBuilder table = new StringBuilder("method | AP50 (area) | AP50 (VOC07) | wall s | step ms\n");
        for (String method : DetectionConfig.METHODS) {
            DetectionConfig c = base.with(method, seed);
            DetectionResult r = DetectionRun.run(c, out.resolve("runs").resolve(c.folderName()));
            table.append(String.format(
                    "%s | %.4f | %.4f | %.1f | %.0f | %s%n",
                    method, r.ap50(), r.ap50Voc07(), r.wallSeconds(), r.meanStepMs(), r.apPerClass()));
        }
        System.out.print(table);
    }

    static byte[] idx(Path file, int header, int bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            in.readNBytes(header);
            return in.readNBytes(bytes);
        }
    }

    static int[] labels(Path file, int n) throws IOException {
        byte[] b = idx(file, 8, n);
        int[] l = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            l[i] = b[i];
        }
        return l;
    }

    private SyntheticPairMain() {}
}
