package org.rambo.harness.train;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rambo.harness.launcher.Launcher;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * The pin, end to end: a tiny grid trained through bin/rambo-bench in child JVMs whose numeric
 * libraries are limited as on CPUs of different instruction-set levels. Pinned, this CPU and a
 * simulated AVX2-only CPU give bit-identical losses and metrics; a simulated CPU below the pin
 * (no AVX2: ATen's default kernels, oneDNN SSE4.1, oneMKL SSE4.2) gives different ones, which
 * shows that the limits reach the libraries and that the comparison sees a change of kernel.
 */
@Test(groups = "integration")
public class PinnedDeterminismTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> AVX2_MACHINE =
            Map.of("ATEN_CPU_CAPABILITY", "avx2", "ONEDNN_MAX_CPU_ISA", "AVX2", "MKL_ENABLE_INSTRUCTIONS", "AVX2");
    private static final Map<String, String> SSE41_MACHINE = Map.of(
            "ATEN_CPU_CAPABILITY", "default", "ONEDNN_MAX_CPU_ISA", "SSE41", "MKL_ENABLE_INSTRUCTIONS", "SSE4_2");

    private Path work;
    private Map<String, String> thisCpu;
    private Map<String, String> avx2Cpu;
    private Map<String, String> sse41Cpu;

    @BeforeClass
    public void trainUnderThreeMachines() throws Exception {
        Launcher.requireLinuxX86();
        Launcher.requireAvx2();
        work = Files.createTempDirectory("pinned-determinism");
        FashionFixture.write(work.resolve("data"), 24, 8, 5);
        Files.writeString(work.resolve("grid.yaml"), """
                name: pin
                dataset: {name: fashion-mnist, root: data, verify_checksums: false}
                protocol:
                  backbone: small-cnn
                  embedding_dim: 8
                  image: {resize: 28, crop: 28, flip: true, channels: 1}
                  sampler: {classes_per_batch: 4, samples_per_class: 4}
                  optimizer: {name: adam, learning_rate: 0.003, embedding_lr_multiplier: 5}
                  epochs: 2
                  steps_per_epoch: 3
                  eval: {ks: [1, 2]}
                  threads: 2
                seeds: [3]
                methods:
                  - {id: rambo-ap, loss: "rambo-ap:lambda=4,margin=0.02,memory=1"}
                  - {id: contrastive, loss: "contrastive:pos=0,neg=0.5"}
                """);
        thisCpu = train("this-cpu", Map.of());
        avx2Cpu = train("avx2-cpu", AVX2_MACHINE);
        sse41Cpu = train("sse41-cpu", SSE41_MACHINE);
    }

    /** Trains the grid pinned under the given limits; every run's numbers as text, by run folder. */
    private Map<String, String> train(String name, Map<String, String> machine) throws Exception {
        Map<String, String> env = new TreeMap<>(machine);
        env.put("RAMBO_CPU_MODE", "pinned");
        env.put("RAMBO_BENCH_CLASSPATH", System.getProperty("java.class.path"));
        env.put("RAMBO_JAVA_OPTS", "-Xmx1g");
        Launcher.Result r = Launcher.run(work, env, List.of("run", "grid.yaml", "--runs-dir", name, "--no-progress"));
        assertEquals(r.code(), 0, name + ": " + r.err());
        Map<String, String> numbers = new TreeMap<>();
        try (Stream<Path> runs = Files.list(work.resolve(name).resolve("pin"))) {
            for (Path run : runs.toList()) {
                numbers.put(run.getFileName().toString(), numbersOf(run));
            }
        }
        assertEquals(numbers.size(), 2, name + " runs: " + numbers.keySet());
        return numbers;
    }

    /** What a run computed: final.json's metrics, epochs.csv without wall-clock columns, steps.csv's losses. */
    private static String numbersOf(Path run) throws IOException {
        JsonNode fin = JSON.readTree(run.resolve("final.json").toFile());
        StringBuilder s = new StringBuilder("last ")
                .append(fin.get("last"))
                .append("\nbest ")
                .append(fin.get("best"));
        List<String> epochs = Files.readAllLines(run.resolve("epochs.csv"));
        List<String> header = List.of(epochs.get(0).split(","));
        for (String line : epochs) {
            String[] cells = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                if (!header.get(i).endsWith("_seconds")) {
                    kept.add(cells[i]);
                }
            }
            s.append("\nepoch ").append(String.join(",", kept));
        }
        List<String> steps = Files.readAllLines(run.resolve("steps.csv"));
        int loss = List.of(steps.get(0).split(",")).indexOf("loss");
        for (String line : steps.subList(1, steps.size())) {
            s.append("\nstep loss ").append(line.split(",", -1)[loss]);
        }
        return s.toString();
    }

    @Test
    public void thisCpuAndAnAvx2CpuGiveBitIdenticalNumbersWhenPinned() {
        assertEquals(avx2Cpu, thisCpu);
    }

    /**
     * Contrastive's loss is a smooth function of the distances, so its last digits show any change
     * of kernel; RaMBO's losses depend on the scores only through their ranks and may not.
     */
    @Test
    public void aCpuBelowThePinGivesOtherNumbers() {
        assertEquals(sse41Cpu.keySet(), thisCpu.keySet());
        String contrastive = thisCpu.keySet().stream()
                .filter(k -> k.startsWith("contrastive-"))
                .findFirst()
                .orElseThrow();
        assertNotEquals(sse41Cpu.get(contrastive), thisCpu.get(contrastive));
    }
}
