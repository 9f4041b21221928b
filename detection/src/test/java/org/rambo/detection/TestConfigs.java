package org.rambo.detection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The shipped detection configs, read from the repository's configs/ folder (tests run in the module folder). */
final class TestConfigs {

    static final Path CONFIGS = Path.of("..", "configs");

    /** The config files' layout: nested blocks, snake_case keys. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private TestConfigs() {}

    /** configs/detection.json: the CPU default on the synthetic set. */
    static DetectionConfig synthetic() {
        return read(CONFIGS.resolve("detection.json"));
    }

    /** configs/paper/voc.json: the paper's VOC protocol. */
    static DetectionConfig vocPaper() {
        return read(CONFIGS.resolve("paper").resolve("voc.json"));
    }

    static DetectionConfig read(Path file) {
        try {
            return JSON.readValue(file.toFile(), DetectionConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config as a file in the configs' layout, for a child process to read. */
    static Path write(DetectionConfig c, Path file) throws IOException {
        JSON.writeValue(file.toFile(), c);
        return file;
    }
}
