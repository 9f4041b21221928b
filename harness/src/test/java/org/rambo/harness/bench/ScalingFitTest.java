package org.rambo.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exponents, ratios, paper-scale rows and memory rows from synthetic JMH JSON with known answers. */
class ScalingFitTest {

    private static String entry(String bench, String params, double score, String unit, String secondary) {
        return String.format(Locale.ROOT, "{\"jmhVersion\":\"1.37\",\"benchmark\":\"org.rambo.harness.bench.%s\","
                + "\"mode\":\"avgt\",\"params\":{%s},\"primaryMetric\":{\"score\":%s,\"scoreError\":0.0,"
                + "\"scoreUnit\":\"%s\",\"rawData\":[[%s,%s]]},\"secondaryMetrics\":{%s}}", bench, params, score, unit,
                score, score * 1.5, secondary);
    }

    private static ScalingFit.Row find(List<ScalingFit.Row> rows, String kind, String subject, String params) {
        return rows.stream()
                .filter(r -> r.kind().equals(kind) && r.subject().equals(subject) && r.params().equals(params))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + kind + " " + subject + " " + params
                        + " in " + rows));
    }

    @Test
    void fitsExponentsAndComputesTheIssuesRatios(@TempDir Path dir) throws Exception {
        StringBuilder b = new StringBuilder("[");
        String sep = "";
        for (int k = 10; k <= 20; k += 2) {
            long n = 1L << k;
            // radix: linear; DJL argsort: 4x slower and n log n
            b.append(sep).append(entry("RowRankingBench.radixRanks", "\"n\":\"" + n + "\"", 1e-5 * n, "us/op", ""));
            sep = ",";
            b.append(sep).append(entry("RowRankingBench.djlArgsort", "\"n\":\"" + n + "\"", 4e-5 * n, "us/op", ""));
            // RaMBO cost: one sort = n ns, recall f+b = 2 sorts, ap = 3 sorts
            String p = "\"n\":\"" + n + "\",\"pos\":\"0.01\"";
            b.append(sep).append(entry("RamboCostBench.oneSort", p, 1e-6 * n, "ms/op", ""));
            b.append(sep).append(entry("RamboCostBench.recallForwardBackward", p, 2e-6 * n, "ms/op", ""));
            b.append(sep).append(entry("RamboCostBench.apForwardBackward", p, 3e-6 * n, "ms/op", ""));
        }
        for (int n : new int[] {32, 64, 128, 256}) {
            // Smooth-AP: batch time ~ n^3 (n^2 per query); RaMBO: batch time ~ n^2
            String mem = "\"\u00b7mem.rss.peak.delta\":{\"score\":" + (1000 * n) + ",\"scoreUnit\":\"bytes\"},"
                    + "\"\u00b7gc.alloc.rate.norm\":{\"score\":" + (10 * n) + ",\"scoreUnit\":\"B/op\"}";
            b.append(sep).append(entry("LossStepBench.forwardBackward", "\"loss\":\"smooth-ap\",\"n\":\"" + n + "\"",
                    1e-6 * n * n * n, "ms/op", mem));
            b.append(sep).append(entry("LossStepBench.forwardBackward", "\"loss\":\"rambo-ap\",\"n\":\"" + n + "\"",
                    1e-6 * n * n, "ms/op", ""));
        }
        for (int rows : new int[] {1, 16}) {
            String p = "\"n\":\"1048576\",\"rows\":\"" + rows + "\"";
            b.append(sep).append(entry("SideBySideBench.djlArgsort", p, 100.0 * rows, "ms/op", ""));
            b.append(sep).append(entry("SideBySideBench.rankRows", p, 20.0 * rows, "ms/op", ""));
            b.append(sep).append(entry("SideBySideBench.ramboAp", p, 53.0 * rows, "ms/op", ""));
        }
        b.append(sep).append(entry("PaperScaleBench.apForwardBackward", "\"n\":\"100000000\",\"rows\":\"1\"", 5000,
                "ms/op", ""));
        // results of other packages are ignored
        b.append(sep).append("{\"benchmark\":\"org.rambo.harness.other.X.y\",\"params\":{\"n\":\"1\"},"
                + "\"primaryMetric\":{\"score\":1,\"scoreUnit\":\"ms/op\"}}");
        b.append("]");
        Path json = dir.resolve("suite.json");
        Files.writeString(json, b.toString());
        Files.writeString(dir.resolve("environment.json"), "{\"jvm\":\"x\"}");

        List<ScalingFit.Row> rows = ScalingFit.summarise(ScalingFit.read(ScalingFit.jsonFiles(dir)));

        assertEquals(1.0, find(rows, "exponent", "RowRankingBench.radixRanks", "").value(), 1e-9);
        assertEquals(1.0, find(rows, "exponent_large_n", "RowRankingBench.djlArgsort", "").value(), 1e-9);
        assertEquals(2.0, find(rows, "exponent_per_query", "LossStepBench.forwardBackward", "loss=smooth-ap").value(),
                1e-9);
        ScalingFit.Row rambo = find(rows, "exponent_per_query", "LossStepBench.forwardBackward", "loss=rambo-ap");
        assertEquals(1.0, rambo.value(), 1e-9);
        assertEquals("yes", rambo.meets());

        ScalingFit.Row recall = find(rows, "ratio", "RamboCostBench: recallForwardBackward / oneSort",
                "n=1048576;pos=0.01");
        assertEquals(2.0, recall.value(), 1e-9);
        assertEquals("yes", recall.meets());
        ScalingFit.Row ap = find(rows, "ratio", "RamboCostBench: apForwardBackward / oneSort", "n=65536;pos=0.01");
        assertEquals(3.0, ap.value(), 1e-9);
        assertEquals("no", ap.meets());
        assertEquals("", find(rows, "ratio", "RamboCostBench: apForwardBackward / oneSort", "n=1024;pos=0.01").meets(),
                "no goal below 2^16");
        assertEquals(4.0, find(rows, "ratio", "RowRankingBench: djlArgsort / radixRanks", "n=4096").value(), 1e-9);
        assertEquals(4.0, find(rows, "ratio_best", "RowRankingBench: djlArgsort / radixRanks", "n=4096").value(),
                1e-9);

        assertEquals(5.0, find(rows, "ratio", "SideBySideBench: djlArgsort / rankRows", "n=1048576;rows=16").value(),
                1e-9);
        // 530 ms per 2^20 elements, scaled by rows, over 53 ms per row: 10x
        ScalingFit.Row figure = find(rows, "ratio", "SideBySideBench: reference figure 530 ms per 2^20 / ramboAp",
                "n=1048576;rows=16");
        assertEquals(10.0, figure.value(), 1e-9);
        assertEquals("yes", figure.meets());

        assertEquals(5.0, find(rows, "paper_scale", "PaperScaleBench.apForwardBackward", "n=100000000;rows=1").value(),
                1e-9);
        assertTrue(rows.stream().anyMatch(r -> r.kind().equals("paper_scale") && r.unit().equals("elements/s")
                && Math.abs(r.value() - 2e7) < 1e-3));
        assertEquals(32000.0, find(rows, "memory", "LossStepBench.forwardBackward mem.rss.peak.delta",
                "loss=smooth-ap;n=32").value(), 1e-9);
        assertEquals(320.0, find(rows, "memory", "LossStepBench.forwardBackward gc.alloc.rate.norm",
                "loss=smooth-ap;n=32").value(), 1e-9);
        assertTrue(rows.stream().noneMatch(r -> r.subject().contains("other")));

        Path out = dir.resolve("out");
        ScalingFit.main(new String[] {out.toString(), dir.toString()});
        List<String> csv = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals("kind,subject,params,value,unit,goal,meets_goal,detail", csv.get(0));
        assertEquals(rows.size() + 1, csv.size());
        assertTrue(Files.readString(out.resolve("summary.md")).startsWith("| kind |"));
    }

    @Test
    void bestIsTheFastestIteration() throws Exception {
        com.fasterxml.jackson.databind.JsonNode e = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"benchmark\":\"org.rambo.harness.bench.RamboCostBench.oneSort\",\"params\":{\"n\":\"65536\"},"
                + "\"primaryMetric\":{\"score\":3.0,\"scoreUnit\":\"ms/op\",\"rawData\":[[4.0,2.0,3.0]]}}");
        ScalingFit.Result r = ScalingFit.parse(e);
        assertEquals(3e-3, r.seconds(), 1e-12);
        assertEquals(2e-3, r.best(), 1e-12);
    }

    @Test
    void laterFilesReplaceEarlierResults(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path c = dir.resolve("c.json");
        Files.writeString(a, "[" + entry("RamboCostBench.oneSort", "\"n\":\"65536\"", 1.0, "ms/op", "") + "]");
        Files.writeString(c, "[" + entry("RamboCostBench.oneSort", "\"n\":\"65536\"", 2.0, "s/op", "") + "]");
        List<ScalingFit.Result> results = ScalingFit.read(List.of(a, c));
        assertEquals(1, results.size());
        assertEquals(2.0, results.get(0).seconds(), 1e-12);
    }

    @Test
    void compareGivesBeforeOverAfter(@TempDir Path dir) throws Exception {
        Path before = dir.resolve("before.json");
        Path after = dir.resolve("after.json");
        Files.writeString(before, "[" + entry("RamboCostBench.oneSort", "\"n\":\"65536\"", 6.0, "ms/op", "") + ","
                + entry("RamboCostBench.djlArgsort", "\"n\":\"65536\"", 6.0, "ms/op", "") + "]");
        Files.writeString(after, "[" + entry("RamboCostBench.oneSort", "\"n\":\"65536\"", 2.0, "ms/op", "") + "]");
        Path out = dir.resolve("compare.csv");
        ScalingFit.main(new String[] {"--compare", before.toString(), after.toString(), out.toString()});
        List<String> lines = Files.readAllLines(out);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).startsWith("speedup,RamboCostBench.oneSort,n=65536,3,x,"), lines.get(1));
    }

    @Test
    void fitRecoversAPowerLaw() {
        double[] x = {10, 100, 1000};
        double[] y = {3 * Math.pow(10, 1.5), 3 * Math.pow(100, 1.5), 3 * Math.pow(1000, 1.5)};
        double[] f = ScalingFit.fit(x, y);
        assertEquals(1.5, f[0], 1e-12);
        assertEquals(1.0, f[1], 1e-12);
    }
}
