package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.rambo.harness.cli.ExitCode;
import org.testng.annotations.Test;

/**
 * Integration group: `rambo-bench run` in a child JVM gets SIGTERM in the middle of an epoch; it
 * finishes the step, writes a mid-epoch checkpoint and exits 75; the same command resumes from
 * that step and ends with exactly the numbers of an uninterrupted run.
 */
@Test(groups = "integration")
public class SigtermResumeTest {

    private static final String METHOD = "  - {id: rambo-ap, loss: \"rambo-ap:memory=2,noise=true\"}\n";

    @Test
    public void sigtermMidEpochThenResumeGivesTheUninterruptedNumbers() throws Exception {
        Path data = FashionFixture.write(Files.createTempDirectory("fmnist-sigterm"), 30, 12, 17);
        Path grid = Files.createTempFile("sigterm", ".yaml");
        Files.writeString(grid, TinyGrids.yaml(data, METHOD, "5", 2, 120));

        Path straight = Files.createTempDirectory("runs-straight");
        ChildRun uninterrupted = ChildRun.start(grid, straight);
        assertEquals(uninterrupted.exitCode(), 0, uninterrupted.output());
        Path expected = RunFolders.only(straight, "tiny", "rambo-ap");

        Path runs = Files.createTempDirectory("runs-sigterm");
        ChildRun first = ChildRun.start(grid, runs);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        Path checkpoint = null;
        while (checkpoint == null || Files.notExists(checkpoint)) {
            assertTrue(first.process.isAlive() && System.nanoTime() < deadline, "no checkpoint: " + first.output());
            Thread.sleep(20);
            // the grid folder appears before the run folder: look again until both are there
            checkpoint = RunFolders.find(runs, "tiny", "rambo-ap")
                    .map(f -> f.resolve("checkpoint.ndlist"))
                    .orElse(null);
        }
        Thread.sleep(300); // into epoch 2's 120 steps
        first.process.destroy(); // SIGTERM
        assertEquals(first.exitCode(), ExitCode.INTERRUPTED, first.output());
        Path folder = checkpoint.getParent();
        String log = Files.readString(folder.resolve("log.txt"));
        assertTrue(
                log.matches("(?s).*interrupted by SIGTERM: checkpoint after epoch 1 and step \\d+ of epoch 2 "
                        + "written; run the same command again to resume.*"),
                log);
        assertTrue(
                first.output().contains("stopped by SIGTERM after a checkpoint; run the same command again to resume"),
                first.output());
        assertTrue(Files.notExists(folder.resolve("final.json")));

        ChildRun second = ChildRun.start(grid, runs);
        assertEquals(second.exitCode(), 0, second.output());
        assertTrue(Files.readString(folder.resolve("log.txt")).contains("resuming rambo-ap-s5-"));
        assertEquals(
                RunFolders.json(folder.resolve("final.json")).get("last"),
                RunFolders.json(expected.resolve("final.json")).get("last"));
        assertEquals(
                RunFolders.json(folder.resolve("final.json")).get("best"),
                RunFolders.json(expected.resolve("final.json")).get("best"));
        assertEquals(RunFolders.epochsWithoutTime(folder), RunFolders.epochsWithoutTime(expected));
        assertEquals(RunFolders.stepLosses(folder), RunFolders.stepLosses(expected));
    }
}
