package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

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
import org.rambo.harness.cli.ExitCode;
import org.rambo.harness.cli.RamboBench;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.config.GridLoader;
import org.rambo.harness.config.GridSpec;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.RunFolderException;
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
        assertEquals(Files.readString(folder.resolve(RunFolder.FAILED_ASIDE)), failedRecord);
    }

    @Test
    public void moreClassesPerBatchThanTheDataHasIsOneLineNamingTheKey() throws Exception {
        String yaml = TinyGrids.yaml(data, RECALL, "4", 1, 1).replace("classes_per_batch: 4", "classes_per_batch: 11");
        Path gridFile = Files.createTempFile("p11", ".yaml");
        Files.writeString(gridFile, yaml);
        Path runs = Files.createTempDirectory("runs-p11");
        ConfigException e = expectThrows(
                ConfigException.class,
                () -> GridRunner.run(GridLoader.load(gridFile), runs, Path.of(""), RunOptions.quiet()));
        assertEquals(
                e.getMessage(),
                "grid tiny, protocol.sampler on the fashion-mnist training data: "
                        + "P=11 classes per batch but the labels have only 5 classes");
        Path folder = RunFolders.only(runs, "tiny", "rambo-recall");
        assertTrue(Files.readString(folder.resolve("log.txt")).contains("\tat "), "the stack trace goes to log.txt");
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
        assertEquals(r[2], "rambo-bench run: " + folder.resolve("final.json") + ": empty or not a JSON object\n");
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
