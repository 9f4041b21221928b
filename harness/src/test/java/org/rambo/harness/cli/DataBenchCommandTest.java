package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.harness.data.Fixtures;

/** `rambo-bench data-bench` on a fixture image tree: the table's shape and the cores line. */
class DataBenchCommandTest {

    @TempDir
    Path tmp;

    private Path grid(String dataset, Path root) throws IOException {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, """
                name: bench
                dataset: {name: %s, root: "%s", verify_checksums: false}
                protocol:
                  backbone: small-cnn
                  embedding_dim: 4
                  image: {resize: 8, crop: 6, channels: 3, flip: true}
                  sampler: {classes_per_batch: 2, samples_per_class: 2}
                  optimizer: {name: adam, learning_rate: 0.001}
                  epochs: 1
                  eval: {ks: [1]}
                  threads: 1
                seeds: [0]
                methods:
                  - {id: contrastive, loss: "contrastive:pos=0,neg=0.5"}
                """.formatted(dataset, root.toString().replace("\\", "/")));
        return grid;
    }

    @Test
    void printsARowPerThreadCountAndTheCoresForTheTarget() throws IOException {
        Path root = tmp.resolve("images");
        Fixtures.writeImageFolder(root);
        CliRun r = CliRun.of(
                "data-bench",
                grid("imagefolder", root).toString(),
                "--threads",
                "2",
                "--images",
                "2",
                "--target",
                "1e9");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        // header, column names, one row per thread count, the cores line
        assertEquals(5, lines.size(), r.out());
        assertTrue(lines.get(0).endsWith(": 2 imagefolder images, view 8 -> 6"), lines.get(0));
        Pattern row = Pattern.compile(" +(\\d+) +([0-9.]+) +([0-9.]+) +([0-9.]+)");
        for (int t = 1; t <= 2; t++) {
            Matcher m = row.matcher(lines.get(1 + t));
            assertTrue(m.matches(), lines.get(1 + t));
            assertEquals(t, Integer.parseInt(m.group(1)));
            assertTrue(Double.parseDouble(m.group(2)) > 0);
        }
        assertTrue(lines.get(2).endsWith("1.00"), "one thread is the baseline: " + lines.get(2));
        Matcher cores = Pattern.compile("cores to feed 1000000000 images/s: (\\d+) \\(at ([0-9.]+) images/s per"
                        + " thread, measured on 2 threads\\)")
                .matcher(lines.get(4));
        assertTrue(cores.matches(), lines.get(4));
        double perThread = Double.parseDouble(cores.group(2));
        // the cores are the target over the per-thread rate, rounded up
        assertEquals(Math.ceil(1e9 / perThread), Integer.parseInt(cores.group(1)), 0.01 * 1e9 / perThread + 1);
    }

    @Test
    void fashionMnistHasNoFilesToDecode() throws IOException {
        Path g = grid("fashion-mnist", tmp.resolve("fm"));
        CliRun r = CliRun.of("data-bench", g.toString());
        assertEquals(1, r.code());
        assertEquals(
                "rambo-bench data-bench: " + g
                        + ": dataset.name: fashion-mnist is read as raw bytes, there are no image files to decode"
                        + System.lineSeparator(),
                r.err());
    }

    @Test
    void badNumbersAreUsageErrors() throws IOException {
        Path root = tmp.resolve("images");
        Fixtures.writeImageFolder(root);
        CliRun r = CliRun.of("data-bench", grid("imagefolder", root).toString(), "--threads", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("rambo-bench data-bench: --threads must be at least 1, got 0"), r.err());
    }
}
