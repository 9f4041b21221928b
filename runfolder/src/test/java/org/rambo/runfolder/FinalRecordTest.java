package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinalRecordTest {

    @TempDir
    Path run;

    @Test
    void roundTripsThroughTheFile() throws Exception {
        FinalRecord written = new FinalRecord(
                RunStatus.FINISHED,
                "ci",
                "fashion-mnist",
                "rambo-ap",
                "rambo-ap:lambda=4",
                1,
                2,
                Map.of("recall_at_1", 0.85, "nmi", 0.41),
                Map.of("epoch", 2.0, "recall_at_1", 0.86),
                12.5,
                60.0,
                1.5,
                13.0,
                null,
                null);
        written.writeTo(run);
        String text = Files.readString(run.resolve("final.json"));
        assertEquals(true, text.contains("\"status\" : \"finished\""));
        assertEquals(true, text.contains("\"mean_sort_ms\" : 1.5"));
        assertEquals(false, text.contains("failure"));
        FinalRecord read = FinalRecord.read(run);
        assertEquals(written, read);
        assertNull(read.details());
    }

    @Test
    void rejectsDamagedFilesNamingTheFile() throws IOException {
        Path file = run.resolve("final.json");
        Map<String, String> cases = Map.of(
                "", "empty or not a JSON object",
                "{\"status\":\"finished\",\"last\":{\"recall_at_1\":0.8", "not valid JSON",
                "[1,2]", "empty or not a JSON object",
                "{\"status\":\"done\",\"last\":{\"recall_at_1\":0.8}}",
                        "status must be \"finished\" or \"failed\", got \"done\"",
                "{\"status\":\"finished\",\"last\":{}}", "a finished run without last-epoch metrics",
                "{\"status\":\"finished\",\"last\":{\"recall_at_1\":\"0.8x\"}}",
                        "\"last.recall_at_1\" is not a number");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(file, c.getKey());
            RunFolderException e = assertThrows(RunFolderException.class, () -> FinalRecord.read(run), c.getKey());
            assertEquals(true, e.getMessage().startsWith(file + ": " + c.getValue()), e.getMessage());
            assertEquals(file, e.file());
            assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
        }
    }

    @Test
    void aDivergedMetricIsWrittenAsNullAndReadsBack() throws Exception {
        Map<String, Double> last = new HashMap<>();
        last.put("recall_at_1", Double.NaN);
        last.put("nmi", 0.4);
        new FinalRecord(RunStatus.FAILED, "ci", "d", "m", "l", 0, 1, last, null, 1, 1, 0, null, "loss is NaN", null)
                .writeTo(run);
        assertEquals(true, Files.readString(run.resolve("final.json")).contains("\"recall_at_1\" : null"));
        FinalRecord read = FinalRecord.read(run);
        assertNull(read.last().get("recall_at_1"));
        assertEquals(0.4, read.last().get("nmi"));
    }

    @Test
    void aFailedRunNeedsNoMetrics() throws Exception {
        Files.writeString(run.resolve("final.json"), "{\"status\":\"failed\",\"failure\":\"loss is NaN at epoch 2\"}");
        FinalRecord read = FinalRecord.read(run);
        assertEquals(RunStatus.FAILED, read.status());
        assertEquals("loss is NaN at epoch 2", read.failure());
        assertEquals(Map.of(), read.last());
    }
}
