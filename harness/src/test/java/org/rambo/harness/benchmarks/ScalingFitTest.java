package org.rambo.harness.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exponents and ratios from a synthetic JMH result file with known answers. */
class ScalingFitTest {

    static String entry(String bench, long n, double score, String unit) {
        return "{\"benchmark\":\"org.rambo.harness.benchmarks." + bench + "\",\"mode\":\"avgt\",\"params\":{\"n\":\""
                + n + "\"},\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":0.1,\"scoreUnit\":\"" + unit + "\"}}";
    }

    @Test
    void fitsExponentsAndRatios() throws Exception {
        StringBuilder b = new StringBuilder("[");
        long[] ns = {1024, 4096, 16384, 1 << 20};
        for (long n : ns) {
            b.append(entry("RamboCostBenchmark.ramboRecallForwardBackward", n, n * 1e-4, "ms/op")).append(',');
            b.append(entry("RamboCostBenchmark.oneDjlArgsort", n, n * 2e-4 * 1000, "us/op")).append(',');
            b.append(entry("LossBenchmark.forwardBackward", n, (double) n * n * 1e-6, "ms/op")).append(',');
        }
        b.setLength(b.length() - 1);
        b.append(']');
        Path f = Files.createTempFile("jmh", ".json");
        Files.writeString(f, b.toString());
        var series = ScalingFit.read(List.of(f));
        assertEquals(1.0, ScalingFit.exponent(series.get("RamboCostBenchmark.ramboRecallForwardBackward")), 1e-9);
        assertEquals(2.0, ScalingFit.exponent(series.get("LossBenchmark.forwardBackward")), 1e-9);
        var rows = ScalingFit.rows(series);
        assertTrue(rows.contains(List.of("ratio", "rambo recall f+b / one PyTorch argsort (goal <= 2.5 at n >= 2^16)",
                "1048576", "0.500", "")), rows.toString());
        assertTrue(rows.contains(List.of("ratio", "reference 530 ms / rambo recall f+b", "1048576", "5.054",
                "goal >= 5 (reference figure from issue 6)")), rows.toString());
    }
}
