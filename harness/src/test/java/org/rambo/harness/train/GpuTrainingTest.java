package org.rambo.harness.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rambo.engine.Devices;
import org.rambo.engine.LiveArrays;
import org.rambo.harness.config.GridLoader;
import org.rambo.harness.config.GridSpec;
import org.rambo.runfolder.CanonicalJson;

/**
 * On a machine with a GPU (a -Pgpu build with a CUDA libtorch): a tiny grid trains on gpu(0)
 * with every parameter there, provenance names the GPU, and the live arrays stay flat. Elsewhere
 * each test is skipped and says why.
 */
@Tag("gpu")
class GpuTrainingTest {

    static Path data;

    @BeforeAll
    static void needsAGpu() throws Exception {
        int gpus = Devices.gpuCount();
        if (gpus == 0) {
            System.out.println("GpuTrainingTest skipped: the engine sees no GPU (run 'rambo-bench doctor' for why)");
        }
        Assumptions.assumeTrue(gpus > 0, "the engine sees no GPU (run 'rambo-bench doctor' for why)");
        data = FashionFixture.write(Files.createTempDirectory("fmnist-fixture"), 30, 4, 99);
    }

    private static GridSpec gpuGrid(String methods, int steps) {
        String yaml =
                TinyGrids.yaml(data, methods, "3", 1, steps).replace("  threads: 1\n", "  threads: 1\n  device: gpu\n");
        return GridLoader.parse(yaml, true, "tiny-gpu.yaml");
    }

    @Test
    void everyParameterLivesOnTheGpu() {
        GridSpec grid = gpuGrid(LiveArraysTrainingTest.BASELINES, 1);
        try (TrainingData d = TrainingDataFactory.open(grid.dataset(), grid.protocol(), Path.of(""))) {
            for (RunConfig config : GridRunner.runConfigs(grid)) {
                try (TrainingSession session = new TrainingSession(config, d)) {
                    assertEquals(Device.gpu(0), session.device());
                    for (Pair<String, Parameter> p : session.block().getParameters()) {
                        assertEquals(Device.gpu(0), p.getValue().getArray().getDevice(), p.getKey());
                    }
                }
            }
        }
    }

    @Test
    void aRamboRunWithMemoryTrainsOnTheGpuWithFlatArraysAndProvenanceNamesIt() throws Exception {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        RunObserver observer = new RunObserver() {
            @Override
            public void batch(RunConfig c, int epoch, int step, int[] indices, float[] pixels) {
                if (step == 101 || step == 500) {
                    counts.put(c.method() + step, LiveArrays.count());
                }
            }
        };
        Path runs = Files.createTempDirectory("runs");
        var result = GridRunner.run(
                gpuGrid(LiveArraysTrainingTest.WITH_MEMORY, 500),
                runs,
                Path.of(""),
                RunOptions.quiet().withObserver(observer));
        result.forEach(r -> assertEquals(RunOutcome.Status.FINISHED, r.status(), r.toString()));
        for (var r : result) {
            assertEquals(counts.get(r.method() + 101), counts.get(r.method() + 500), r.method());
            JsonNode engine = CanonicalJson.MAPPER
                    .readTree(r.folder().resolve("provenance.json").toFile())
                    .get("engine");
            assertEquals("gpu(0)", engine.get("device").asText());
            assertTrue(engine.get("gpu").has("memory_mib"), engine.toString());
        }
    }
}
