package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rambo.harness.ReadOnlyFolder;
import org.rambo.harness.cli.ExitCode;
import org.rambo.harness.cli.RamboBench;
import org.rambo.harness.config.GridLoader;
import org.rambo.harness.config.GridSpec;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderException;
import org.rambo.training.RunFileWriter;
import org.slf4j.LoggerFactory;
import org.testng.SkipException;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;
import picocli.CommandLine;

/**
 * Integration group: errors inside a run. A failed run stays failed (exit 3) until
 * {@code --retry-failed}; input and environment errors (P above the number of classes, a runs
 * directory that is a file, a full disk) end the command with one line, the stack trace going to
 * the run's log.txt only, and leave no half-written file.
 */
@Test(groups = "integration")
public class RunFailuresTest {

    private static final String RECALL = "  - {id: rambo-recall, loss: \"rambo-recall:memory=1\"}\n";

    private Path data;

    @BeforeClass
    public void fixture() throws IOException {
        data = FashionFixture.write(Files.createTempDirectory("fmnist-failures"), 30, 12, 13);
    }

    /** `rambo-bench ARGS` in-process: exit code, then standard output and error. */
    private static String[] cli(String... args) {
        CommandLine cli = RamboBench.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    public void aFailedRunIsReportedFailedUntilRetried() throws Exception {
        String yaml = TinyGrids.yaml(data, RECALL, "4", 2, 2);
        Path gridFile = Files.createTempFile("failing", ".yaml");
        Files.writeString(gridFile, yaml);
        GridSpec grid = TinyGrids.grid(data, RECALL, "4", 2, 2);
        Path runs = Files.createTempDirectory("runs-failed");
        RunObserver poison = new RunObserver() {
            @Override
            public void batch(RunConfig c, int epoch, int step, int[] indices, float[] pixels) {
                if (epoch == 2 && step == 1) {
                    pixels[0] = Float.NaN;
                }
            }
        };
        var first = GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet().withObserver(poison));
        assertEquals(first.get(0).status(), RunOutcome.Status.FAILED);
        Path folder = RunFolders.only(runs, "tiny", "rambo-recall");
        String failedRecord = Files.readString(folder.resolve("final.json"));

        String[] again = cli("run", gridFile.toString(), "--runs-dir", runs.toString(), "--no-progress");
        assertEquals(again[0], String.valueOf(ExitCode.RUNS_FAILED), again[2]);
        assertTrue(
                again[1].contains(" FAILED ")
                        && again[1].contains("failure: embeddings became NaN or infinite at " + "epoch 2, step 1"),
                again[1]);
        assertTrue(
                again[2].contains("1 of 1 runs failed; see the table above (--retry-failed trains them again)"),
                again[2]);
        assertEquals(Files.readString(folder.resolve("final.json")), failedRecord, "a failed run is not retrained");

        String[] retried =
                cli("run", gridFile.toString(), "--runs-dir", runs.toString(), "--no-progress", "--retry-failed");
        assertEquals(retried[0], String.valueOf(ExitCode.OK), retried[2]);
        assertTrue(retried[1].contains(" FINISHED "), retried[1]);
        assertEquals(RunFolders.json(folder.resolve("final.json")).get("status").asText(), "finished");
        assertEquals(Files.readString(folder.resolve(RunFiles.FAILED_FINAL)), failedRecord);
    }

    @Test
    public void moreClassesPerBatchThanTheDataHasIsOneLineNamingTheKeyAndItsLine() throws Exception {
        String yaml = TinyGrids.yaml(data, RECALL, "4", 1, 1).replace("classes_per_batch: 4", "classes_per_batch: 11");
        Path gridFile = Files.createTempFile("p11", ".yaml");
        Files.writeString(gridFile, yaml);
        int line = 1
                + (int) yaml.substring(0, yaml.indexOf("classes_per_batch: 11"))
                        .chars()
                        .filter(c -> c == '\n')
                        .count();
        Path runs = Files.createTempDirectory("runs-p11");
        String[] r = cli("run", gridFile.toString(), "--runs-dir", runs.toString(), "--no-progress");
        assertEquals(r[0], String.valueOf(ExitCode.BAD_INPUT), r[2]);
        assertEquals(
                r[2],
                "rambo-bench run: " + gridFile + ":" + line + ": key 'protocol.sampler.classes_per_batch' is 11, "
                        + "more than the fashion-mnist training data allows: "
                        + "P=11 classes per batch but the labels have only 5 classes\n");
        assertTrue(Files.notExists(runs.resolve("tiny")), "checked before any run folder is made");

        // the same through --set names the --set
        String[] set = cli(
                "run",
                gridFile.toString(),
                "--runs-dir",
                runs.toString(),
                "--no-progress",
                "--set",
                "protocol.sampler.classes_per_batch=9");
        assertEquals(
                set[2],
                "rambo-bench run: --set protocol.sampler.classes_per_batch=9: key 'protocol.sampler.classes_per_batch'"
                        + " is 9, more than the fashion-mnist training data allows: "
                        + "P=9 classes per batch but the labels have only 5 classes\n");
        assertTrue(Files.notExists(runs.resolve("tiny")));
    }

