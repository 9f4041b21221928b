package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.rambo.harness.config.GridSpec;
import org.rambo.runfolder.RunFolderException;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Integration group: everything read back from an unfinished run folder is checked. Damage past
 * the checkpoint (rows a kill left after it, a row cut short, stale temp files) is dropped and the
 * run resumes to the uninterrupted numbers; damage the run cannot resume from exactly fails with
 * one line naming the file and what to do, and nothing is marked finished.
 */
@Test(groups = "integration")
public class ResumeRecoveryTest {

    private static final String METHOD = "  - {id: rambo-recall, loss: \"rambo-recall:memory=1\"}\n";

    private Path data;
    private GridSpec grid;
    private Path expected;

    @BeforeClass
    public void uninterruptedRun() throws Exception {
        data = FashionFixture.write(Files.createTempDirectory("fmnist-recovery"), 30, 12, 8);
        grid = TinyGrids.grid(data, METHOD, "9", 3, 2);
        Path runs = Files.createTempDirectory("runs-straight");
        GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet());
        expected = RunFolders.only(runs, "tiny", "rambo-recall");
    }

    /** A run folder whose process crashed right after the checkpoint of epoch 2. */
    private Path crashedAfterEpoch2() throws Exception {
        Path runs = Files.createTempDirectory("runs-crashed");
        RunObserver crash = new RunObserver() {
            @Override
            public void checkpointed(RunConfig c, int epoch) {
                if (epoch == 2) {
                    throw new IllegalStateException("injected crash after epoch 2");
                }
            }
        };
        var out = GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet().withObserver(crash));
        assertEquals(out.get(0).status(), RunOutcome.Status.FAILED);
        return runs;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Test
    public void rowsPastTheCheckpointAndStaleTempsAreDroppedAndTheRunResumesExactly() throws Exception {
        Path runs = crashedAfterEpoch2();
        Path folder = RunFolders.only(runs, "tiny", "rambo-recall");
        append(folder.resolve("epochs.csv"), "3,0.61"); // a row cut mid-way, past the checkpoint
        append(folder.resolve("steps.csv"), "3,1,1.5,2.5,0.5,x\n"); // a damaged row, past the checkpoint
        Files.writeString(folder.resolve(".checkpoint.ndlist.1234.tmp"), "half a checkpoint");

        var out = GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet());
        assertEquals(
                out.get(0).status(),
                RunOutcome.Status.FINISHED,
                String.valueOf(out.get(0).failure()));
        assertEquals(RunFolders.temps(folder), List.of());
        assertEquals(RunFolders.epochsWithoutTime(folder), RunFolders.epochsWithoutTime(expected));
        assertEquals(RunFolders.stepLosses(folder), RunFolders.stepLosses(expected));
        assertEquals(
                RunFolders.json(folder.resolve("final.json")).get("last"),
                RunFolders.json(expected.resolve("final.json")).get("last"));
    }

    @Test
    public void aTableCutBeforeTheCheckpointIsReportedInOneLine() throws Exception {
        Path folder = RunFolders.only(crashedAfterEpoch2(), "tiny", "rambo-recall");
        Path epochs = folder.resolve("epochs.csv");
        List<String> lines = Files.readAllLines(epochs);
        String cut = lines.get(2).substring(0, lines.get(2).indexOf(',', 2));
        Files.writeString(epochs, lines.get(0) + "\n" + lines.get(1) + "\n" + cut + "\n");
        int columns = lines.get(0).split(",").length;

        RunFolderException e = expectThrows(
                RunFolderException.class,
                () -> GridRunner.run(grid, folder.getParent().getParent(), Path.of(""), RunOptions.quiet()));
        assertEquals(
                e.getMessage(),
                epochs + ": holds epochs up to 1 but the checkpoint is after epoch 2 (line 3: "
                        + "2 values for " + columns + " columns), so the run cannot resume exactly; "
                        + "delete the run folder to retrain the run");
        assertTrue(Files.notExists(folder.resolve("final.json")), "never turned into a finished result");
    }

    @Test
    public void aGarbageCheckpointIsReportedInOneLine() throws Exception {
        Path folder = RunFolders.only(crashedAfterEpoch2(), "tiny", "rambo-recall");
        Path checkpoint = folder.resolve("checkpoint.ndlist");
        Files.writeString(checkpoint, "garbage");

        RunFolderException e = expectThrows(
                RunFolderException.class,
                () -> GridRunner.run(grid, folder.getParent().getParent(), Path.of(""), RunOptions.quiet()));
        assertEquals(
                e.getMessage(),
                checkpoint + ": not a readable checkpoint (7 bytes, damaged or cut short); "
                        + "delete the run folder to retrain the run");
        assertTrue(Files.notExists(folder.resolve("final.json")));
        assertTrue(
                Files.readString(folder.resolve("log.txt")).contains(RunFolderException.class.getName()),
                "the stack trace goes to log.txt");
    }

    @Test
    public void aTruncatedCheckpointIsReportedInOneLine() throws Exception {
        Path folder = RunFolders.only(crashedAfterEpoch2(), "tiny", "rambo-recall");
        Path checkpoint = folder.resolve("checkpoint.ndlist");
        byte[] whole = Files.readAllBytes(checkpoint);
        Files.write(checkpoint, Arrays.copyOf(whole, whole.length - 100));

        RunFolderException e = expectThrows(
                RunFolderException.class,
                () -> GridRunner.run(grid, folder.getParent().getParent(), Path.of(""), RunOptions.quiet()));
        assertEquals(
                e.getMessage(),
                checkpoint + ": not a readable checkpoint (" + (whole.length - 100)
                        + " bytes, damaged or cut short); delete the run folder to retrain the run");
    }

    @Test
    public void anEmptyFinalRecordIsReportedInOneLine() throws Exception {
        Path runs = Files.createTempDirectory("runs-empty-final");
        RunConfig config = GridRunner.runConfigs(grid).get(0);
        Path folder = runs.resolve("tiny").resolve(config.folderName());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("final.json"), "");

        RunFolderException e = expectThrows(
                RunFolderException.class, () -> GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet()));
        String whatToDo = "; delete final.json and train again to rewrite it from the checkpoint,"
                + " or delete the run folder to retrain the run";
        assertEquals(e.getMessage(), folder.resolve("final.json") + ": empty or not a JSON object" + whatToDo);
        Files.writeString(
                folder.resolve("final.json"), "{\"status\": \"finished\", \"last\": {\"recall_at_1\": \"x\"}}");
        e = expectThrows(RunFolderException.class, () -> GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet()));
        assertEquals(
                e.getMessage(), folder.resolve("final.json") + ": \"last.recall_at_1\" is not a number" + whatToDo);
        Files.writeString(folder.resolve("final.json"), "{\"status\": \"fini");
        e = expectThrows(RunFolderException.class, () -> GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet()));
        assertTrue(
                e.getMessage().startsWith(folder.resolve("final.json") + ": not valid JSON (")
                        && e.getMessage().endsWith(")" + whatToDo),
                e.getMessage());
    }
    /** A finished run whose final.json was never written (a kill right after the last checkpoint). */
    private Path finishedWithoutFinalRecord() throws Exception {
        Path runs = Files.createTempDirectory("runs-no-final");
        GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet());
        Path folder = RunFolders.only(runs, "tiny", "rambo-recall");
        Files.delete(folder.resolve("final.json"));
        return folder;
    }

    @Test
    public void aStepsRowCutBeforeTheCheckpointIsNeverMarkedFinished() throws Exception {
        Path folder = finishedWithoutFinalRecord();
        Path steps = folder.resolve("steps.csv");
        String whole = Files.readString(steps);
        // the last row loses its line end and its last digit: what is left still parses as numbers
        Files.writeString(steps, whole.substring(0, whole.length() - 2));

        RunFolderException e = expectThrows(
                RunFolderException.class,
                () -> GridRunner.run(grid, folder.getParent().getParent(), Path.of(""), RunOptions.quiet()));
        assertEquals(
                e.getMessage(),
                steps + ": holds steps up to step 1 of epoch 3 but the checkpoint is after epoch 3 (line 7: "
                        + "cut short (no line end)), so the run cannot resume exactly; "
                        + "delete the run folder to retrain the run");
        assertTrue(Files.notExists(folder.resolve("final.json")), "never turned into a finished result");
        assertEquals(Files.readString(steps), whole.substring(0, whole.length() - 2), "the file is left as it was");
    }

    @Test
    public void aStepsTableMissingTheCheckpointEpochsLastRowIsNeverMarkedFinished() throws Exception {
        Path folder = finishedWithoutFinalRecord();
        Path steps = folder.resolve("steps.csv");
        List<String> lines = Files.readAllLines(steps);
        assertEquals(lines.size(), 1 + 3 * 2, "header and 3 epochs of 2 steps");
        Files.write(steps, lines.subList(0, lines.size() - 1));

        RunFolderException e = expectThrows(
                RunFolderException.class,
                () -> GridRunner.run(grid, folder.getParent().getParent(), Path.of(""), RunOptions.quiet()));
        assertEquals(
                e.getMessage(),
                steps + ": holds steps up to step 1 of epoch 3 but the checkpoint is after epoch 3, "
                        + "so the run cannot resume exactly; delete the run folder to retrain the run");
        assertTrue(Files.notExists(folder.resolve("final.json")));
    }
}
