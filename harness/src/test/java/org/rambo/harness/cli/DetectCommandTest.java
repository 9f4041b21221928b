package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.detection.DetectionConfig;
import org.rambo.detection.DetectionRun;
import org.rambo.detection.SyntheticVoc;
import org.rambo.harness.config.DetectionLoader;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderLock;
import org.rambo.runfolder.RunStatus;
import org.rambo.training.Preemption;
import picocli.CommandLine;

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
        ((ObjectNode) c.get("rambo")).put("ranked_scores", "logits");
        Path f = tmp.resolve("bad.json");
        json.writeValue(f.toFile(), c);
        String[] r = run("detect", f.toString());
        assertEquals("1", r[0]);
        assertEquals(
                "rambo-bench detect: " + f
                        + ":1: rambo.ranked_scores must be log-odds, log-softmax or softmax, got logits",
                r[1].strip());
    }

    @Test
    void setOverridesAKeyCheckedLikeTheFile() throws Exception {
        String config = Path.of("..", "configs", "detection.json").toString();
        String[] r = run("detect", config, "--set", "rambo.ranked_scores=logits");
        assertEquals("1", r[0]);
        assertEquals(
                "rambo-bench detect: --set rambo.ranked_scores=logits:"
                        + " rambo.ranked_scores must be log-odds, log-softmax or softmax, got logits",
                r[1].strip());
        String[] unknown = run("detect", config, "--set", "protocol.epoch=1");
        assertEquals("1", unknown[0]);
        assertEquals(
                "rambo-bench detect: --set protocol.epoch=1: unknown key 'protocol.epoch'; valid keys here: anchors,"
                        + " backbone, batch_size, device, epochs, image_size, learning_rate",
                unknown[1].strip());
        // the old flat key is refused with the new one's name
        String[] old = run("detect", config, "--set", "epochs=1");
        assertEquals("1", old[0]);
        assertEquals(
                "rambo-bench detect: --set epochs=1: 'epochs' is a key of the old detection layout; set protocol.epochs",
                old[1].strip());
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
        c.put("grid", "det-cli");
        ((ObjectNode) c.get("dataset")).put("root", devkit.toString());
        ((ObjectNode) c.get("protocol")).put("epochs", 1).put("batch_size", 8);
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
        Path folder = tmp.resolve("runs/det-held").resolve(folderOf(f));
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
    void aFlatCamelCaseConfigRunsWithOneNoteAndTheSharedSeedsAndRunsDir() throws Exception {
        Path devkit = tmp.resolve("VOCdevkit");
        SyntheticVoc.write(
                devkit, List.of(square(), bar()), new int[] {0, 1}, new String[] {"Square", "Bar"}, 16, 8, 3);
        ObjectMapper json = new ObjectMapper();
        ObjectNode c =
                (ObjectNode) json.readTree(Path.of("src", "test", "resources", "detection-flat", "detection.json")
                        .toFile());
        c.put("grid", "det-flat")
                .put("root", devkit.toString())
                .put("epochs", 1)
                .put("batchSize", 8);
        Path f = tmp.resolve("flat.json");
        json.writeValue(f.toFile(), c);
        Path runs = tmp.resolve("elsewhere");
        // the run of seed 3 is held by another process: nothing trains, the command says where it went
        Path folder = runs.resolve("det-flat")
                .resolve(DetectionLoader.read(f, List.of(), note -> {})
                        .value()
                        .with("ce", 3)
                        .folderName());
        RunFolderLock held = RunFolderLock.tryAcquire(folder).orElseThrow();
        try {
            CliRun r =
                    CliRun.of("detect", f.toString(), "--methods", "ce", "--seeds", "3", "--runs-dir", runs.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals(
                    f + ": old detection config keys, read as the new ones: dataset -> dataset.name,"
                            + " root -> dataset.root, classes -> dataset.classes, backbone -> protocol.backbone,"
                            + " imageSize -> protocol.image_size, anchorSizes -> protocol.anchors.sizes,"
                            + " anchorRatios -> protocol.anchors.ratios, matchIou -> protocol.anchors.match_iou,"
                            + " epochs -> protocol.epochs, batchSize -> protocol.batch_size,"
                            + " learningRate -> protocol.learning_rate, lambda -> rambo.lambda, margin -> rambo.margin,"
                            + " marginNoise -> rambo.margin_noise, memory -> rambo.memory,"
                            + " apcWeight -> rambo.apc_weight, rankedScores -> rambo.ranked_scores,"
                            + " maxTrain -> dataset.max_train, maxTest -> dataset.max_test"
                            + " (configs/detection.json shows the new layout)",
                    r.err().strip());
            assertEquals(
                    "detect: ce seed 3 -> " + folder + "\ndetect: skipped, " + folder
                            + ": another process is training this run",
                    r.out().trim());
        } finally {
            held.close();
        }
    }

    @Test
    void aBadKeyInAFlatConfigIsOneLineWithItsLineAndExitOne() throws Exception {
        String flat = Files.readString(Path.of("src", "test", "resources", "detection-flat", "detection.json"));
        Path f = Files.writeString(tmp.resolve("typo.json"), flat.replace("\"matchIou\"", "\"matchIoU\""));
        CliRun r = CliRun.of(
                "detect", f.toString(), "--runs-dir", tmp.resolve("runs").toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        String[] lines = r.err().strip().split("\n");
        assertEquals(2, lines.length, r.err());
        assertTrue(lines[0].startsWith(f + ": old detection config keys, read as the new ones: "), lines[0]);
        assertEquals(
                "rambo-bench detect: " + f
                        + ":12: unknown key 'matchIoU'; valid keys here: dataset, grid, method, protocol, rambo, seed",
                lines[1]);
        assertFalse(Files.exists(tmp.resolve("runs")), "nothing may be written");
    }

    @Test
    void aDamagedFinalRecordIsOneLineAndExitOne() throws Exception {
        Path f = tinyConfig("det-damaged");
        Path folder = tmp.resolve("runs/det-damaged").resolve(folderOf(f));
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
        ((ObjectNode) c.get("dataset")).put("root", tmp.resolve("no-voc").toString());
        // the paper's device is a GPU, which this test does not need
        ((ObjectNode) c.get("protocol")).put("device", "cpu");
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
        DetectionConfig config = DetectionLoader.read(f, List.of(), note -> {}).value();
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

    @Test
    void aCrashInsideARunIsAFailedRunLeftToResumeAndTheNextInvocationFinishesIt() throws Exception {
        Path f = tinyConfig("det-crash");
        DetectionConfig config = DetectionLoader.read(f, List.of(), note -> {}).value();
        Path folder = tmp.resolve("runs/det-crash").resolve(config.with("ce", 0).folderName());
        String runs = tmp.resolve("runs").toString();
        CommandLine cli = RamboBench.newCommandLine(CliRun.ERROR_LOG);
        DetectCommand detect = cli.getSubcommands().get("detect").getCommand();
        detect.observer = new DetectionRun.Observer() {
            @Override
            public void checkpointed(int epoch) {
                throw new IllegalStateException("injected crash after epoch " + epoch);
            }
        };
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("detect", f.toString(), "--methods", "ce", "--seeds", "0", "--runs-dir", runs);

        assertEquals(ExitCode.RUNS_FAILED, code, err.toString());
        assertEquals(
                "rambo-bench detect: ce seed 0 crashed: java.lang.IllegalStateException: injected crash after epoch 1"
                        + " (stack trace in " + folder.resolve(RunFiles.LOG) + "; running again resumes it)",
                err.toString().lines().findFirst().orElseThrow());
        assertFalse(Files.exists(folder.resolve(RunFiles.FINAL)), "a crash is not a finished or failed record");
        assertTrue(Files.exists(folder.resolve(RunFiles.CHECKPOINT)), "the epoch's checkpoint stays");

        CliRun again = CliRun.of("detect", f.toString(), "--methods", "ce", "--seeds", "0", "--runs-dir", runs);
        assertEquals(0, again.code(), again.err());
        assertEquals(RunStatus.FINISHED, FinalRecord.read(folder).status());
        assertTrue(Files.readString(folder.resolve(RunFiles.LOG))
                .contains("resuming " + folder.getFileName() + " after epoch 1"));
    }

    @Test
    void aSignalStopsAtTheNextEpochsStartWithExit75AndTheSameCommandEndsAsAnUninterruptedRun() throws Exception {
        Path f = tinyConfig("det-stop");
        ObjectMapper json = new ObjectMapper();
        ObjectNode twoEpochs = (ObjectNode) json.readTree(f.toFile());
        ((ObjectNode) twoEpochs.get("protocol")).put("epochs", 2);
        json.writeValue(f.toFile(), twoEpochs);
        DetectionConfig config = DetectionLoader.read(f, List.of(), note -> {}).value();
        String folderName = config.with("ce", 0).folderName();
        Path folder = tmp.resolve("runs/det-stop").resolve(folderName);
        CommandLine cli = RamboBench.newCommandLine(CliRun.ERROR_LOG);
        DetectCommand detect = cli.getSubcommands().get("detect").getCommand();
        Preemption preemption = Preemption.manual();
        detect.preemption = preemption;
        detect.observer = new DetectionRun.Observer() {
            @Override
            public void checkpointed(int epoch) {
                preemption.request("SIGTERM"); // as the handler does when Slurm signals during epoch 1
            }
        };
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        String runs = tmp.resolve("runs").toString();

        int code = cli.execute("detect", f.toString(), "--methods", "ce", "--seeds", "0", "--runs-dir", runs);

        assertEquals(ExitCode.INTERRUPTED, code, err.toString());
        assertEquals(
                "rambo-bench detect: ce seed 0 stopped by SIGTERM at an epoch's start, its checkpoint on disk;"
                        + " run the same command again to resume",
                err.toString().strip());
        assertFalse(Files.exists(folder.resolve(RunFiles.FINAL)));
        assertEquals(2, Files.readAllLines(folder.resolve(RunFiles.EPOCHS)).size(), "header and epoch 1");
        assertTrue(Files.readString(folder.resolve(RunFiles.LOG))
                .contains("interrupted by SIGTERM: the checkpoint after epoch 1 stands; run the same command again"));

        CliRun resumed = CliRun.of("detect", f.toString(), "--methods", "ce", "--seeds", "0", "--runs-dir", runs);
        assertEquals(0, resumed.code(), resumed.err());
        String straight = tmp.resolve("straight").toString();
        CliRun whole = CliRun.of("detect", f.toString(), "--methods", "ce", "--seeds", "0", "--runs-dir", straight);
        assertEquals(0, whole.code(), whole.err());
        Path other = tmp.resolve("straight/det-stop").resolve(folderName);
        assertEquals(FinalRecord.read(other).last(), FinalRecord.read(folder).last(), "AP50 as without the stop");
        assertEquals(
                Files.readAllLines(other.resolve(RunFiles.STEPS)).stream()
                        .map(l -> l.substring(l.lastIndexOf(',')))
                        .toList(),
                Files.readAllLines(folder.resolve(RunFiles.STEPS)).stream()
                        .map(l -> l.substring(l.lastIndexOf(',')))
                        .toList(),
                "every step's loss as without the stop");
    }

    private static String folderOf(Path config) {
        return DetectionLoader.read(config, List.of(), note -> {}).value().folderName();
    }

    /** A two-shape synthetic tree and a one-epoch config on it, under grid {@code grid}. */
    private Path tinyConfig(String grid) throws Exception {
        Path devkit = tmp.resolve("VOCdevkit");
        SyntheticVoc.write(
                devkit, List.of(square(), bar()), new int[] {0, 1}, new String[] {"Square", "Bar"}, 16, 8, 3);
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode)
                json.readTree(Path.of("..", "configs", "detection.json").toFile());
        c.put("grid", grid);
        ((ObjectNode) c.get("dataset")).put("root", devkit.toString());
        ((ObjectNode) c.get("protocol")).put("epochs", 1).put("batch_size", 8);
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
