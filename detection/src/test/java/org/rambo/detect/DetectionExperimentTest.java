package org.rambo.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionExperimentTest {

    static {
        TestThreads.pin();
    }

    @TempDir
    Path dir;

    static DetectionConfig tiny(Path devkit, int epochs) {
        DetectionConfig base = DetectionConfig.synthetic();
        return new DetectionConfig(base.dataset(), base.method(), 3, devkit.toString(), null, base.trainSplits(),
                base.testSplits(), 0, 0, 64, epochs, 8, 0.003f, base.weightDecay(), 8, 3, base.anchorSizes(),
                base.anchorRatios(), base.matchIou(), base.ceNegativeRatio(), base.lambda(), base.margin(),
                base.marginNoise(), base.apcWeight(), base.memory(), base.clsWeight(), base.hflip(), base.nmsIou(),
                base.maxDetectionsPerClass()).validate();
    }

    @Test
    void bothMethodsTrainEndToEndAndWriteRunFolders() throws IOException {
        int[] labels = new int[60];
        byte[] objects = Shapes.objects(60, 5, labels);
        SyntheticVoc.write(dir.resolve("data"), objects, labels, Shapes.NAMES, 64, 24, 64, 11);
        DetectionConfig config = tiny(dir.resolve("data/VOCdevkit"), Integer.getInteger("detect.test.epochs", 3));
        long t0 = System.nanoTime();
        List<DetectionResult> pair = DetectionExperiment.runPair(config, dir.resolve("runs"));
        System.out.printf("tiny pair: ce ap50 %.3f (voc07 %.3f), rambo ap50 %.3f (voc07 %.3f), %.1f s%n",
                pair.get(0).ap50(), pair.get(0).ap50Voc07(), pair.get(1).ap50(), pair.get(1).ap50Voc07(),
                (System.nanoTime() - t0) / 1e9);
        ObjectMapper json = new ObjectMapper();
        for (DetectionResult r : pair) {
            assertFalse(r.skipped());
            assertTrue(r.ap50() >= 0 && r.ap50() <= 1, "ap50 " + r.ap50());
            assertEquals(4, r.perClassAp50().size());
            JsonNode fin = json.readTree(r.runDir().resolve("final.json").toFile());
            assertEquals("finished", fin.get("status").asText());
            assertEquals("synthetic-voc", fin.get("dataset").asText());
            assertEquals(r.method(), fin.get("method").asText());
            assertEquals(3, fin.get("seed").asLong());
            assertEquals(r.ap50(), fin.get("last").get("ap50").asDouble(), 1e-12);
            assertTrue(fin.get("last").has("ap50_voc07"));
            assertTrue(fin.get("last").has("ap50_square-block"));
            assertTrue(fin.get("wall_seconds").asDouble() > 0);
            DetectionConfig back = DetectionConfig.fromJson(r.runDir().resolve("config.json"));
            assertEquals(config.withMethod(r.method()), back);
            assertEquals(config.epochs(), Files.readAllLines(r.runDir().resolve("epochs.jsonl")).size());
        }
        assertEquals(List.of("ce", "rambo-ap"), pair.stream().map(DetectionResult::method).toList());
        // a finished run is read back, not rerun
        DetectionResult again = DetectionExperiment.run(config, pair.get(0).runDir());
        assertTrue(again.skipped());
        assertEquals(pair.get(0).ap50(), again.ap50(), 1e-12);
        assertEquals(pair.get(0).perClassAp50(), again.perClassAp50());
        // the baseline learns something on this easy set even in a few epochs
        assertTrue(pair.get(0).ap50() > 0.05, "ce ap50 " + pair.get(0).ap50());
    }
}
