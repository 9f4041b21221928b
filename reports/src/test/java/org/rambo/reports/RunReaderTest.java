package org.rambo.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.reports.io.RunReader;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.RunState;
import org.rambo.runfolder.RunFiles;

class RunReaderTest {

    /** What a damaged final.json's line says to do. */
    private static final String WHAT_TO_DO = "; delete final.json and train again to rewrite it from the checkpoint,"
            + " or delete the run folder to retrain the run";

    @TempDir
    Path root;

    private Run only(List<Run> runs, String method, long seed) {
        return runs.stream()
                .filter(r -> r.method().equals(method) && r.seed() == seed)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void readsFinishedFailedAndUnfinishedRunsWithTheirNumbers() {
        FixtureRuns.grid(root, "default", "fashion-mnist", List.of("rambo-recall-log", "triplet"), 2);
        FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 7)
                .failAt(2)
                .write();
        FixtureRuns.run(root, "default", "fashion-mnist", "rambo-recall-log", 9)
                .stopAfter(3)
                .write();

        List<Run> runs = RunReader.readAll(root);

        assertEquals(6, runs.size());
        Run r = only(runs, "rambo-recall-log", 1);
        assertEquals(RunState.FINISHED, r.status());
        assertEquals(0.742 + 0.008, r.last().get("recall_at_1"), 1e-9);
        assertEquals(4, r.bestEpoch());
        assertEquals(4, r.epochs().size());
        assertEquals(0.742 + 0.008 - 0.03, r.epochs().get(2).metrics().get("recall_at_1"), 1e-6);
        // data_ms = 1.2 + 0.05 * (step % 3) over steps 1..10: the mean of step % 3 is 1.0.
        assertEquals(1.25, r.stepTimes().dataMs(), 1e-9);
        assertEquals(0.9, r.stepTimes().sortMs(), 1e-9);
        assertEquals(40, r.stepTimes().steps());
        assertEquals("0123456789abcdef0123456789abcdef01234567", r.provenance().gitCommit());
        assertEquals(2, r.provenance().threads().torchIntraOp());
        assertEquals(
                "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz",
                r.provenance().cpu().model());
        assertEquals(Map.of("RAMBO_CPU_MODE", "avx2"), r.provenance().numericEnv());
        assertTrue(r.relative().startsWith("default/rambo-recall-log-s1-"), r.relative());

        Run failed = only(runs, "triplet", 7);
        assertEquals(RunState.FAILED, failed.status());
        assertEquals("loss became NaN at epoch 2, step 3", failed.failure());
        assertEquals(1, failed.epochsDone());
        assertTrue(failed.last().isEmpty());

        Run unfinished = only(runs, "rambo-recall-log", 9);
        assertEquals(RunState.UNFINISHED, unfinished.status());
        assertEquals(3, unfinished.epochsDone());
        assertEquals(4, unfinished.epochsPlanned());
    }

    @Test
    void runsAreSortedInTheDefaultGridsMethodOrder() {
        FixtureRuns.grid(root, "default", "fashion-mnist", List.of("triplet", "contrastive", "rambo-recall-loglog"), 1);
        List<String> methods = RunReader.readAll(root).stream().map(Run::method).toList();
        assertEquals(List.of("rambo-recall-loglog", "contrastive", "triplet"), methods);
    }

    /** Edits final.json, reads the folder back: the run is listed as damaged with this one-line reason. */
    private Run damaged(Path dir, String from, String to) throws IOException {
        Path f = dir.resolve(RunFiles.FINAL);
        String before = Files.readString(f);
        String after = before.replaceFirst(from, to);
        assertTrue(!before.equals(after), "fixture edit did not apply to final.json");
        Files.writeString(f, after);
        List<Run> runs = RunReader.readAll(root);
        assertEquals(1, runs.size(), "a damaged run is listed, never dropped");
        Run r = runs.get(0);
        assertEquals(RunState.DAMAGED, r.status());
        assertTrue(r.last().isEmpty() && r.best().isEmpty(), "nothing of a damaged record is counted");
        return r;
    }

