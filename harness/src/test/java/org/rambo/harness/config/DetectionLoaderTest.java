package org.rambo.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.detection.DetectionConfig;

/**
 * Detection configs in the grids' nested snake_case layout, and the first flat camelCase files
 * (copies of the committed configs as they were, under test resources detection-flat/) still read
 * to the same run, with one note naming the new keys.
 */
class DetectionLoaderTest {

    private static final Path CONFIGS = Path.of("..", "configs");
    private static final Path FLAT = Path.of("src", "test", "resources", "detection-flat");

    /** Every key of the first layout, in its files' order, with its new name. */
    private static final String ALL_MOVED = "dataset -> dataset.name, root -> dataset.root, classes -> dataset.classes,"
            + " backbone -> protocol.backbone, imageSize -> protocol.image_size, anchorSizes -> protocol.anchors.sizes,"
            + " anchorRatios -> protocol.anchors.ratios, matchIou -> protocol.anchors.match_iou,"
            + " epochs -> protocol.epochs, batchSize -> protocol.batch_size, learningRate -> protocol.learning_rate,"
            + " lambda -> rambo.lambda, margin -> rambo.margin, marginNoise -> rambo.margin_noise,"
            + " memory -> rambo.memory, apcWeight -> rambo.apc_weight, rankedScores -> rambo.ranked_scores,"
            + " maxTrain -> dataset.max_train, maxTest -> dataset.max_test";

    private static DetectionConfig read(Path file, List<String> notes, String... sets) {
        return DetectionLoader.read(file, List.of(sets), notes::add).value();
    }

    @Test
    void theNestedLayoutReadsWithoutANoteAndGivesTheRunFoldersOfBefore() {
        List<String> notes = new ArrayList<>();
        DetectionConfig c = read(CONFIGS.resolve("detection.json"), notes);
        assertEquals(List.of(), notes);
        assertEquals("detection-synthetic", c.grid());
        assertEquals("synthetic-voc", c.dataset());
        assertEquals("data/synthetic-voc/VOCdevkit", c.root());
        assertEquals(List.of(List.of(0.2f, 0.3f), List.of(0.45f, 0.6f)), c.anchorSizes());
        assertEquals(List.of(1.0f, 2.0f, 0.5f), c.anchorRatios());
        assertEquals(0.5f, c.matchIou());
        assertEquals(8, c.epochs());
        assertEquals(16, c.batchSize());
        assertEquals(0.002, c.learningRate());
        assertEquals(4.0f, c.lambda());
        assertEquals(0.33333334f, c.apcWeight());
        assertEquals("cpu", c.device());
        // config.json as the flat files gave it (its bytes are pinned in DetectionRunTest): the runs' folders
        assertEquals("ce-s0-f73f5315ecbb", c.folderName());
        assertEquals("rambo-ap-s0-b6e451301538", c.with("rambo-ap", 0).folderName());
        assertEquals(
                "rambo-ap-s1-4b9604a76993",
                read(CONFIGS.resolve("detection-lambda05.json"), notes)
                        .with("rambo-ap", 1)
                        .folderName());
    }

    @Test
    void theFlatCamelCaseFilesReadAsTheSameRunsWithOneNote() {
        for (String name : List.of("detection.json", "detection-lambda05.json", "voc.json")) {
            Path flat = FLAT.resolve(name);
            List<String> notes = new ArrayList<>();
            DetectionConfig old = read(flat, notes);
            DetectionConfig now = read(
                    name.equals("voc.json") ? CONFIGS.resolve("paper/voc.json") : CONFIGS.resolve(name), List.of());
            assertEquals(now, old, name);
            assertEquals(
                    now.with("rambo-ap", 2).canonicalJson(),
                    old.with("rambo-ap", 2).canonicalJson(),
                    name);
            String moved = name.equals("voc.json") ? ALL_MOVED + ", device -> protocol.device" : ALL_MOVED;
            assertEquals(
                    List.of(flat + ": old detection config keys, read as the new ones: " + moved
                            + " (configs/detection.json shows the new layout)"),
                    notes,
                    name);
        }
    }

    @Test
    void aFlatFileKeepsTheLinesOfItsKeysAndTakesNewSetKeys(@TempDir Path dir) throws Exception {
        String json = Files.readString(FLAT.resolve("detection.json"));
        Path small = Files.writeString(dir.resolve("old.json"), json.replace("\"imageSize\": 64", "\"imageSize\": 30"));
        ConfigException e = assertThrows(ConfigException.class, () -> read(small, new ArrayList<>()));
        assertEquals(small + ":9: protocol.image_size must be a multiple of 16, >= 32, got 30", e.getMessage());
        Path typo = Files.writeString(dir.resolve("typo.json"), json.replace("\"epochs\"", "\"epoch\""));
        assertEquals(
                typo + ":13: unknown key 'epoch'; valid keys here: dataset, grid, method, protocol, rambo, seed",
                assertThrows(ConfigException.class, () -> read(typo, new ArrayList<>()))
                        .getMessage());
        assertEquals(
                2,
                read(FLAT.resolve("detection.json"), new ArrayList<>(), "protocol.epochs=2")
                        .epochs());
    }

    @Test
    void anOldKeyInSetIsRefusedNamingTheNewKey() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> read(CONFIGS.resolve("detection.json"), new ArrayList<>(), "imageSize=128"));
        assertEquals(
                "--set imageSize=128: 'imageSize' is a key of the old detection layout; set protocol.image_size",
                e.getMessage());
    }
}
