package org.rambo.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rambo.rank.ApLoss;
import org.rambo.rank.Ranking;
import org.rambo.rank.RecallLoss;
import org.rambo.rank.RowSorter;

/**
 * The suite's speed ratios measured side by side: for each size the methods run interleaved, round
 * after round (A B C ... A B C ...), so a change of machine load hits all of them alike, and
 * each method's minimum and median over the rounds are reported. On a shared 2-core machine
 * the minimum is the better estimate of the uncontended cost; JMH (which runs one method
 * after another) gives the statistics. n = total elements: one row up to 2^20, then rows of
 * 2^20. Usage: {@code SideBySide OUT.csv [rounds] [n...]} (defaults: 7 rounds; 2^16 2^20 2^24).
 */
public final class SideBySide {

    private SideBySide() {}

    static volatile Object sink;

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SideBySide OUT.csv [rounds] [n...]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1 << 16, 1 << 20, 1 << 24);
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(
                out,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader("kind", "n", "what", "min_ms", "median_ms", "rounds")
                        .setRecordSeparator("\n")
                        .build())) {
            for (int n : sizes) {
                measure(n, rounds, p);
                p.flush();
            }
        }
        ScalingFit.writeAtomically(Path.of(args[0]), out.toString());
        System.out.print(out);
    }

    private static void measure(int n, int rounds, CSVPrinter p) throws IOException {
        int rows = BenchData.rowsFor(n);
        int cols = n / rows;
        float[] scores = BenchData.scores(n, 11);
        float[] relevance = BenchData.relevance(rows, cols, 12);
        RecallLoss recall = RecallLoss.builder().optLambda(4f).optMargin(0.02f).build();
        ApLoss ap = ApLoss.builder().optLambda(4f).optMargin(0.02f).build();
        RowSorter sorter = new RowSorter();
        int[] order = new int[cols];
        int[] ranks = new int[n];
        boolean withPort = n <= (1 << 22);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray s = manager.create(scores, new Shape(rows, cols));
            NDArray t = manager.create(relevance, new Shape(rows, cols));
            Map<String, Supplier<Object>> methods = new LinkedHashMap<>();
            methods.put("one PyTorch argsort", () -> {
                try (NDArray idx = s.argSort(1, false)) {
                    return idx.getLong(0, 0);
                }
            });
            methods.put("PyTorch ranks (argsort of argsort)", () -> {
                try (NDArray idx = s.argSort(1, false);
                        NDArray r = idx.argSort(1)) {
                    return r.getLong(0, 0);
                }
            });
            methods.put("one radix sort (1 thread)", () -> {
                for (int r = 0; r < rows; r++) {
                    sorter.sortDescending(scores, r * cols, cols, order);
                }
                return order;
            });
            methods.put("our ranks (Ranking.rankRows)", () -> {
                Ranking.rankRows(scores, rows, cols, ranks);
                return ranks;
            });
            methods.put("RaMBO recall f+b", () -> recall.lossAndGradient(scores, relevance, rows, cols));
            methods.put("RaMBO AP f+b", () -> ap.lossAndGradient(scores, relevance, rows, cols));
            if (withPort) {
                methods.put("reference recall ported to DJL f+b", () -> {
                    try (NDManager step = manager.newSubManager()) {
                        NDArray a = s.duplicate();
                        a.attach(step);
                        NDArray b = t.duplicate();
                        b.attach(step);
                        return ReferencePort.recallForwardBackward(a, b, 4f, 0.02f)
                                .getFloat(0, 0);
                    }
                });
            }
            for (Supplier<Object> m : methods.values()) {
                sink = m.get(); // warm-up round (JIT, native buffers)
                sink = m.get();
            }
            Map<String, double[]> times = new LinkedHashMap<>();
            methods.keySet().forEach(k -> times.put(k, new double[rounds]));
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, Supplier<Object>> m : methods.entrySet()) {
                    long t0 = System.nanoTime();
                    sink = m.getValue().get();
                    times.get(m.getKey())[round] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Map<String, double[]> stats = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : times.entrySet()) {
                double[] v = e.getValue().clone();
                Arrays.sort(v);
                double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
                stats.put(e.getKey(), new double[] {v[0], median});
                p.printRecord("time", n, e.getKey(), f(v[0]), f(median), rounds);
            }
            ratio(p, n, rounds, stats, "RaMBO recall f+b", "one PyTorch argsort", "goal <= 2.5");
            ratio(p, n, rounds, stats, "RaMBO AP f+b", "one PyTorch argsort", "goal <= 2.5");
            ratio(p, n, rounds, stats, "RaMBO recall f+b", "one radix sort (1 thread)", "");
            ratio(p, n, rounds, stats, "RaMBO AP f+b", "one radix sort (1 thread)", "");
            ratio(p, n, rounds, stats, "one PyTorch argsort", "one radix sort (1 thread)", "goal >= 4");
            ratio(
                    p,
                    n,
                    rounds,
                    stats,
                    "PyTorch ranks (argsort of argsort)",
                    "our ranks (Ranking.rankRows)",
                    "goal >= 4");
            ratio(p, n, rounds, stats, "reference recall ported to DJL f+b", "one PyTorch argsort", "about 6");
            ratio(p, n, rounds, stats, "reference recall ported to DJL f+b", "RaMBO recall f+b", "");
            double reference = ScalingFit.REFERENCE_MS_2_20 * ((double) n / (1 << 20));
            for (String loss : List.of("RaMBO recall f+b", "RaMBO AP f+b")) {
                double[] st = stats.get(loss);
                p.printRecord(
                        "ratio",
                        n,
                        String.format(Locale.ROOT, "reference code %.0f ms / %s (goal >= 5)", reference, loss),
                        f(reference / st[0]),
                        f(reference / st[1]),
                        rounds);
            }
        }
    }

    private static void ratio(
            CSVPrinter p, int n, int rounds, Map<String, double[]> stats, String num, String den, String goal)
            throws IOException {
        double[] a = stats.get(num);
        double[] b = stats.get(den);
        if (a != null && b != null) {
            p.printRecord(
                    "ratio",
                    n,
                    num + " / " + den + (goal.isEmpty() ? "" : " (" + goal + ")"),
                    f(a[0] / b[0]),
                    f(a[1] / b[1]),
                    rounds);
        }
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