    private ReportInputException broken(Path dir, String file, String from, String to) throws IOException {
        Path f = dir.resolve(file);
        String before = Files.readString(f);
        String after = before.replaceFirst(from, to);
        assertTrue(!before.equals(after), "fixture edit did not apply to " + file);
        Files.writeString(f, after);
        return assertThrows(ReportInputException.class, () -> RunReader.readAll(root));
    }

    @Test
    void aTextWhereAMetricBelongsMakesTheRunDamaged() throws IOException {
        Path dir =
                FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 0).write();
        Run r = damaged(dir, "\"map_at_r\" : [0-9.]+", "\"map_at_r\" : \"high\"");
        assertEquals(dir.resolve("final.json") + ": \"best.map_at_r\" is not a number" + WHAT_TO_DO, r.failure());
    }

    @Test
    void truncatedFinalJsonIsDamagedWithTheParsersReason() throws IOException {
        Path dir =
                FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 0).write();
        Files.writeString(
                dir.resolve("final.json"), "{\n  \"status\": \"finished\",\n  \"last\": {\"recall_at_1\": 0.5,\n");
        Run r = RunReader.readAll(root).get(0);
        assertEquals(RunState.DAMAGED, r.status());
        assertTrue(r.failure().startsWith(dir.resolve("final.json") + ": not valid JSON ("), r.failure());
        assertEquals(1, r.failure().lines().count(), "one line");
    }

    @Test
    void aFinishedRunWithoutLastIsDamaged() throws IOException {
        Path dir =
                FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 0).write();
        Run r = damaged(dir, "\"last\" :", "\"lost\" :");
        assertEquals(
                dir.resolve("final.json") + ": a finished run without last-epoch metrics" + WHAT_TO_DO, r.failure());
    }

    @Test
    void unknownStatusIsDamaged() throws IOException {
        Path dir =
                FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 0).write();
        Run r = damaged(dir, "\"finished\"", "\"done\"");
        assertEquals(
                dir.resolve("final.json") + ": status must be \"finished\" or \"failed\", got \"done\"" + WHAT_TO_DO,
                r.failure());
    }

    @Test
    void finalJsonFromAnotherRunIsDamaged() throws IOException {
        Path dir =
                FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 0).write();
        Run r = damaged(dir, "\"method\" : \"triplet\"", "\"method\" : \"contrastive\"");
        assertEquals(
                dir.resolve("final.json") + ": \"method\" is \"contrastive\" but config.json says \"triplet\"",
                r.failure());
    }

    @Test
    void detectionExtrasComeFromDetails() {
        FixtureRuns.run(root, "det", "synthetic-voc", "rambo-ap", 0).epochs(2).write();
        Run r = RunReader.readAll(root).get(0);
        assertEquals(500, r.details().get("test_images"));
        assertEquals("synthetic layout, real objects", r.details().get("note"));
        assertEquals(0.62 - 0.02 * 2, r.last().get("ap50_aeroplane"), 1e-9);
    }

    @Test
    void epochsCsvWithoutARequiredColumnNamesFileLineAndColumn() throws IOException {
        Path dir =
                FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 0).write();
        ReportInputException e = broken(dir, "epochs.csv", "epoch_seconds", "seconds");
        assertTrue(
                e.getMessage().startsWith(dir.resolve("epochs.csv") + " line 1: header lacks column 'epoch_seconds'"),
                e.getMessage());
    }

    @Test
    void epochsCsvWithAWordForANumberNamesLineAndColumn() throws IOException {
        Path dir =
                FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 0).write();
        Path f = dir.resolve("epochs.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        String[] cells = lines.get(2).split(",");
        cells[3] = "0.7o"; // recall_at_1 of epoch 2, a typo
        lines.set(2, String.join(",", cells));
        Files.write(f, lines);
        ReportInputException e = assertThrows(ReportInputException.class, () -> RunReader.readAll(root));
        assertEquals(f + " line 3: column 'recall_at_1': \"0.7o\" is not a number", e.getMessage());
    }

    @Test
    void epochsOutOfOrderAreRejected() throws IOException {
        Path dir =
                FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 0).write();
        Path f = dir.resolve("epochs.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.set(3, lines.get(3).replaceFirst("^3,", "2,"));
        Files.write(f, lines);
        ReportInputException e = assertThrows(ReportInputException.class, () -> RunReader.readAll(root));
        assertTrue(e.getMessage().contains("epochs.csv line 4: epoch 2 does not follow epoch 2"), e.getMessage());
    }

    @Test
    void stepsCsvWithAShortRowNamesTheLine() throws IOException {
        Path dir =
                FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 0).write();
        Path f = dir.resolve("steps.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.set(5, "1,5,1.2,6.0");
        Files.write(f, lines);
        ReportInputException e = assertThrows(ReportInputException.class, () -> RunReader.readAll(root));
        assertEquals(f + " line 6: 4 fields but the header has 9", e.getMessage());
    }

    @Test
    void datasetMayBeANameOrTheHarnesssSpecObject() throws IOException {
        Path dir =
                FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 0).write();
        Run asObject = RunReader.readAll(root).get(0);
        assertEquals("fashion-mnist", asObject.dataset());
        assertTrue(asObject.protocolJson().startsWith("{\"dataset\":{\"max_eval\":5000,"), asObject.protocolJson());
        Path cfg = dir.resolve("config.json");
        String text = Files.readString(cfg);
        Files.writeString(cfg, text.replaceFirst("\"dataset\":\\{[^}]*\\}", "\"dataset\":\"fashion-mnist\""));
        assertEquals("fashion-mnist", RunReader.readAll(root).get(0).dataset());
        Files.writeString(cfg, text.replaceFirst("\"name\":\"fashion-mnist\",?", ""));
        ReportInputException e = assertThrows(ReportInputException.class, () -> RunReader.readAll(root));
        assertTrue(e.getMessage().endsWith("config.json: missing key 'dataset.name'"), e.getMessage());
    }

    @Test
    void configWithoutSeedNamesTheKey() throws IOException {
        Path dir =
                FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 0).write();
        ReportInputException e = broken(dir, "config.json", "\"seed\":0", "\"seeds\":0");
        assertTrue(e.getMessage().endsWith("config.json: missing key 'seed'"), e.getMessage());
    }

    @Test
    void damagedProvenanceIsANoteNamingTheFile() throws IOException {
        Path dir =
                FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 0).write();
        Files.writeString(dir.resolve("provenance.json"), "{\"git_commit\": ");
        Run r = RunReader.readAll(root).get(0);
        assertNull(r.provenance());
        assertTrue(r.finished());
        assertTrue(
                r.notes().get(0).startsWith(dir.resolve("provenance.json") + ": not valid JSON ("),
                r.notes().toString());
    }

    @Test
    void missingOptionalFilesBecomeNotesNotErrors() throws IOException {
        Path dir =
                FixtureRuns.run(root, "default", "fashion-mnist", "triplet", 0).write();
        Files.delete(dir.resolve("provenance.json"));
        Files.delete(dir.resolve("steps.csv"));
        Run r = RunReader.readAll(root).get(0);
        assertNull(r.stepTimes());
        assertNull(r.provenance());
        assertEquals(List.of("provenance.json is missing", "steps.csv is missing: no timing breakdown"), r.notes());
    }

    @Test
    void emptyOrMissingRunsDirIsAClearError() throws IOException {
        ReportInputException none = assertThrows(ReportInputException.class, () -> RunReader.readAll(root));
        assertTrue(none.getMessage().contains("no run folders"), none.getMessage());
        ReportInputException missing =
                assertThrows(ReportInputException.class, () -> RunReader.readAll(root.resolve("nope")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