    @Test
    public void aFinishedGridOnARunsFolderThatIsNowReadOnlyIsSkipped() throws Exception {
        Path gridFile = Files.createTempFile("grid", ".yaml");
        Files.writeString(gridFile, TinyGrids.yaml(data, RECALL, "4", 1, 1));
        Path runs = Files.createTempDirectory("runs-read-only");
        String[] first = cli("run", gridFile.toString(), "--runs-dir", runs.toString(), "--no-progress");
        assertEquals(first[0], String.valueOf(ExitCode.OK), first[2]);
        Path folder = RunFolders.only(runs, "tiny", "rambo-recall");
        List<String> files = RunFolders.names(folder);
        try (ReadOnlyFolder ro = ReadOnlyFolder.of(runs)) {
            if (!ro.isReadOnly()) {
                throw new SkipException("cannot make a read-only folder here");
            }
            String[] again = cli("run", gridFile.toString(), "--runs-dir", runs.toString(), "--no-progress");
            assertEquals(again[0], String.valueOf(ExitCode.OK), again[2]);
            assertTrue(again[1].contains(" SKIPPED "), again[1]);
            assertEquals(again[2], "");
            String[] list = cli("list", gridFile.toString(), "--runs-dir", runs.toString());
            assertEquals(list[0], String.valueOf(ExitCode.OK), list[2]);
            assertTrue(list[1].contains(" finished "), list[1]);
        }
        assertEquals(RunFolders.names(folder), files, "nothing written");
    }

