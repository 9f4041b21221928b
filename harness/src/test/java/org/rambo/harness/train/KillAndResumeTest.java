package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/**
 * Integration group: `rambo-bench run` in a child JVM is killed with SIGKILL after its first
 * checkpoint; running the same command again resumes and ends with exactly the metrics of an
 * uninterrupted run.
 */
@Test(groups = "integration")
public class KillAndResumeTest {

    private static final String GRID = """
            name: killed
            dataset: {name: fashion-mnist, root: "%s", verify_checksums: false}
            protocol:
              backbone: small-cnn
              embedding_dim: 8
              image: {resize: 28, crop: 28, flip: true, channels: 1}
              sampler: {classes_per_batch: 4, samples_per_class: 4}
              optimizer: {name: adam, learning_rate: 0.003}
              epochs: 3
              steps_per_epoch: 4
              eval: {ks: [1]}
              threads: 1
            seeds: [11]
            methods:
              - {id: rambo-recall-loglog, loss: "rambo-recall:lambda=4,margin=0.02,weight=loglog1p,memory=2"}
            """;

    private static Path runFolder(Path runs) throws Exception {
        Path grid = runs.resolve("killed");
        if (!Files.isDirectory(grid)) {
            return null;
        }
        try (var s = Files.list(grid)) {
            return s.findFirst().orElse(null);
        }
    }

    @Test
    public void killDashNineThenResumeGivesTheUninterruptedMetrics() throws Exception {
        Path data = FashionFixture.write(Files.createTempDirectory("fmnist-kill"), 30, 12, 5);
        Path grid = Files.createTempFile("killed", ".yaml");
        Files.writeString(grid, GRID.formatted(data.toString().replace(File.separatorChar, '/')));

        Path straight = Files.createTempDirectory("runs-straight");
        ChildRun uninterrupted = ChildRun.start(grid, straight);
        assertEquals(uninterrupted.exitCode(), 0, "uninterrupted run failed: " + uninterrupted.output());
        Path expected = runFolder(straight);

        Path runs = Files.createTempDirectory("runs-killed");
        ChildRun first = ChildRun.start(grid, runs);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            Path folder = runFolder(runs);
            if (folder != null && Files.exists(folder.resolve("checkpoint.ndlist"))) {
                break;
            }
            assertTrue(
                    first.process.isAlive() && System.nanoTime() < deadline,
                    "no checkpoint appeared: " + first.output());
            Thread.sleep(20);
        }
        first.process.destroyForcibly(); // SIGKILL on Unix
        first.process.waitFor(1, TimeUnit.MINUTES);
        Path folder = runFolder(runs);
        assertTrue(Files.notExists(folder.resolve("final.json")), "killed before the end: no final.json");

        ChildRun second = ChildRun.start(grid, runs);
        assertEquals(second.exitCode(), 0, "resumed run failed: " + second.output());
        JsonNode resumed = RunFolders.json(folder.resolve("final.json"));
        JsonNode wanted = RunFolders.json(expected.resolve("final.json"));
        assertEquals(resumed.get("last"), wanted.get("last"));
        assertEquals(resumed.get("best"), wanted.get("best"));
        assertTrue(Files.readString(folder.resolve("log.txt")).contains("resuming"));
        List<String> epochs = RunFolders.epochsWithoutTime(folder);
        assertEquals(epochs.size(), 4, "header + 3 epochs, none duplicated: " + epochs);
        assertEquals(epochs, RunFolders.epochsWithoutTime(expected));
        assertEquals(RunFolders.stepLosses(folder), RunFolders.stepLosses(expected));
    }
}
