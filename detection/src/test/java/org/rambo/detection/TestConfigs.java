package org.rambo.detection;

import java.nio.file.Path;

/** The shipped detection configs, read from the repository's configs/ folder (tests run in the module folder). */
final class TestConfigs {

    static final Path CONFIGS = Path.of("..", "configs");

    private TestConfigs() {}

    /** configs/detection.json: the CPU default on the synthetic set. */
    static DetectionConfig synthetic() {
        return DetectionConfig.read(CONFIGS.resolve("detection.json"));
    }

    /** configs/paper/voc.json: the paper's VOC protocol. */
    static DetectionConfig vocPaper() {
        return DetectionConfig.read(CONFIGS.resolve("paper").resolve("voc.json"));
    }
}
