package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rambo.runfolder.CanonicalJson;
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

    private static Process start(Path grid, Path runs, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                "org.rambo.harness.cli.RamboBench", "run", grid.toString(), "--runs-dir", runs.toString(),
                "--no-progress")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

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
        Process p0 = start(grid, straight, Files.createTempFile("straight", ".log"));
        assertTrue(p0.waitFor(5, TimeUnit.MINUTES) && p0.exitValue() == 0, "uninterrupted run failed");
        JsonNode expected = CanonicalJson.MAPPER.readTree(runFolder(straight).resolve("final.json").toFile());

        Path runs = Files.createTempDirectory("runs-killed");
        Path log = Files.createTempFile("killed", ".log");
        Process p1 = start(grid, runs, log);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            Path folder = runFolder(runs);
            if (folder != null && Files.exists(folder.resolve("checkpoint.ndlist"))) {
                break;
            }
            assertTrue(p1.isAlive() && System.nanoTime() < deadline,
                    "no checkpoint appeared: " + Files.readString(log));
            Thread.sleep(20);
        }
        p1.destroyForcibly(); // SIGKILL on Unix
        p1.waitFor(1, TimeUnit.MINUTES);
        Path folder = runFolder(runs);
        assertTrue(Files.notExists(folder.resolve("final.json")), "killed before the end: no final.json");

        Process p2 = start(grid, runs, log);
        assertTrue(p2.waitFor(5, TimeUnit.MINUTES) && p2.exitValue() == 0,
                "resumed run failed: " + Files.readString(log));
        JsonNode resumed = CanonicalJson.MAPPER.readTree(folder.resolve("final.json").toFile());
        assertEquals(resumed.get("last"), expected.get("last"));
        assertEquals(resumed.get("best"), expected.get("best"));
        assertTrue(Files.readString(folder.resolve("log.txt")).contains("resuming"));
        List<String> epochs = Files.readAllLines(folder.resolve("epochs.csv"));
        assertEquals(epochs.size(), 4, "header + 3 epochs, none duplicated: " + epochs);
    }
}
