package org.rambo.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.detection.DetectionConfig;

/** The loader any config record can use (here the detection config: JSON, camelCase keys, its own checks). */
class ConfigLoaderTest {

    private static final Path DETECTION = Path.of("..", "configs", "detection.json");
    private static final String KEYS =
            "anchorRatios, anchorSizes, apcWeight, backbone, batchSize, classes, dataset, device,"
                    + " epochs, grid, imageSize, lambda, learningRate, margin, marginNoise, matchIou, maxTest, maxTrain,"
                    + " memory, method, rankedScores, root, seed";

    private static String error(Path file, String... sets) {
        return assertThrows(
                        ConfigException.class,
                        () -> ConfigLoader.load(file, DetectionConfig.class, new ObjectMapper(), List.of(sets)))
                .getMessage();
    }

    @Test
    void setAppliesToAnyConfigRecord() {
        DetectionConfig c = ConfigLoader.load(
                DETECTION,
                DetectionConfig.class,
                new ObjectMapper(),
                List.of("epochs=1", "method=rambo-ap", "anchorRatios=[1.0]"));
        assertEquals(1, c.epochs());
        assertEquals("rambo-ap", c.method());
        assertEquals(List.of(1.0f), c.anchorRatios());
        assertEquals(DetectionConfig.read(DETECTION).imageSize(), c.imageSize());
    }

    @Test
    void errorsNameTheSetOrTheLine(@TempDir Path dir) throws Exception {
        assertEquals("--set epoch=1: unknown key 'epoch'; valid keys here: " + KEYS, error(DETECTION, "epoch=1"));
        assertEquals(
                "--set imageSize=30: imageSize must be a multiple of 16, >= 32, got 30",
                error(DETECTION, "imageSize=30"));
        String json = Files.readString(DETECTION);
        Path twice = Files.writeString(
                dir.resolve("twice.json"), json.replace("\"epochs\": 8,", "\"epochs\": 8,\n  \"epochs\": 9,"));
        int line = 1
                + (int) json.substring(0, json.indexOf("\"epochs\""))
                        .chars()
                        .filter(ch -> ch == '\n')
                        .count();
        assertEquals(
                twice + ":" + (line + 1) + ": key 'epochs' is given twice (first at " + twice + ":" + line + ")",
                error(twice));
        Path typo = Files.writeString(dir.resolve("typo.json"), json.replace("\"epochs\"", "\"epoch\""));
        assertEquals(typo + ":" + line + ": unknown key 'epoch'; valid keys here: " + KEYS, error(typo));
        // the record's own check names its key in words: the line of that key
        int sizeLine = 1
                + (int) json.substring(0, json.indexOf("\"imageSize\""))
                        .chars()
                        .filter(ch -> ch == '\n')
                        .count();
        Path small =
                Files.writeString(dir.resolve("small.json"), json.replace("\"imageSize\": 64", "\"imageSize\": 30"));
        assertEquals(small + ":" + sizeLine + ": imageSize must be a multiple of 16, >= 32, got 30", error(small));
    }
}
