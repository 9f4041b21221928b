package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Integration group: two `rambo-bench run` processes on one grid share its runs through the run
 * folders' locks, whether started together or the second after the first's first checkpoint:
 * every run is trained exactly once, all finish, and the numbers are those of one process
 * running the grid alone.
 */
@Test(groups = "integration")
public class SharedGridProcessesTest {

    private static final String METHOD = "  - {id: rambo-ap, loss: \"rambo-ap:memory=1,noise=true\"}\n";
    private static final List<Long> SEEDS = List.of(1L, 2L, 3L);

    private Path grid;
    private Path alone;

    @BeforeClass
    public void oneProcessAlone() throws Exception {
        Path data = FashionFixture.write(Files.createTempDirectory("fmnist-shared"), 30, 12, 3);
        grid = Files.createTempFile("shared", ".yaml");
        Files.writeString(grid, TinyGrids.yaml(data, METHOD, "1, 2, 3", 3, 3));
        alone = Files.createTempDirectory("runs-alone");
        ChildRun single = ChildRun.start(grid, alone);
        assertEquals(single.exitCode(), 0, single.output());
    }

    @Test
    public void startedTogetherEachRunIsTrainedOnce() throws Exception {
        Path runs = Files.createTempDirectory("runs-together");
        ChildRun a = ChildRun.start(grid, runs);
        ChildRun b = ChildRun.start(grid, runs);
        assertEquals(a.exitCode(), 0, a.output());
        assertEquals(b.exitCode(), 0, b.output());
        assertTrainedOnceWithTheNumbersOfOneProcess(runs);
        assertTrue(
                (a.output() + b.output()).contains(": trained by another process, skipped"),
                "one of them met a run the other held:\n" + a.output() + "\n" + b.output());
    }

    @Test
    public void staggeredEachRunIsTrainedOnce() throws Exception {
        Path runs = Files.createTempDirectory("runs-staggered");
        ChildRun a = ChildRun.start(grid, runs);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!anyCheckpoint(runs)) {
            assertTrue(a.process.isAlive() && System.nanoTime() < deadline, "no checkpoint appeared: " + a.output());
            Thread.sleep(20);
        }
        ChildRun b = ChildRun.start(grid, runs);
        assertEquals(a.exitCode(), 0, a.output());
        assertEquals(b.exitCode(), 0, b.output());
        assertTrainedOnceWithTheNumbersOfOneProcess(runs);
    }

    private static boolean anyCheckpoint(Path runs) throws IOException {
        Path dir = runs.resolve("tiny");
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var s = Files.list(dir)) {
            return s.anyMatch(f -> Files.exists(f.resolve("checkpoint.ndlist")));
        }
    }

    private void assertTrainedOnceWithTheNumbersOfOneProcess(Path runs) throws IOException {
        for (long seed : SEEDS) {
            Path folder = folder(runs, seed);
            String log = Files.readString(folder.resolve("log.txt"));
            assertEquals(count(log, " started rambo-ap-s" + seed + "-"), 1, log);
            assertEquals(count(log, " resuming "), 0, log);
            assertEquals(
                    RunFolders.json(folder.resolve("final.json")).get("status").asText(), "finished");
            Path reference = folder(alone, seed);
            assertEquals(RunFolders.epochsWithoutTime(folder), RunFolders.epochsWithoutTime(reference));
            assertEquals(RunFolders.epochsWithoutTime(folder).size(), 4, "header and 3 epochs, each once");
            assertEquals(RunFolders.stepLosses(folder), RunFolders.stepLosses(reference));
            assertEquals(
                    RunFolders.json(folder.resolve("final.json")).get("last"),
                    RunFolders.json(reference.resolve("final.json")).get("last"));
        }
    }

    private static Path folder(Path runs, long seed) throws IOException {
        try (var s = Files.list(runs.resolve("tiny"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("rambo-ap-s" + seed + "-"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
