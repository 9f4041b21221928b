package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.detection.DetectionConfig;
import org.rambo.detection.SyntheticVoc;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderLock;
import org.rambo.runfolder.RunStatus;

/**
 * `rambo-bench detect`: bad input refused with one line and exit 1; a chosen method runs end to
 * end; a run another process holds is skipped with a note.
 */
class DetectCommandTest {

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        CliRun r = CliRun.of(args);
        return new String[] {String.valueOf(r.code()), r.err()};
    }

    @Test
    void unknownMethodIsRefusedBeforeAnyWork() {
        String[] r = run(
                "detect",
                "../configs/detection.json",
                "--methods",
                "ce,nope",
                "--runs-dir",
                tmp.resolve("runs").toString());
        assertEquals("1", r[0]);
        assertEquals("rambo-bench detect: unknown method 'nope' in --methods; valid: ce, rambo-ap", r[1].trim());
        assertFalse(Files.exists(tmp.resolve("runs")), "nothing may be written");
    }

    @Test
    void missingConfigNamesTheFile() {
        String[] r = run("detect", tmp.resolve("nope.json").toString());
        assertEquals("1", r[0]);
        assertEquals("rambo-bench detect: " + tmp.resolve("nope.json") + ": no such detection config", r[1].trim());
    }

    @Test
    void invalidConfigValueNamesTheFileAndTheValue() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode)
                json.readTree(Path.of("..", "configs", "detection.json").toFile());
        c.put("rankedScores", "logits");
        Path f = tmp.resolve("bad.json");
        json.writeValue(f.toFile(), c);
        String[] r = run("detect", f.toString());
        assertEquals("1", r[0]);
        assertEquals(
                "rambo-bench detect: " + f + ":1: rankedScores must be log-odds, log-softmax or softmax, got logits",
                r[1].strip());
    }

    @Test
    void setOverridesAKeyCheckedLikeTheFile() throws Exception {
        String[] r =
                run("detect", Path.of("..", "configs", "detection.json").toString(), "--set", "rankedScores=logits");
        assertEquals("1", r[0]);
        assertTrue(r[1].startsWith("rambo-bench detect: --set rankedScores=logits: "), r[1]);
        assertTrue(r[1].strip().endsWith("rankedScores must be log-odds, log-softmax or softmax, got logits"), r[1]);
        String[] unknown =
                run("detect", Path.of("..", "configs", "detection.json").toString(), "--set", "epoch=1");
        assertEquals("1", unknown[0]);
        assertTrue(unknown[1].contains("unknown key 'epoch'") && unknown[1].contains("epochs"), unknown[1]);
    }

    @Test
    void runsOnlyTheChosenMethodIntoItsRunFolderAndReadsItBack() throws Exception {
        // a tiny synthetic tree of two shapes: the command finds it complete and does not need Fashion-MNIST
        Path devkit = tmp.resolve("VOCdevkit");
        SyntheticVoc.write(
                devkit, List.of(square(), bar()), new int[] {0, 1}, new String[] {"Square", "Bar"}, 16, 8, 3);
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode)
                json.readTree(Path.of("..", "configs", "detection.json").toFile());
        c.put("grid", "det-cli").put("root", devkit.toString()).put("epochs", 1).put("batchSize", 8);
        Path f = tmp.resolve("det.json");
        json.writeValue(f.toFile(), c);
        Path runs = tmp.resolve("runs");

        String[] r = run("detect", f.toString(), "--methods", "ce", "--runs-dir", runs.toString());
        assertEquals("0", r[0], r[1]);
        List<Path> folders;
        try (Stream<Path> s = Files.list(runs.resolve("det-cli"))) {
            folders = s.toList();
        }
        assertEquals(1, folders.size(), folders.toString());
        assertTrue(folders.get(0).getFileName().toString().matches("ce-s0-[0-9a-f]{12}"), folders.toString());
        JsonNode fin = json.readTree(folders.get(0).resolve("final.json").toFile());
        assertEquals("finished", fin.get("status").asText());
        assertEquals(16, fin.get("details").get("train_images").asInt());
        assertEquals(8, fin.get("details").get("test_images").asInt());
        assertTrue(fin.get("last").has("ap50_square") && fin.get("last").has("uncapped_ap50"), fin.toString());
        JsonNode prov = json.readTree(folders.get(0).resolve("provenance.json").toFile());
        assertTrue(prov.get("git_commit").asText().matches("[0-9a-f]{40}"), prov.toString());
        assertTrue(
                prov.has("git_dirty")
                        && prov.get("threads").get("torch_intra_op").asInt() >= 1
                        && prov.get("dataset_checksum").asText().matches("[0-9a-f]{64}"),
                prov.toString());
        assertEquals(0, prov.get("seeds").get("run").asLong());
        long written =
                Files.getLastModifiedTime(folders.get(0).resolve("final.json")).toMillis();

        // a finished run is read back, not trained again
        String[] again = run("detect", f.toString(), "--methods", "ce", "--runs-dir", runs.toString());
        assertEquals("0", again[0], again[1]);
        assertEquals(
                written,
                Files.getLastModifiedTime(folders.get(0).resolve("final.json")).toMillis());
    }

    @Test
    void aRunAnotherProcessHoldsIsSkippedWithANote() throws Exception {
        Path f = tinyConfig("det-held");
        Path folder =
                tmp.resolve("runs/det-held").resolve(DetectionConfig.read(f).folderName());
        RunFolderLock held = RunFolderLock.tryAcquire(folder).orElseThrow();
        try {
            CliRun r = CliRun.of(
                    "detect",
                    f.toString(),
                    "--methods",
                    "ce",
                    "--runs-dir",
                    tmp.resolve("runs").toString());
            assertEquals(0, r.code(), r.err());
            assertEquals(
                    "detect: ce seed 0 -> " + folder + "\ndetect: skipped, " + folder
                            + ": another process is training this run",
                    r.out().trim());
        } finally {
            held.close();
        }
        assertFalse(Files.exists(folder.resolve("config.json")));
    }

    @Test
    void aDamagedFinalRecordIsOneLineAndExitOne() throws Exception {
        Path f = tinyConfig("det-damaged");
        Path folder =
                tmp.resolve("runs/det-damaged").resolve(DetectionConfig.read(f).folderName());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("final.json"), "{\"status\": \"done\"}");
        CliRun r = CliRun.of(
                "detect",
                f.toString(),
                "--methods",
                "ce",
                "--runs-dir",
                tmp.resolve("runs").toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals(
                "rambo-bench detect: " + folder.resolve("final.json")
                        + ": status must be \"finished\" or \"failed\", got \"done\"" + RunFolderAdvice.FINAL_JSON,
                r.err().trim());
    }

    @Test
    void missingDataIsOneLineNamingTheFolderAndExitOne() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode)
                json.readTree(Path.of("..", "configs", "paper", "voc.json").toFile());
        c.put("root", tmp.resolve("no-voc").toString());
        c.put("device", "cpu"); // the paper's device is a GPU, which this test does not need
        Path f = tmp.resolve("voc.json");
        json.writeValue(f.toFile(), c);
        CliRun r = CliRun.of(
                "detect",
                f.toString(),
                "--methods",
                "ce",
                "--runs-dir",
                tmp.resolve("runs").toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals(
                "rambo-bench detect: " + tmp.resolve("no-voc").resolve("VOC2007")
                        + ": VOC year folder not found (run data-scripts/fetch-voc.sh)",
                r.err().trim());
        assertFalse(Files.exists(tmp.resolve("runs")), "nothing written for bad data");
    }

    @Test
    void aFailedRunStaysFailedUntilRetriedAndItsRecordIsKept() throws Exception {
        Path f = tinyConfig("det-failed");
        DetectionConfig config = DetectionConfig.read(f);
        Path folder = tmp.resolve("runs/det-failed").resolve(config.folderName());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(RunFiles.CONFIG), config.canonicalJson());
        new FinalRecord(
                        RunStatus.FAILED,
                        config.grid(),
                        config.dataset(),
                        config.method(),
                        config.lossSpec(),
                        config.seed(),
                        0,
                        Map.of(),
                        Map.of(),
                        0,
                        0,
                        0,
                        1.0,
                        "loss became NaN at epoch 1, step 1",
                        null)
                .writeTo(folder);
        String failed = Files.readString(folder.resolve(RunFiles.FINAL));
        String runs = tmp.resolve("runs").toString();

        CliRun left = CliRun.of("detect", f.toString(), "--methods", "ce", "--runs-dir", runs);
        assertEquals(ExitCode.RUNS_FAILED, left.code());
        assertEquals(
                "rambo-bench detect: ce seed 0 failed: loss became NaN at epoch 1, step 1\n"
                        + "rambo-bench detect: 1 detection runs failed; their final.json says why "
                        + "(--retry-failed trains them again)",
                left.err().trim());
        assertEquals(failed, Files.readString(folder.resolve(RunFiles.FINAL)), "not trained again");

        CliRun retried = CliRun.of("detect", f.toString(), "--methods", "ce", "--runs-dir", runs, "--retry-failed");
        assertEquals(0, retried.code(), retried.err());
        assertEquals(failed, Files.readString(folder.resolve(RunFiles.FAILED_FINAL)));
        assertEquals(RunStatus.FINISHED, FinalRecord.read(folder).status());
    }

    /** A two-shape synthetic tree and a one-epoch config on it, under grid {@code grid}. */
    private Path tinyConfig(String grid) throws Exception {
        Path devkit = tmp.resolve("VOCdevkit");
        SyntheticVoc.write(
                devkit, List.of(square(), bar()), new int[] {0, 1}, new String[] {"Square", "Bar"}, 16, 8, 3);
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode)
                json.readTree(Path.of("..", "configs", "detection.json").toFile());
        c.put("grid", grid).put("root", devkit.toString()).put("epochs", 1).put("batchSize", 8);
        Path f = tmp.resolve(grid + ".json");
        json.writeValue(f.toFile(), c);
        return f;
    }

    private static byte[] square() {
        byte[] o = new byte[784];
        for (int y = 6; y < 22; y++) {
            for (int x = 6; x < 22; x++) {
                o[y * 28 + x] = (byte) 220;
            }
        }
        return o;
    }

    private static byte[] bar() {
        byte[] o = new byte[784];
        for (int y = 2; y < 26; y++) {
            for (int x = 11; x < 17; x++) {
                o[y * 28 + x] = (byte) 255;
            }
        }
        return o;
    }
}
