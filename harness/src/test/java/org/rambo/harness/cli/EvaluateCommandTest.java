package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** Writes a .npy file with the given descr, shape and raw little/big-endian values. */
    static void npy(Path file, String descr, boolean fortran, int[] shape, double[] values) throws IOException {
        StringBuilder sh = new StringBuilder();
        for (int s : shape) {
            sh.append(s).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : sh.substring(0, sh.length() - 2);
        String header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
                + shapeText + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        int size = Integer.parseInt(descr.substring(2));
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length() + values.length * size);
        bb.order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 0x93)
                .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) 0);
        bb.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        bb.order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (descr.substring(1)) {
                case "f4" -> bb.putFloat((float) v);
                case "f8" -> bb.putDouble(v);
                case "i8" -> bb.putLong((long) v);
                case "i4" -> bb.putInt((int) v);
                case "u1" -> bb.put((byte) v);
                default -> throw new IllegalArgumentException(descr);
            }
        }
        Files.write(file, bb.array());
    }

    @Test
    void selfFormFromCsvPrintsTableAndWritesJson(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("emb.csv"), "x\n0\n1\n2\n10\n");
        Files.writeString(dir.resolve("labels.csv"), "label\n0\n0\n1\n1\n");
        Path json = dir.resolve("out/metrics.json");
        CliRun r = run(
                "evaluate",
                "--embeddings",
                dir.resolve("emb.csv").toString(),
                "--labels",
                dir.resolve("labels.csv").toString(),
                "--k",
                "1,2,4",
                "--out",
                json.toString(),
                "--threads",
                "2");
        assertEquals(0, r.code(), r.err());
        // percent with one decimal for people; the JSON keeps every digit
        assertTrue(
                r.out()
                        .startsWith("metric             percent\nrecall_at_1           75.0\n"
                                + "recall_at_2           75.0\nrecall_at_4          100.0\n"),
                r.out());
        assertTrue(r.out().contains("\nqueries_skipped  0 queries\n"), r.out());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        List<String> names = new ArrayList<>();
        j.fieldNames().forEachRemaining(names::add);
        assertEquals(
                List.of(
                        "recall_at_1",
                        "recall_at_2",
                        "recall_at_4",
                        "precision_at_1",
                        "r_precision",
                        "map_at_r",
                        "nmi",
                        "queries_skipped"),
                names);
        assertEquals(0.75, j.get("recall_at_1").asDouble());
        assertEquals(0.75, j.get("recall_at_2").asDouble());
        assertEquals(1.0, j.get("recall_at_4").asDouble());
        assertEquals(0.75, j.get("map_at_r").asDouble());
        assertTrue(j.get("queries_skipped").isIntegralNumber());
        assertEquals(0, j.get("queries_skipped").asInt());
        assertTrue(j.get("nmi").isDouble());
    }

    @Test
    void queryGalleryFormFromNpyInEveryLayout(@TempDir Path dir) throws IOException {
        // the hand-made In-shop-style case of RetrievalEvaluatorTest, as 2-d vectors (second coordinate 0)
        npy(dir.resolve("q.npy"), "<f8", false, new int[] {4, 2}, new double[] {0, 0, 4.4, 0, 7, 0, 2.9, 0});
        // gallery: big-endian float32 in Fortran order (column-major)
        npy(dir.resolve("g.npy"), ">f4", true, new int[] {5, 2}, new double[] {1, 2, 3, 4, 5, 0, 0, 0, 0, 0});
        npy(dir.resolve("ql.npy"), "<i8", false, new int[] {4}, new double[] {0, 1, 2, 1});
        npy(dir.resolve("gl.npy"), "|u1", false, new int[] {5}, new double[] {0, 1, 0, 1, 0});
        Path json = dir.resolve("m.json");
        CliRun r = run(
                "evaluate",
                "--queries",
                dir.resolve("q.npy").toString(),
                "--query-labels",
                dir.resolve("ql.npy").toString(),
                "--gallery",
                dir.resolve("g.npy").toString(),
                "--gallery-labels",
                dir.resolve("gl.npy").toString(),
                "--k",
                "1,2",
                "--no-nmi",
                "--out",
                json.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals(2.0 / 3, j.get("recall_at_1").asDouble(), 1e-15);
        assertEquals(1.0, j.get("recall_at_2").asDouble());
        assertEquals(5.0 / 9, j.get("r_precision").asDouble(), 1e-15);
        assertEquals(47.0 / 108, j.get("map_at_r").asDouble(), 1e-15);
        assertTrue(j.get("nmi").isNull());
        assertEquals(1, j.get("queries_skipped").asInt());
    }

    @Test
    void l2NormalizeRanksByCosine(@TempDir Path dir) throws IOException {
        // raw: item 0 is nearest to 1 (label 1); by angle it is nearest to 2 (label 0)
        Files.writeString(dir.resolve("e.csv"), "1,0\n1.5,1\n10,0.5\n0,3\n");
        Files.writeString(dir.resolve("l.csv"), "0\n1\n0\n1\n");
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        assertEquals(
                0,
                run(
                                "evaluate",
                                "--embeddings",
                                dir.resolve("e.csv").toString(),
                                "--labels",
                                dir.resolve("l.csv").toString(),
                                "--k",
                                "1",
                                "--no-nmi",
                                "--out",
                                a.toString())
                        .code());
        assertEquals(
                0,
                run(
                                "evaluate",
                                "--embeddings",
                                dir.resolve("e.csv").toString(),
                                "--labels",
                                dir.resolve("l.csv").toString(),
                                "--k",
                                "1",
                                "--no-nmi",
                                "--l2-normalize",
                                "--out",
                                b.toString())
                        .code());
        ObjectMapper om = new ObjectMapper();
        // raw: q0->1 miss, q1->0 miss, q2->1 miss, q3->1 hit = 1/4; cosine: q0->2 hit, q1->0 miss,
        // q2->0 hit, q3->1 hit = 3/4
        assertEquals(0.25, om.readTree(a.toFile()).get("recall_at_1").asDouble());
        assertEquals(0.75, om.readTree(b.toFile()).get("recall_at_1").asDouble());
    }

    @Test
    void badInputNamesFileAndLineAndExitsNonZero(@TempDir Path dir) throws IOException {
        Path emb = dir.resolve("emb.csv");
        Path lab = dir.resolve("lab.csv");
        Files.writeString(emb, "0.1,0.2\n0.3,0.4\n0.5\n");
        Files.writeString(lab, "0\n0\n1\n");
        CliRun ragged = run("evaluate", "--embeddings", emb.toString(), "--labels", lab.toString());
        assertEquals(1, ragged.code());
        assertTrue(ragged.err().contains(emb + ":3: expected 2 columns"), ragged.err());

        Files.writeString(emb, "0.1,0.2\n0.3,abc\n0.5,0.6\n");
        CliRun nan = run("evaluate", "--embeddings", emb.toString(), "--labels", lab.toString());
        assertEquals(1, nan.code());
        assertTrue(nan.err().contains(emb + ":2: column 2: 'abc' is not a number"), nan.err());

        Files.writeString(emb, "0.1,0.2\n0.3,0.4\n0.5,0.6\n");
        Files.writeString(lab, "0\n0\n");
        CliRun count = run("evaluate", "--embeddings", emb.toString(), "--labels", lab.toString());
        assertEquals(1, count.code());
        assertTrue(count.err().contains("2 labels but " + emb + " has 3 rows"), count.err());

        Files.writeString(lab, "0\n1.5\n1\n");
        CliRun frac = run("evaluate", "--embeddings", emb.toString(), "--labels", lab.toString());
        assertEquals(1, frac.code());
        assertTrue(frac.err().contains(lab + ":2: label '1.5' is not an integer"), frac.err());

        CliRun missing =
                run("evaluate", "--embeddings", dir.resolve("nope.npy").toString(), "--labels", lab.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope.npy: file not found"), missing.err());

        Files.write(dir.resolve("bad.npy"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        CliRun badNpy = run("evaluate", "--embeddings", dir.resolve("bad.npy").toString(), "--labels", lab.toString());
        assertEquals(1, badNpy.code());
        assertTrue(badNpy.err().contains("bad.npy: not a NumPy .npy file"), badNpy.err());
    }

    @Test
    void anOutputThatCannotBeWrittenIsTheEnvironment(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("emb.csv"), "0\n1\n2\n10\n");
        Files.writeString(dir.resolve("labels.csv"), "0\n0\n1\n1\n");
        Path file = Files.writeString(dir.resolve("a-file"), "");
        CliRun r = run(
                "evaluate",
                "--embeddings",
                dir.resolve("emb.csv").toString(),
                "--labels",
                dir.resolve("labels.csv").toString(),
                "--out",
                file.resolve("sub/metrics.json").toString());
        assertEquals(4, r.code(), r.err());
        assertEquals(
                "rambo-bench evaluate: " + file.resolve("sub") + ": Not a directory" + System.lineSeparator(), r.err());
    }

    /** --repeat N evaluates N times in one process: one numbered timing line each, the metrics once. */
    @Test
    void repeatPrintsEachEvaluationsTimeAndTheMetricsOnce(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("emb.csv"), "x\n0\n1\n2\n10\n");
        Files.writeString(dir.resolve("labels.csv"), "label\n0\n0\n1\n1\n");
        String emb = dir.resolve("emb.csv").toString();
        String labels = dir.resolve("labels.csv").toString();
        CliRun once = run("evaluate", "--embeddings", emb, "--labels", labels);
        CliRun thrice = run("evaluate", "--embeddings", emb, "--labels", labels, "--repeat", "3");
        assertEquals(0, thrice.code(), thrice.err());
        assertEquals(once.out(), thrice.out());
        List<String> timing =
                thrice.err().lines().filter(l -> l.contains("neighbours ")).toList();
        assertEquals(3, timing.size(), thrice.err());
        for (int r = 1; r <= 3; r++) {
            assertTrue(timing.get(r - 1).startsWith("evaluation " + r + "/3: neighbours "), timing.get(r - 1));
        }
        assertTrue(once.err().lines().anyMatch(l -> l.startsWith("neighbours ")), once.err());
        CliRun zero = run("evaluate", "--embeddings", emb, "--labels", labels, "--repeat", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--repeat must be at least 1, got 0"), zero.err());
    }

    @Test
    void usageErrorsExitTwo(@TempDir Path dir) {
        assertEquals(2, run("evaluate").code());
        assertEquals(2, run("evaluate", "--embeddings", "a.csv").code()); // --labels missing
        assertEquals(
                2,
                run("evaluate", "--embeddings", "a", "--labels", "b", "--queries", "c")
                        .code());
        CliRun k0 = run("evaluate", "--embeddings", "a", "--labels", "b", "--k", "x");
        assertEquals(2, k0.code());
    }

    @Test
    void invalidKIsADataErrorNamingIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("e.csv"), "0\n1\n");
        Files.writeString(dir.resolve("l.csv"), "0\n0\n");
        CliRun r = run(
                "evaluate",
                "--embeddings",
                dir.resolve("e.csv").toString(),
                "--labels",
                dir.resolve("l.csv").toString(),
                "--k",
                "1,0");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("K must be at least 1"), r.err());
    }
}
