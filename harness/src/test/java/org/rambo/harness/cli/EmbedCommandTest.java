package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.harness.config.DatasetSpec;

/**
 * `rambo-bench embed` on the runs of a tiny grid: the files it writes, evaluated with
 * `rambo-bench evaluate`, give back every metric of final.json's "last".
 */
class EmbedCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static List<Path> runs;

    @BeforeAll
    static void trainTinyGrid() throws Exception {
        // 20 training and 10 test images a class, a third drawn as another class: metrics well below 100%
        Path data = CliFixtures.fashion(tmp.resolve("fm"), 20, 10, 0.33, 7);
        Path grid = tmp.resolve("tiny.yaml");
        Files.writeString(grid, """
                name: tiny
                dataset: {name: fashion-mnist, root: "%s", verify_checksums: false}
                protocol:
                  backbone: small-cnn
                  embedding_dim: 8
                  image: {resize: 28, crop: 28, flip: true, channels: 1}
                  sampler: {classes_per_batch: 4, samples_per_class: 4}
                  optimizer: {name: adam, learning_rate: 0.003, embedding_lr_multiplier: 5}
                  epochs: 2
                  steps_per_epoch: 2
                  eval: {ks: [1, 2, 4]}
                  threads: 1
                seeds: [0]
                methods:
                  - {id: contrastive, loss: "contrastive:pos=0,neg=0.5"}
                  - {id: margin, loss: "margin:alpha=0.2,beta=1.2"}
                """.formatted(data.toString().replace("\\", "/")));
        CliRun r = CliRun.of(
                "run", grid.toString(), "--runs-dir", tmp.resolve("runs").toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        try (Stream<Path> s = Files.list(tmp.resolve("runs/tiny"))) {
            runs = s.sorted().toList();
        }
        assertEquals(2, runs.size(), runs.toString());
    }

    @Test
    void embedThenEvaluateGivesFinalLastExactly() throws Exception {
        for (Path run : runs) {
            Path out = tmp.resolve("embed-" + run.getFileName());
            CliRun e = CliRun.of("embed", run.toString(), "--out", out.toString());
            assertEquals(0, e.code(), e.err());
            Path metrics = out.resolve("metrics.json");
            CliRun v = CliRun.of(
                    "evaluate",
                    "--embeddings",
                    out.resolve("embeddings.npy").toString(),
                    "--labels",
                    out.resolve("labels.csv").toString(),
                    "--k",
                    "1,2,4",
                    "--out",
                    metrics.toString(),
                    "--no-progress");
            assertEquals(0, v.code(), v.err());
            JsonNode last = JSON.readTree(run.resolve("final.json").toFile()).get("last");
            JsonNode got = JSON.readTree(metrics.toFile());
            List<String> keys = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = last.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                keys.add(m.getKey());
                assertEquals(m.getValue().asDouble(), got.get(m.getKey()).asDouble(), 1e-12, run + " " + m.getKey());
            }
            assertEquals(
                    List.of(
                            "map_at_r",
                            "nmi",
                            "precision_at_1",
                            "queries_skipped",
                            "r_precision",
                            "recall_at_1",
                            "recall_at_2",
                            "recall_at_4"),
                    keys.stream().sorted().toList());
            assertTrue(last.get("map_at_r").asDouble() < 0.9, "a test on perfect metrics proves little: " + last);
        }
    }

    @Test
    void embeddingsAreAValidNpyAndLabelsTheTestClassesInOrder() throws Exception {
        Path out = tmp.resolve("embed-format");
        assertEquals(
                0,
                CliRun.of("embed", runs.get(0).toString(), "--out", out.toString())
                        .code());
        byte[] npy = Files.readAllBytes(out.resolve("embeddings.npy"));
        ByteBuffer b = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x93, npy[0] & 0xff);
        assertEquals("NUMPY", new String(npy, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, npy[6]);
        assertEquals(0, npy[7]);
        int headerLength = b.getShort(8);
        assertEquals(0, (10 + headerLength) % 64);
        String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (150, 8), }", header.strip());
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLength + 150 * 8 * 4, npy.length);
        // the model ends in L2 normalisation: every row has unit length
        for (int row = 0; row < 150; row++) {
            double s = 0;
            for (int c = 0; c < 8; c++) {
                float v = b.getFloat(10 + headerLength + 4 * (row * 8 + c));
                s += v * v;
            }
            assertEquals(1.0, s, 1e-5, "row " + row);
        }
        // pooled order: the training file's images of classes 5-9 (20 each), then the test file's (10 each)
        List<String> expected = new ArrayList<>(List.of("label"));
        for (int i = 0; i < 200; i++) {
            if (i % 10 >= 5) {
                expected.add(String.valueOf(i % 10));
            }
        }
        for (int i = 0; i < 100; i++) {
            if (i % 10 >= 5) {
                expected.add(String.valueOf(i % 10));
            }
        }
        assertEquals(expected, Files.readAllLines(out.resolve("labels.csv")));
    }

    @Test
    void theTrainSplitIsTheTrainingClassesWithoutAugmentation() throws Exception {
        Path out = tmp.resolve("embed-train");
        CliRun r = CliRun.of("embed", runs.get(0).toString(), "--out", out.toString(), "--split", "train");
        assertEquals(0, r.code(), r.err());
        // pooled order: the training file's images of classes 0-4 (20 each), then the test file's (10 each)
        List<String> expected = new ArrayList<>(List.of("label"));
        for (int i = 0; i < 300; i++) {
            if (i % 10 < 5) {
                expected.add(String.valueOf(i % 10));
            }
        }
        assertEquals(expected, Files.readAllLines(out.resolve("labels.csv")));
        // flips are off for embedding: embedding twice gives the same bytes
        Path again = tmp.resolve("embed-train-again");
        assertEquals(
                0,
                CliRun.of("embed", runs.get(0).toString(), "--out", again.toString(), "--split", "train")
                        .code());
        assertEquals(-1L, Files.mismatch(out.resolve("embeddings.npy"), again.resolve("embeddings.npy")));
        assertEquals(10 + 118 + 150 * 8 * 4, Files.size(out.resolve("embeddings.npy")));
    }

    @Test
    void theTrainSplitOfAnImageDatasetIsRefused() {
        RunEmbeddings.RunSpec cub =
                new RunEmbeddings.RunSpec(new DatasetSpec("cub", "data/cub", null, null, false), null, "contrastive");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> RunEmbeddings.train(Path.of("run"), cub, Path.of(".")));
        assertEquals(
                "--split train: only fashion-mnist runs have training images without augmentation;"
                        + " use --split test",
                e.getMessage());
    }

    @Test
    void aFolderThatIsNotAFinishedRunIsOneLine() throws Exception {
        Path notRun = Files.createDirectories(tmp.resolve("not-a-run"));
        CliRun r =
                CliRun.of("embed", notRun.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(
                "rambo-bench embed: " + notRun.resolve("config.json") + ": missing: not a run folder"
                        + System.lineSeparator(),
                r.err());

        Path unfinished = Files.createDirectories(tmp.resolve("unfinished"));
        Files.copy(runs.get(0).resolve("config.json"), unfinished.resolve("config.json"));
        CliRun u = CliRun.of(
                "embed", unfinished.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(1, u.code(), u.err());
        assertEquals(
                "rambo-bench embed: " + unfinished.resolve("final.json") + ": missing: the run has not finished"
                        + " (embed uses the weights final.json was measured with)" + System.lineSeparator(),
                u.err());

        Files.writeString(unfinished.resolve("final.json"), "{\"status\": \"finished\", \"last\": {");
        CliRun d = CliRun.of(
                "embed", unfinished.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(1, d.code(), d.err());
        assertTrue(
                d.err().startsWith("rambo-bench embed: " + unfinished.resolve("final.json") + ": not valid JSON ("),
                d.err());
        assertEquals(1, d.err().lines().count(), d.err());
    }
}
