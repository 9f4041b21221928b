package org.rambo.detection;

import java.io.IOException;
import java.nio.file.Path;

/** A tiny synthetic VOC tree (three easy shapes) and a short config on it, for end-to-end runs. */
final class TinyDetection {

    private TinyDetection() {}

    /** Writes {@code train} + {@code test} 64-px images of a square, a bar and a ring under {@code devkit}. */
    static Path devkit(Path devkit, int train, int test) {
        SyntheticVoc.write(
                devkit,
                DetectionPairTest.shapes(),
                new int[] {0, 1, 2},
                new String[] {"Square", "Bar", "Ring"},
                train,
                test,
                64,
                3);
        return devkit;
    }

    /** configs/detection.json on that tree: the given method and epochs, batch 8. */
    static DetectionConfig config(Path devkit, String method, int epochs) {
        DetectionConfig c = TestConfigs.synthetic().withRoot(devkit).with(method, 5);
        return c.withData(c.data().withCaps(0, 0))
                .withProtocol(c.protocol().withEpochs(epochs).withBatchSize(8));
    }

    /** The config as a JSON file a child process can read. */
    static Path write(DetectionConfig c, Path file) throws IOException {
        return TestConfigs.write(c, file);
    }
}
