package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rambo.harness.config.GridSpec;
import org.rambo.training.Preemption;
import org.testng.annotations.Test;

/**
 * Integration group: fingerprints.csv holds, after steps 1, 10 and the last (12 here), the step's
 * loss as steps.csv has it and a SHA-256 of the weights; a run stopped mid-epoch and resumed
 * writes exactly the fingerprints of an uninterrupted one.
 */
@Test(groups = "integration")
public class FingerprintsTest {

    private static final String METHOD = "  - {id: rambo-ap, loss: \"rambo-ap:lambda=4,margin=0.02,memory=2\"}\n";

    @Test
    public void fingerprintsOfAResumedRunEqualThoseOfAnUninterruptedOne() throws Exception {
        Path data = FashionFixture.write(Files.createTempDirectory("fmnist-fingerprints"), 30, 12, 31);
        GridSpec grid = TinyGrids.grid(data, METHOD, "3", 3, 4);
        Path straight = Files.createTempDirectory("runs-fp-straight");
        GridRunner.run(grid, straight, Path.of(""), RunOptions.quiet());
        Path expected = RunFolders.only(straight, "tiny", "rambo-ap");
        List<String> lines = Files.readAllLines(expected.resolve("fingerprints.csv"));
        assertEquals(lines.get(0), "step,epoch,step_in_epoch,loss,weights_sha256");
        assertEquals(lines.size(), 4, String.join("\n", lines));
        List<String> losses = RunFolders.stepLosses(expected); // header, then epoch,step,loss per step
        String[][] want = {{"1", "1", "1"}, {"10", "3", "2"}, {"12", "3", "4"}};
        for (int i = 0; i < want.length; i++) {
            String[] c = lines.get(i + 1).split(",");
            assertEquals(c[0], want[i][0]);
            assertEquals(c[1] + "," + c[2], want[i][1] + "," + want[i][2]);
            int global = Integer.parseInt(want[i][0]);
            assertEquals(c[1] + "," + c[2] + "," + c[3], losses.get(global), "the loss steps.csv holds");
            assertTrue(c[4].matches("[0-9a-f]{64}"), c[4]);
        }
        assertNotEquals(lines.get(1).split(",")[4], lines.get(2).split(",")[4], "the weights move");

        Path runs = Files.createTempDirectory("runs-fp-stopped");
        Preemption preemption = Preemption.manual();
        RunObserver stop = new RunObserver() {
            @Override
            public void batch(RunConfig c, int epoch, int step, int[] indices, float[] pixels) {
                if (epoch == 3 && step == 1) {
                    preemption.request("test");
                }
            }
        };
        var first = GridRunner.run(grid, runs, Path.of(""), new RunOptions(false, false, stop, null, preemption, null));
        assertEquals(first.get(0).status(), RunOutcome.Status.INTERRUPTED);
        Path folder = RunFolders.only(runs, "tiny", "rambo-ap");
        assertEquals(Files.readAllLines(folder.resolve("fingerprints.csv")), lines.subList(0, 2), "step 1 only yet");
        var second = GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet());
        assertEquals(second.get(0).status(), RunOutcome.Status.FINISHED);
        assertEquals(Files.readAllLines(folder.resolve("fingerprints.csv")), lines);
    }
}
