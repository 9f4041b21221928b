package org.rambo.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end on a tiny synthetic VOC set: both classifier losses train under one protocol, the
 * run folders hold the same protocol, AP50 lies in [0, 1] with a value per class, a trained
 * cross-entropy detector beats chance on easy shapes, and a finished run is skipped.
 */
class DetectionExperimentTest {

    @Test
    void bothMethodsTrainAndEvaluateUnderOneProtocol() throws Exception {
        byte[] objects = new byte[2 * 784];
        for (int y = 6; y < 22; y++) {
            for (int x = 6; x < 22; x++) {
                objects[y * 28 + x] = (byte) 220;             // class 0: a filled square
            }
        }
        for (int y = 4; y < 24; y++) {
            objects[784 + y * 28 + 14] = (byte) 255;          // class 1: a vertical bar
            objects[784 + y * 28 + 13] = (byte) 255;
        }
        Path devkit = Files.createTempDirectory("tiny-voc");
        List<String> classes = SyntheticVoc.write(devkit, objects, new int[] {0, 1}, List.of("square", "bar"), 48, 16,
                64, 3);
        Path runs = Files.createTempDirectory("det-runs");
        DetectionConfig ce = new DetectionConfig("det-test", "synthetic-voc", devkit.toString(), "ce", 1, 64, 4, 8,
                3e-3, 0.5f, 0.15f, 7, 1f / 3, 0, 0);
        DetectionExperiment.Result a = DetectionExperiment.run(ce, classes, runs.resolve("ce"));
        DetectionExperiment.Result b = DetectionExperiment.run(ce.with("rambo-ap", 1), classes, runs.resolve("rambo"));
        for (DetectionExperiment.Result r : List.of(a, b)) {
            assertEquals("finished", r.status());
            assertTrue(r.ap50() >= 0 && r.ap50() <= 1 && r.ap50Voc07() >= 0 && r.ap50Voc07() <= 1, r.toString());
            assertEquals(2, r.perClass().size());
        }
        // 24 steps are enough to rise well above chance (random boxes score about 0.01)
        assertTrue(a.ap50() > 0.1, "cross-entropy should find easy shapes: AP50 " + a.ap50());
        ObjectMapper json = new ObjectMapper();
        JsonNode ca = json.readTree(runs.resolve("ce/config.json").toFile());
        JsonNode cb = json.readTree(runs.resolve("rambo/config.json").toFile());
        assertEquals(ca.get("protocol"), cb.get("protocol"), "one protocol, only the loss differs");
        JsonNode fin = json.readTree(runs.resolve("rambo/final.json").toFile());
        assertEquals("rambo-ap", fin.get("method").asText());
        assertTrue(fin.get("last").has("ap50_square") && fin.get("last").has("ap50_voc07"));
        assertEquals("skipped", DetectionExperiment.run(ce, classes, runs.resolve("ce")).status());
    }
}
