package org.rambo.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end on a tiny synthetic VOC set: both classifier losses train under one protocol, the
 * run folders hold the same protocol, AP50 lies in [0, 1] with a value per class, a trained
 * cross-entropy detector beats chance on easy shapes, and a finished run is read back, not rerun.
 */
class DetectionPairTest {

    /** Class 0: a filled square; class 1: a vertical bar; class 2: a ring. */
    static List<byte[]> shapes() {
        List<byte[]> objects = new ArrayList<>();
        byte[] square = new byte[784];
        byte[] bar = new byte[784];
        byte[] ring = new byte[784];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if (y >= 6 && y < 22 && x >= 6 && x < 22) {
                    square[y * 28 + x] = (byte) 220;
                }
                if (y >= 2 && y < 26 && x >= 11 && x < 17) {
                    bar[y * 28 + x] = (byte) 255;
                }
                double r = Math.hypot(x - 13.5, y - 13.5);
                if (r > 7 && r < 12) {
                    ring[y * 28 + x] = (byte) 200;
                }
            }
        }
        objects.add(square);
        objects.add(bar);
        objects.add(ring);
        return objects;
    }

    @Test
    void bothMethodsTrainAndEvaluateUnderOneProtocol() throws Exception {
        Path devkit = Files.createTempDirectory("tiny-voc");
        List<String> classes = SyntheticVoc.write(
                devkit, shapes(), new int[] {0, 1, 2}, new String[] {"Square", "Bar", "Ring"}, 64, 16, 64, 3);
        assertEquals(List.of("square", "bar", "ring"), classes);
        Path runs = Files.createTempDirectory("det-runs");
        DetectionConfig synthetic = TestConfigs.synthetic().withRoot(devkit);
        DetectionConfig ce = synthetic.withProtocol(synthetic.protocol().withEpochs(5));
        DetectionResult a = DetectionRun.run(ce, runs.resolve("ce"));
        DetectionResult b = DetectionRun.run(ce.with("rambo-ap", 0), runs.resolve("rambo"));
        for (DetectionResult r : List.of(a, b)) {
            assertEquals("finished", r.status());
            assertTrue(r.ap50() >= 0 && r.ap50() <= 1 && r.ap50Voc07() >= 0 && r.ap50Voc07() <= 1, r.toString());
            assertEquals(classes, List.copyOf(r.apPerClass().keySet()));
            assertEquals(64, r.trainImages());
            assertEquals(16, r.testImages());
        }
        System.err.println("tiny synthetic: ce " + a + "\nrambo " + b);
        // random boxes score about 0.01; 20 steps of cross-entropy find easy shapes well above that
        assertTrue(a.ap50() > 0.2, "cross-entropy should find easy shapes: AP50 " + a.ap50());
        // RaMBO's blackbox gradient is sparse and learns more slowly: its classifier loss must fall
        List<String> rows = Files.readAllLines(runs.resolve("rambo/epochs.csv"));
        int cls = List.of(rows.get(0).split(",")).indexOf("cls_loss");
        assertEquals("epoch,train_loss,epoch_seconds,cls_loss,box_loss", rows.get(0));
        double firstCls = Double.parseDouble(rows.get(1).split(",")[cls]);
        double lastCls = Double.parseDouble(rows.get(rows.size() - 1).split(",")[cls]);
        assertTrue(lastCls < firstCls, "RaMBO classifier loss should fall: " + rows);
        assertTrue(b.ap50() > 0.02, "RaMBO above chance: AP50 " + b.ap50());
        ObjectMapper json = new ObjectMapper();
        JsonNode ca = json.readTree(runs.resolve("ce/config.json").toFile());
        JsonNode cb = json.readTree(runs.resolve("rambo/config.json").toFile());
        assertEquals(ca.get("protocol"), cb.get("protocol"), "one protocol, only the loss differs");
        JsonNode fin = json.readTree(runs.resolve("rambo/final.json").toFile());
        assertEquals("finished", fin.get("status").asText());
        assertEquals("rambo-ap", fin.get("method").asText());
        assertEquals("synthetic-voc", fin.get("dataset").asText());
        assertEquals(b.ap50(), fin.get("last").get("ap50").asDouble(), 1e-12);
        assertTrue(fin.get("last").has("ap50_square") && fin.get("last").has("ap50_voc07"), fin.toString());
        assertEquals(b.ap50Uncapped(), fin.get("last").get("uncapped_ap50").asDouble(), 1e-12);
        assertTrue(b.ap50Uncapped() >= 0 && b.ap50Uncapped() <= 1, b.toString());
        assertTrue(fin.get("loss").asText().contains("scores=log-odds"), fin.toString());
        assertTrue(fin.get("wall_seconds").asDouble() > 0);
        assertTrue(Files.readString(runs.resolve("ce/epochs.csv")).lines().count() == 6);
        // a finished run is read back, not trained again
        long before = Files.getLastModifiedTime(runs.resolve("ce/final.json")).toMillis();
        DetectionResult again = DetectionRun.run(ce, runs.resolve("ce"));
        assertEquals(a.ap50(), again.ap50(), 1e-12);
        assertEquals(a.apPerClass(), again.apPerClass());
        assertEquals(a.ap50Uncapped(), again.ap50Uncapped(), 1e-12);
        assertEquals(
                before, Files.getLastModifiedTime(runs.resolve("ce/final.json")).toMillis());
    }
}
