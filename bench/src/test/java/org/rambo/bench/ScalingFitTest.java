package org.rambo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.reports.bench.BenchResults;

/** Exponents, ratios and the CSV files from a synthetic JMH result file with known answers. */
class ScalingFitTest {

    static String entry(String bench, String params, double score, String unit) {
        return "{\"benchmark\":\"org.rambo.bench." + bench + "\",\"mode\":\"avgt\",\"params\":{" + params
                + "},\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":0.1,\"scoreUnit\":\"" + unit + "\"}}";
    }

    static String n(long n) {
        return "\"n\":\"" + n + "\"";
    }

    @Test
    void fitsExponentsAndRatios(@TempDir Path dir) throws Exception {
        StringBuilder b = new StringBuilder("[");
        long[] ns = {65536, 1 << 18, 1 << 20, 1 << 24};
        for (long n : ns) {
            // 0.1 ms per 2^10 elements: 102.4 ms at 2^20; argsort twice as slow (in us/op)
            b.append(entry("RamboCostBenchmark.ramboRecallForwardBackward", n(n), n * 1e-4, "ms/op"))
                    .append(',');
            b.append(entry("RamboCostBenchmark.oneDjlArgsort", n(n), n * 2e-4 * 1000, "us/op"))
                    .append(',');
            b.append(entry("RamboCostBenchmark.oneRadixSort", n(n), n * 0.5e-4, "ms/op"))
                    .append(',');
        }
        for (long batch : new long[] {32, 64, 128}) {
            b.append(entry(
                            "LossBenchmark.forwardBackward",
                            n(batch) + ",\"loss\":\"smooth-ap\"",
                            (double) batch * batch * batch * 1e-6,
                            "ms/op"))
                    .append(',');
            b.append(entry(
                            "LossBenchmark.forwardBackward",
                            n(batch) + ",\"loss\":\"rambo-recall\"",
                            (double) batch * batch * 1e-6,
                            "ms/op"))
                    .append(',');
        }
        // a fixed cost dominates below B = 128, quadratic above: only the large-batch fit sees it
        for (long batch : new long[] {32, 64, 128, 256}) {
            double ms = batch < 128 ? 1.0 : (double) batch * batch / (128.0 * 128.0);
            b.append(entry("LossBenchmark.forwardBackward", n(batch) + ",\"loss\":\"contrastive\"", ms, "ms/op"))
                    .append(',');
        }
        b.append(entry("PaperScaleBenchmark.apForwardBackward", n(100_000_000), 5000, "ms/op"))
                .append(',');
        b.append("{\"benchmark\":\"org.rambo.bench.X.noSize\",\"params\":{},\"primaryMetric\":{\"score\":1,"
                + "\"scoreUnit\":\"ms/op\"}}");
        b.append(']');
        Path f = dir.resolve("jmh.json");
        Files.writeString(f, b.toString());
        Files.writeString(dir.resolve("environment.json"), "{\"jvm\":\"x\"}");

        Map<String, TreeMap<Double, Double>> series =
                ScalingFit.series(BenchResults.read(List.of(f, dir.resolve("environment.json"))));
        assertEquals(1.0, ScalingFit.exponent(series.get("RamboCostBenchmark.ramboRecallForwardBackward")), 1e-9);
        assertEquals(3.0, ScalingFit.exponent(series.get("LossBenchmark.forwardBackward {loss=smooth-ap}")), 1e-9);
        assertEquals(209.7152, series.get("RamboCostBenchmark.oneDjlArgsort").get((double) (1 << 20)), 1e-9);

        List<List<String>> rows = ScalingFit.summary(series);
        assertTrue(
                rows.contains(List.of(
                        "exponent per query",
                        "LossBenchmark.forwardBackward {loss=smooth-ap}",
                        "",
                        "2.000",
                        "about 2",
                        "total slope - 1 (each of the B queries ranks B candidates)")),
                rows.toString());
        assertTrue(
                rows.contains(List.of(
                        "exponent per query B>=128",
                        "LossBenchmark.forwardBackward {loss=contrastive}",
                        "",
                        "1.000",
                        "",
                        "total slope over B >= 128 - 1 (fixed per-op costs excluded)")),
                rows.toString());
        assertTrue(
                rows.stream()
                        .anyMatch(r -> r.get(0).equals("exponent per query")
                                && r.get(1).equals("LossBenchmark.forwardBackward {loss=contrastive}")
                                && Double.parseDouble(r.get(3)) < 0.5),
                "the fit over all batches is flattened by the fixed cost");
        assertTrue(
                rows.stream()
                        .anyMatch(r -> r.get(1).equals("RaMBO recall f+b / one PyTorch argsort of the same scores")
                                && r.get(2).equals("1048576")
                                && r.get(3).equals("0.500")),
                rows.toString());
        assertTrue(
                rows.stream()
                        .anyMatch(r -> r.get(1).equals("PyTorch argsort / our radix sort (B x n matrix)")
                                && r.get(3).equals("4.000")),
                rows.toString());
        // 530 ms / 104.8576 ms at 2^20, and 16 x 530 ms / (16 x 104.8576 ms) at 2^24
        assertTrue(
                rows.stream()
                        .anyMatch(r -> r.get(1).startsWith("reference code 530 ms / RaMBO recall")
                                && r.get(2).equals("1048576")
                                && r.get(3).equals("5.054")),
                rows.toString());
        assertTrue(
                rows.stream()
                        .anyMatch(r -> r.get(1).startsWith("reference code 8480 ms / RaMBO recall")
                                && r.get(2).equals("16777216")
                                && r.get(3).equals("5.054")),
                rows.toString());
        assertTrue(
                rows.stream()
                        .anyMatch(r -> r.get(1).equals("AP loss f+b seconds (CPU)")
                                && r.get(3).equals("5.000")),
                rows.toString());

        ScalingFit.main(new String[] {dir.toString(), f.toString()});
        List<String> results = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals("benchmark,mode,n,params,ms_per_op,error_ms", results.get(0));
        assertEquals(1 + 4 * 3 + 3 * 2 + 4 + 1, results.size());
        assertTrue(
                results.contains("LossBenchmark.forwardBackward,avgt,32,loss=smooth-ap,0.0327680,0.100"),
                results.toString());
        assertTrue(Files.readString(dir.resolve("summary.csv")).startsWith("kind,what,n,value,goal,note\n"));
    }

    @Test
    void exponentNeedsTwoPoints() {
        TreeMap<Double, Double> one = new TreeMap<>(Map.of(1024.0, 1.0));
        assertTrue(Double.isNaN(ScalingFit.exponent(one)));
    }
}
