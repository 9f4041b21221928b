package org.rambo.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.detection.DetectionConfig;

/** The loader any config record goes through (here the detection config: JSON, nested blocks, its own checks). */
class ConfigLoaderTest {

    private static final Path DETECTION = Path.of("..", "configs", "detection.json");
    private static final String PROTOCOL_KEYS =
            "anchors, backbone, batch_size, device, epochs, image_size, learning_rate";

    private static String error(Path file, String... sets) {
        return assertThrows(ConfigException.class, () -> DetectionLoader.read(file, List.of(sets), note -> {}))
                .getMessage();
    }

    /** The 1-based line of the first occurrence of {@code text} in {@code json}. */
    private static int line(String json, String text) {
        return 1
                + (int) json.substring(0, json.indexOf(text))
                        .chars()
                        .filter(ch -> ch == '\n')
                        .count();
    }

    @Test
    void setAppliesToAnyConfigRecord() {
        DetectionConfig c = DetectionLoader.read(
                        DETECTION,
                        List.of("protocol.epochs=1", "method=rambo-ap", "protocol.anchors.ratios=[1.0]"),
                        note -> {})
                .value();
        assertEquals(1, c.epochs());
        assertEquals("rambo-ap", c.method());
        assertEquals(List.of(1.0f), c.anchorRatios());
        assertEquals(64, c.imageSize());
    }

    @Test
    void errorsNameTheSetOrTheLine(@TempDir Path dir) throws Exception {
        assertEquals(
                "--set protocol.epoch=1: unknown key 'protocol.epoch'; valid keys here: " + PROTOCOL_KEYS,
                error(DETECTION, "protocol.epoch=1"));
        assertEquals(
                "--set protocol.image_size=30: protocol.image_size must be a multiple of 16, >= 32, got 30",
                error(DETECTION, "protocol.image_size=30"));
        String json = Files.readString(DETECTION);
        int epochs = line(json, "\"epochs\"");
        Path twice = Files.writeString(
                dir.resolve("twice.json"), json.replace("\"epochs\": 8,", "\"epochs\": 8,\n    \"epochs\": 9,"));
        assertEquals(
                twice + ":" + (epochs + 1) + ": key 'protocol.epochs' is given twice (first at " + twice + ":" + epochs
                        + ")",
                error(twice));
        Path typo = Files.writeString(dir.resolve("typo.json"), json.replace("\"epochs\"", "\"epoch\""));
        assertEquals(
                typo + ":" + epochs + ": unknown key 'protocol.epoch'; valid keys here: " + PROTOCOL_KEYS, error(typo));
        // the record's own check names its key in words: the line of that key
        Path small =
                Files.writeString(dir.resolve("small.json"), json.replace("\"image_size\": 64", "\"image_size\": 30"));
        assertEquals(
                small + ":" + line(json, "\"image_size\"")
                        + ": protocol.image_size must be a multiple of 16, >= 32, got 30",
                error(small));
        Path scores = Files.writeString(
                dir.resolve("scores.json"),
                json.replace("\"ranked_scores\": \"log-odds\"", "\"ranked_scores\": \"logits\""));
        assertEquals(
                scores + ":" + line(json, "\"ranked_scores\"")
                        + ": rambo.ranked_scores must be log-odds, log-softmax or softmax, got logits",
                error(scores));
    }
}