    @Test
    public void aDamagedRunFolderIsToldOnceNotAlsoAsALoggedError() throws Exception {
        Path gridFile = Files.createTempFile("grid", ".yaml");
        Files.writeString(gridFile, TinyGrids.yaml(data, RECALL, "4", 1, 1));
        Path runs = Files.createTempDirectory("runs-told-once");
        RunConfig config = GridRunner.runConfigs(GridLoader.load(gridFile)).get(0);
        Path folder = runs.resolve("tiny").resolve(config.folderName());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("checkpoint.ndlist"), "garbage");
        Logger rambo = (Logger) LoggerFactory.getLogger("org.rambo");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        rambo.addAppender(logged);
        String[] r;
        try {
            r = cli("run", gridFile.toString(), "--runs-dir", runs.toString(), "--no-progress");
        } finally {
            rambo.detachAppender(logged);
        }
        String line = "rambo-bench run: " + folder.resolve("checkpoint.ndlist")
                + ": not a readable checkpoint (7 bytes, damaged or cut short); delete the run folder to retrain the run";
        assertEquals(r[0], String.valueOf(ExitCode.BAD_INPUT));
        assertEquals(r[2], line + "\n");
        assertEquals(
                logged.list.stream()
                        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                        .map(ILoggingEvent::getFormattedMessage)
                        .toList(),
                List.of(),
                "the terminal gets the line once, from the command");
        assertTrue(Files.readString(folder.resolve("log.txt")).contains("\tat "), "the stack trace goes to log.txt");
    }

    @Test
    public void aConfigJsonThatIsNotJsonIsDamageNotAnotherConfig() throws Exception {
        Path gridFile = Files.createTempFile("grid", ".yaml");
        Files.writeString(gridFile, TinyGrids.yaml(data, RECALL, "4", 1, 1));
        Path runs = Files.createTempDirectory("runs-bad-config");
        RunConfig config = GridRunner.runConfigs(GridLoader.load(gridFile)).get(0);
        Path folder = runs.resolve("tiny").resolve(config.folderName());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("config.json"), "{\"grid\": \"tin");
        String[] r = cli("run", gridFile.toString(), "--runs-dir", runs.toString(), "--no-progress");
        assertEquals(r[0], String.valueOf(ExitCode.BAD_INPUT));
        assertEquals(
                r[2],
                "rambo-bench run: " + folder.resolve("config.json")
                        + ": is damaged (not a JSON object); delete the run folder to retrain the run\n");
        assertTrue(Files.notExists(folder.resolve("final.json")));
        assertTrue(Files.notExists(folder.resolve("checkpoint.ndlist")));
    }

    @Test
    public void aRunsDirectoryThatIsAFileIsOneLine() throws Exception {
        Path file = Files.createTempFile("runs", ".txt");
        RunFolderException e = expectThrows(
                RunFolderException.class,
                () -> GridRunner.run(TinyGrids.grid(data, RECALL, "4", 1, 1), file, Path.of(""), RunOptions.quiet()));
        assertEquals(e.getMessage(), file + ": is a file, not a folder for run folders; name another --runs-dir");

        Path gridFile = Files.createTempFile("grid", ".yaml");
        Files.writeString(gridFile, TinyGrids.yaml(data, RECALL, "4", 1, 1));
        String[] r = cli("run", gridFile.toString(), "--runs-dir", file.toString(), "--no-progress");
        assertEquals(r[0], String.valueOf(ExitCode.BAD_INPUT));
        assertEquals(
                r[2],
                "rambo-bench run: " + file + ": is a file, not a folder for run folders; "
                        + "name another --runs-dir\n");
    }

    @Test
    public void anEmptyFinalRecordEndsTheCommandWithOneLineAndExit1() throws Exception {
        Path gridFile = Files.createTempFile("grid", ".yaml");
        Files.writeString(gridFile, TinyGrids.yaml(data, RECALL, "4", 1, 1));
        Path runs = Files.createTempDirectory("runs-empty-final");
        RunConfig config = GridRunner.runConfigs(GridLoader.load(gridFile)).get(0);
        Path folder = runs.resolve("tiny").resolve(config.folderName());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("final.json"), "");
        String[] r = cli("run", gridFile.toString(), "--runs-dir", runs.toString(), "--no-progress");
        assertEquals(r[0], String.valueOf(ExitCode.BAD_INPUT));
        assertEquals(
                r[2],
                "rambo-bench run: " + folder.resolve("final.json") + ": empty or not a JSON object; delete final.json"
                        + " and train again to rewrite it from the checkpoint, or delete the run folder to"
                        + " retrain the run\n");
    }

    /** An output stream that fails like a full disk after {@code room} bytes. */
    private static final class FullDisk extends FilterOutputStream {
        private long room;

        FullDisk(OutputStream out, long room) {
            super(out);
            this.room = room;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > room) {
                throw new IOException("No space left on device");
            }
            room -= len;
            out.write(b, off, len);
        }
    }

    @Test
    public void aFullDiskWhileCheckpointingIsOneLineAndLeavesNoTempFile() throws Exception {
        GridSpec grid = TinyGrids.grid(data, RECALL, "4", 2, 2);
        Path runs = Files.createTempDirectory("runs-full");
        RunFileWriter fullAt4k =
                (target, body) -> AtomicWriter.write(target, out -> body.write(new FullDisk(out, 4096)));
        UncheckedIOException e = expectThrows(
                UncheckedIOException.class,
                () -> GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet().withWriter(fullAt4k)));
        Path folder = RunFolders.only(runs, "tiny", "rambo-recall");
        assertEquals(
                e.getMessage(),
                "cannot write " + folder.resolve("checkpoint.ndlist").toAbsolutePath() + ": No space left on device");
        assertEquals(RunFolders.temps(folder), List.of());
        assertTrue(Files.notExists(folder.resolve("checkpoint.ndlist")));
        assertTrue(Files.notExists(folder.resolve("final.json")));
        String log = Files.readString(folder.resolve("log.txt"));
        assertTrue(log.contains("java.io.IOException: No space left on device") && log.contains("\tat "), log);

        var resumed = GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet());
        assertEquals(resumed.get(0).status(), RunOutcome.Status.FINISHED, "space again: the run trains to the end");
    }

    @Test
    public void aRealFullFileSystemIsOneLine() throws Exception {
        Path mount = Files.createTempDirectory("tmpfs-512k");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount.toString())
                .redirectErrorStream(true)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new SkipException("cannot mount a 512k tmpfs here (needs root): "
                    + new String(p.getInputStream().readAllBytes()).trim() + "; the simulated full disk still runs");
        }
        try {
            Path gridFile = Files.createTempFile("grid", ".yaml");
            Files.writeString(gridFile, TinyGrids.yaml(data, RECALL, "4", 1, 1));
            String[] r = cli("run", gridFile.toString(), "--runs-dir", mount.toString(), "--no-progress");
            Path folder = RunFolders.only(mount, "tiny", "rambo-recall");
            assertEquals(r[0], String.valueOf(ExitCode.ENVIRONMENT), r[2]);
            assertEquals(
                    r[2],
                    "rambo-bench run: cannot write " + folder.resolve("checkpoint.ndlist")
                            + ": No space left on device\n");
            assertEquals(RunFolders.temps(folder), List.of());
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
