package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rambo.harness.config.GridSpec;
import org.rambo.training.Preemption;
import org.testng.annotations.Test;

/**
 * Integration group: a run stopped mid-epoch (preemption requested during a step) writes a
 * checkpoint after that step, and resuming from it ends with exactly the metrics, epoch rows and
 * step losses of an uninterrupted run, with RaMBO's memory and margin noise in play.
 */
@Test(groups = "integration")
public class PreemptionTest {

    private static final String NOISY_AP_WITH_MEMORY =
            "  - {id: rambo-ap, loss: \"rambo-ap:lambda=4,margin=0.02,memory=2,noise=true\"}\n";

    private static final String MARGIN = "  - {id: margin, loss: \"margin:alpha=0.2,beta=1.2\"}\n";

    @Test
    public void midEpochStopThenResumeGivesTheUninterruptedNumbers() throws Exception {
        stopInEpoch2Step2ThenResume(NOISY_AP_WITH_MEMORY, "rambo-ap");
    }

    @Test
    public void marginLossSamplerResumesMidEpochToo() throws Exception {
        stopInEpoch2Step2ThenResume(MARGIN, "margin");
    }

    private static void stopInEpoch2Step2ThenResume(String methods, String method) throws Exception {
        Path data = FashionFixture.write(Files.createTempDirectory("fmnist-preempt"), 30, 12, 21);
        GridSpec grid = TinyGrids.grid(data, methods, "6", 3, 4);
        Path straight = Files.createTempDirectory("runs-straight");
        GridRunner.run(grid, straight, Path.of(""), RunOptions.quiet());
        Path expected = RunFolders.only(straight, "tiny", method);

        Path runs = Files.createTempDirectory("runs-preempted");
        Preemption preemption = Preemption.manual();
        RunObserver stopInEpoch2Step2 = new RunObserver() {
            @Override
            public void batch(RunConfig c, int epoch, int step, int[] indices, float[] pixels) {
                if (epoch == 2 && step == 2) {
                    preemption.request("test");
                }
            }
        };
        var first = GridRunner.run(
                grid, runs, Path.of(""), new RunOptions(false, false, stopInEpoch2Step2, null, preemption, null));
        assertEquals(first.get(0).status(), RunOutcome.Status.INTERRUPTED);
        Path folder = RunFolders.only(runs, "tiny", method);
        assertTrue(Files.notExists(folder.resolve("final.json")));
        assertEquals(RunFolders.stepLosses(folder).size(), 1 + 4 + 2, "header, epoch 1, two steps of epoch 2");
        assertEquals(Files.readAllLines(folder.resolve("epochs.csv")).size(), 2, "header and epoch 1");
        assertTrue(Files.readString(folder.resolve("log.txt"))
                .contains("interrupted by test: checkpoint after epoch 1 and step 2 of epoch 2 written"));

        var second = GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet());
        assertEquals(second.get(0).status(), RunOutcome.Status.FINISHED);
        assertTrue(Files.readString(folder.resolve("log.txt")).contains("resuming " + method + "-s6-"));
        assertEquals(
                RunFolders.json(folder.resolve("final.json")).get("last"),
                RunFolders.json(expected.resolve("final.json")).get("last"));
        assertEquals(
                RunFolders.json(folder.resolve("final.json")).get("best"),
                RunFolders.json(expected.resolve("final.json")).get("best"));
        assertEquals(RunFolders.epochsWithoutTime(folder), RunFolders.epochsWithoutTime(expected));
        List<String> losses = RunFolders.stepLosses(folder);
        assertEquals(losses, RunFolders.stepLosses(expected));
        assertEquals(losses.size(), 13);
    }

    @Test
    public void aStopDuringSetUpSaysNoCheckpointWasWritten() throws Exception {
        Path data = FashionFixture.write(Files.createTempDirectory("fmnist-setup-stop"), 30, 12, 22);
        GridSpec grid = TinyGrids.grid(data, MARGIN, "6", 2, 2);
        Path runs = Files.createTempDirectory("runs-setup-stop");
        Preemption preemption = Preemption.manual();
        RunObserver stopWhileSettingUp = new RunObserver() {
            @Override
            public void initialized(RunConfig c, String parameterDigest) {
                preemption.request("test");
            }
        };
        var out = GridRunner.run(
                grid, runs, Path.of(""), new RunOptions(false, false, stopWhileSettingUp, null, preemption, null));
        assertEquals(out.get(0).status(), RunOutcome.Status.INTERRUPTED);
        Path folder = RunFolders.only(runs, "tiny", "margin");
        String log = Files.readString(folder.resolve("log.txt"));
        assertTrue(
                log.contains("interrupted by test: no step done yet, no checkpoint; run the same command again"), log);
        assertTrue(!log.contains("written"), log);
        assertTrue(Files.notExists(folder.resolve("checkpoint.ndlist")));
        assertTrue(Files.notExists(folder.resolve("final.json")));
    }
}
