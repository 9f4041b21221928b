package org.rambo.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RaMBO detection run in a child JVM is killed with SIGKILL after its first checkpoint; run
 * again, it resumes after that epoch and ends with exactly the final metrics of an uninterrupted
 * run (another child JVM, the same thread counts).
 */
class KillAndResumeTest {

    @TempDir
    Path tmp;

    @Test
    void killDashNineThenResumeGivesTheUninterruptedMetrics() throws Exception {
        Path devkit = TinyDetection.devkit(tmp.resolve("VOCdevkit"), 24, 8);
        DetectionConfig config = TinyDetection.config(devkit, "rambo-ap", 3);
        Path configFile = TinyDetection.write(config, tmp.resolve("config.json"));

        Path straight = tmp.resolve("straight");
        Process p0 = ResumableRunMain.start(configFile, straight, null, tmp.resolve("straight.log"));
        assertTrue(
                p0.waitFor(5, TimeUnit.MINUTES) && p0.exitValue() == 0,
                "uninterrupted run failed: " + Files.readString(tmp.resolve("straight.log")));

        Path killed = tmp.resolve("killed");
        Path paused = tmp.resolve("paused-after-epoch-1");
        Path log = tmp.resolve("killed.log");
        Process p1 = ResumableRunMain.start(configFile, killed, paused, log);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(paused)) {
            assertTrue(p1.isAlive() && System.nanoTime() < deadline, "no checkpoint: " + Files.readString(log));
            Thread.sleep(50);
        }
        p1.destroyForcibly(); // SIGKILL on Unix
        assertTrue(p1.waitFor(1, TimeUnit.MINUTES));
        assertTrue(Files.exists(killed.resolve("checkpoint.ndlist")));
        assertFalse(Files.exists(killed.resolve("final.json")), "killed before the end: no final.json");
        Path staleTemp = killed.resolve(".epochs.csv.12345.tmp"); // what a kill inside a write leaves
        Files.writeString(staleTemp, "half");

        Process p2 = ResumableRunMain.start(configFile, killed, null, log);
        assertTrue(
                p2.waitFor(5, TimeUnit.MINUTES) && p2.exitValue() == 0, "resumed run failed: " + Files.readString(log));

        ObjectMapper json = new ObjectMapper();
        JsonNode expected = json.readTree(straight.resolve("final.json").toFile());
        JsonNode resumed = json.readTree(killed.resolve("final.json").toFile());
        assertEquals("finished", resumed.get("status").asText());
        assertEquals(expected.get("last"), resumed.get("last"));
        assertEquals(expected.get("details"), resumed.get("details"));
        assertTrue(resumed.get("last").get("ap50").isNumber(), resumed.toString());
        assertTrue(Files.readString(killed.resolve("log.txt")).contains("resuming killed after epoch 1"));
        assertFalse(Files.exists(staleTemp), "stale temp files are removed at the start");
        List<String> epochs = Files.readAllLines(killed.resolve("epochs.csv"));
        assertEquals(4, epochs.size(), "header + 3 epochs, none duplicated: " + epochs);
        assertEquals(
                column(Files.readAllLines(straight.resolve("epochs.csv")), 1),
                column(epochs, 1),
                "the same training loss in every epoch");
    }

    private static List<String> column(List<String> csv, int c) {
        return csv.stream().map(row -> row.split(",")[c]).toList();
    }
}
