package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rambo.harness.config.GridSpec;
import org.rambo.rank.RamboRetrievalLoss;
import org.rambo.runfolder.CanonicalJson;
import org.rambo.training.Seeds;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Integration group: a tiny grid (2 methods, few steps, fixture data) end to end — run
 * folders, identical protocol across methods, skip when finished, resume after a crash with
 * the same metrics, determinism, and a non-finite loss stopping one run but not the grid.
 */
@Test(groups = "integration")
public class TinyGridEndToEndTest {

    private Path data;

    @BeforeClass
    public void fixture() throws IOException {
        data = FashionFixture.write(Files.createTempDirectory("fmnist-fixture"), 30, 12, 99);
    }

    private static JsonNode json(Path file) throws IOException {
        return CanonicalJson.MAPPER.readTree(file.toFile());
    }

    private static Path onlyFolder(Path runs, String method) throws IOException {
        try (var s = Files.list(runs.resolve("tiny"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(method + "-"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    @Test
    public void writesRunFoldersUnderOneProtocolAndSkipsFinishedRuns() throws Exception {
        GridSpec grid = TinyGrids.grid(data, TinyGrids.TWO_METHODS, "7", 2, 3);
        Path runs = Files.createTempDirectory("runs");
        Map<String, String> initial = new ConcurrentHashMap<>();
        Map<String, List<String>> batches = new ConcurrentHashMap<>();
        Map<Integer, Long> memoryAtEpochStart = new ConcurrentHashMap<>();
        RunObserver observer = new RunObserver() {
            @Override
            public void initialized(RunConfig c, String digest) {
                initial.put(c.method(), digest);
            }

            @Override
            public void epochStarting(RunConfig c, int epoch, Loss loss) {
                if (loss instanceof RamboRetrievalLoss rambo) {
                    memoryAtEpochStart.put(epoch, rambo.memory().candidateCount());
                }
            }

            @Override
            public void batch(RunConfig c, int epoch, int step, int[] indices, float[] pixels) {
                batches.computeIfAbsent(c.method(), k -> new ArrayList<>())
                        .add(Arrays.toString(indices) + "/" + Arrays.hashCode(pixels));
            }
        };
        var summaries =
                GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet().withObserver(observer));
        assertEquals(summaries.size(), 2);
        summaries.forEach(s -> assertEquals(s.status(), RunOutcome.Status.FINISHED, s.toString()));

        // the loss lives as long as the run: epoch 2 ranks against the last batch of epoch 1 (memory=1, 4x4 batches)
        assertEquals(memoryAtEpochStart, Map.of(1, 0L, 2, 16L));

        // identical protocol: same initial weights, same batches, same augmented pixels; only the loss differs
        assertEquals(initial.get("rambo-recall-log"), initial.get("contrastive"));
        assertEquals(batches.get("rambo-recall-log"), batches.get("contrastive"));
        assertEquals(batches.get("contrastive").size(), 6);

        Path folder = onlyFolder(runs, "rambo-recall-log");
        RunConfig config = GridRunner.runConfigs(grid).get(0);
        assertEquals(folder.getFileName().toString(), "rambo-recall-log-s7-" + config.hash());
        assertEquals(Files.readString(folder.resolve("config.json")), config.canonicalJson());
        JsonNode prov = json(folder.resolve("provenance.json"));
        for (String key :
                List.of("git_commit", "java_version", "cpu", "engine", "threads", "dataset_checksum", "seeds")) {
            assertTrue(prov.has(key), "provenance lacks " + key);
        }
        for (String key : List.of("djl_version", "version", "native_flavor", "device", "library_folder")) {
            assertTrue(prov.get("engine").has(key), "provenance.engine lacks " + key);
        }
        // the device and libtorch the engine actually used, not the config's word
        assertEquals(prov.get("engine").get("device").asText(), "cpu()");
        assertEquals(prov.get("engine").get("native_flavor").asText(), "cpu (pytorch-native-cpu jar)");
        assertTrue(!prov.get("engine").has("gpu"), "no GPU facts for a CPU run");
        Seeds seeds = Seeds.split(7);
        assertEquals(prov.get("seeds").get("loss").asLong(), seeds.loss());
        assertEquals(prov.get("seeds").get("model_init").asLong(), seeds.modelInit());
        assertTrue(!prov.get("seeds").has("data_subset"), "no seed that drives nothing");
        assertEquals(prov.get("dataset_checksum").asText().length(), 64);
        List<String> epochLines = Files.readAllLines(folder.resolve("epochs.csv"));
        assertEquals(epochLines.size(), 3, "header + 2 epochs");
        assertTrue(
                epochLines.get(0).startsWith("epoch,train_loss,epoch_seconds,eval_seconds,recall_at_1,recall_at_2,"),
                epochLines.get(0));
        // the last epoch is always evaluated: its evaluation time is part of the epoch's time
        String[] last = epochLines.get(2).split(",");
        double evalSeconds = Double.parseDouble(last[3]);
        assertTrue(evalSeconds > 0 && evalSeconds < Double.parseDouble(last[2]), epochLines.get(2));
        assertEquals(
                Files.readAllLines(folder.resolve("steps.csv")).get(0),
                "epoch,step,data_ms,forward_ms,loss_ms,sort_ms,backward_ms,optimizer_ms,loss");
        assertEquals(Files.readAllLines(folder.resolve("steps.csv")).size(), 7);
        JsonNode fin = json(folder.resolve("final.json"));
        assertEquals(fin.get("status").asText(), "finished");
        assertEquals(fin.get("method").asText(), "rambo-recall-log");
        assertTrue(fin.get("last").has("recall_at_1") && fin.get("best").has("epoch"));
        assertTrue(!fin.get("last").has("eval_seconds"), "a timing is not a metric: " + fin.get("last"));
        assertTrue(fin.get("mean_sort_ms").asDouble() > 0, "RaMBO sorts at every step: " + fin);
        JsonNode contrastive = json(onlyFolder(runs, "contrastive").resolve("final.json"));
        assertEquals(contrastive.get("mean_sort_ms").asDouble(), 0.0, "the contrastive loss never sorts");
        assertTrue(Files.exists(folder.resolve("checkpoint.ndlist")));
        assertTrue(Files.readString(folder.resolve("log.txt")).contains("finished"));

        // second run of the same grid: nothing trains again
        var again = GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet());
        again.forEach(s -> assertEquals(s.status(), RunOutcome.Status.SKIPPED));
    }

    @Test
    public void seedsChangeInitialWeights() throws Exception {
        Map<Long, String> initial = new HashMap<>();
        RunObserver observer = new RunObserver() {
            @Override
            public void initialized(RunConfig c, String digest) {
                initial.put(c.seed(), digest);
            }
        };
        GridSpec grid = TinyGrids.grid(
                data, "  - {id: triplet, loss: \"triplet:margin=0.1,mining=batchhard\"}\n", "1, 2", 1, 1);
        GridRunner.run(
                grid,
                Files.createTempDirectory("runs"),
                Path.of(""),
                RunOptions.quiet().withObserver(observer));
        assertNotEquals(initial.get(1L), initial.get(2L));
    }

    @Test
    public void resumesAfterCrashWithTheSameMetricsAsAnUninterruptedRun() throws Exception {
        GridSpec grid = TinyGrids.grid(
                data, "  - {id: rambo-ap, loss: \"rambo-ap:lambda=4,margin=0.02,memory=1\"}\n", "3", 3, 3);
        Path straight = Files.createTempDirectory("runs-straight");
        GridRunner.run(grid, straight, Path.of(""), RunOptions.quiet());
        JsonNode expected = json(onlyFolder(straight, "rambo-ap").resolve("final.json"));

        Path crashed = Files.createTempDirectory("runs-crashed");
        RunObserver crashAfterEpoch2 = new RunObserver() {
            @Override
            public void checkpointed(RunConfig c, int epoch) {
                if (epoch == 2) {
                    throw new IllegalStateException("injected crash after epoch 2");
                }
            }
        };
        var first =
                GridRunner.run(grid, crashed, Path.of(""), RunOptions.quiet().withObserver(crashAfterEpoch2));
        assertEquals(first.get(0).status(), RunOutcome.Status.FAILED);
        Path folder = onlyFolder(crashed, "rambo-ap");
        assertTrue(Files.notExists(folder.resolve("final.json")), "a crashed run must stay unfinished");
        assertEquals(Files.readAllLines(folder.resolve("epochs.csv")).size(), 3);

        var second = GridRunner.run(grid, crashed, Path.of(""), RunOptions.quiet());
        assertEquals(second.get(0).status(), RunOutcome.Status.FINISHED);
        JsonNode resumed = json(folder.resolve("final.json"));
        assertEquals(resumed.get("last"), expected.get("last"));
        assertEquals(resumed.get("best"), expected.get("best"));
        assertTrue(Files.readString(folder.resolve("log.txt")).contains("resuming"));
        assertEquals(Files.readAllLines(folder.resolve("epochs.csv")).size(), 4);
    }

    @Test
    public void sameConfigAndSeedGiveIdenticalMetrics() throws Exception {
        GridSpec grid = TinyGrids.grid(data, "  - {id: smooth-ap, loss: \"smooth-ap:tau=0.01\"}\n", "5", 2, 3);
        Path a = Files.createTempDirectory("runs-a");
        Path b = Files.createTempDirectory("runs-b");
        GridRunner.run(grid, a, Path.of(""), RunOptions.quiet());
        GridRunner.run(grid, b, Path.of(""), RunOptions.quiet());
        assertEquals(
                json(onlyFolder(b, "smooth-ap").resolve("final.json")).get("last"),
                json(onlyFolder(a, "smooth-ap").resolve("final.json")).get("last"));
        assertEquals(lossColumn(onlyFolder(b, "smooth-ap")), lossColumn(onlyFolder(a, "smooth-ap")));
    }

    private static List<String> lossColumn(Path folder) throws IOException {
        return Files.readAllLines(folder.resolve("steps.csv")).stream()
                .map(l -> l.substring(l.lastIndexOf(',') + 1))
                .toList();
    }

    @Test
    public void nonFiniteLossFailsTheRunKeepsItsCheckpointAndTheGridGoesOn() throws Exception {
        GridSpec grid = TinyGrids.grid(data, TinyGrids.TWO_METHODS, "4", 2, 2);
        Path runs = Files.createTempDirectory("runs-nan");
        RunObserver poison = new RunObserver() {
            @Override
            public void batch(RunConfig c, int epoch, int step, int[] indices, float[] pixels) {
                if (c.method().equals("rambo-recall-log") && epoch == 2 && step == 1) {
                    pixels[0] = Float.NaN;
                }
            }
        };
        var runsOut = GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet().withObserver(poison));
        assertEquals(runsOut.get(0).status(), RunOutcome.Status.FAILED);
        assertEquals(runsOut.get(1).status(), RunOutcome.Status.FINISHED, "the grid must go on");
        Path folder = onlyFolder(runs, "rambo-recall-log");
        JsonNode fin = json(folder.resolve("final.json"));
        assertEquals(fin.get("status").asText(), "failed");
        assertTrue(
                fin.get("failure").asText().contains("epoch 2, step 1"),
                fin.get("failure").asText());
        assertTrue(Files.exists(folder.resolve("checkpoint.ndlist")), "the epoch-1 checkpoint is kept");
        assertTrue(GridRunner.table(runsOut).contains("failure:"));
    }

    @Test
    public void marginLossBetaIsAModelParameterTheOptimizerTrains() throws Exception {
        GridSpec grid = TinyGrids.grid(data, "  - {id: margin, loss: \"margin:alpha=0.2,beta=1.2\"}\n", "2", 1, 4);
        Path runs = Files.createTempDirectory("runs-margin");
        var out = GridRunner.run(grid, runs, Path.of(""), RunOptions.quiet());
        assertEquals(
                out.get(0).status(),
                RunOutcome.Status.FINISHED,
                String.valueOf(out.get(0).failure()));
        try (NDManager m = NDManager.newBaseManager()) {
            NDList saved =
                    NDList.decode(m, Files.readAllBytes(out.get(0).folder().resolve("checkpoint.ndlist")));
            float beta = Float.NaN;
            for (NDArray a : saved) {
                if (a.getName().startsWith("p:") && a.getName().endsWith("beta")) {
                    beta = a.getFloat(0);
                }
            }
            assertTrue(Float.isFinite(beta), "the checkpoint must hold beta");
            assertNotEquals(beta, 1.2f, "four Adam steps must move beta away from its initial 1.2");
        }
    }
}
