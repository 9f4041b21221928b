package org.rambo.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rambo.reports.bench.BenchResults;

/**
 * Reads JMH JSON results with the project's one JMH reader and slope fit
 * ({@link BenchResults}) and writes two CSV files: {@code results.csv}, every point flattened
 * (benchmark, params, milliseconds per op and JMH's error), and {@code summary.csv}, the fitted
 * scaling exponent of every series (least-squares slope of log time against log n) and the
 * speed ratios the suite tracks, each with its goal. Usage: {@code ScalingFit OUT_DIR RESULT.json...}.
 */
public final class ScalingFit {

    /**
     * The public reference code's recall/AP forward + backward on 2^20 scores (PyTorch, 2 threads),
     * measured on the benchmark machine; {@code make bench-peers} re-measures it beside ours.
     */
    static final double REFERENCE_MS_2_20 = 530.0;
    /** The paper's AP loss forward + backward on 100M elements, V100 GPU (seconds). */
    static final double PAPER_V100_SECONDS_100M = 0.62;

    private ScalingFit() {}

    /** Every series of the files: name (Class.method plus non-size params) -> n -> milliseconds per op. */
    static Map<String, TreeMap<Double, Double>> series(BenchResults.Bench bench) {
        Map<String, TreeMap<Double, Double>> series = new TreeMap<>();
        if (bench != null) {
            for (BenchResults.Series s : bench.series()) {
                TreeMap<Double, Double> pts = new TreeMap<>();
                s.points().forEach(p -> pts.put(p.n(), p.seconds() * 1e3));
                series.put(s.name(), pts);
            }
        }
        return series;
    }

    /** Slope of log(time) against log(n) over the points with n >= minN (NaN below two points). */
    static double exponent(TreeMap<Double, Double> points, double minN) {
        List<BenchResults.Point> pts = new ArrayList<>();
        points.forEach((n, ms) -> pts.add(new BenchResults.Point(n, ms / 1e3, Double.NaN)));
        return BenchResults.fit(pts, minN)[1];
    }

    static double exponent(TreeMap<Double, Double> points) {
        return exponent(points, Double.NEGATIVE_INFINITY);
    }

    /** Smallest batch of the loss benchmark's large-batch exponent. */
    static final int LARGE_BATCH = 128;

    /** Smallest n of the size benchmarks' large-n exponent: 2^16. */
    static final int LARGE_N = 65536;

    private static final String COST = "RamboCostBenchmark.";

    /** A speed ratio the suite tracks: numerator's time over the denominator's at each shared n. */
    private record Ratio(String numerator, String denominator, String what, String goal) {}

    private static final List<Ratio> RATIOS = List.of(
            new Ratio(
                    COST + "ramboRecallForwardBackward",
                    COST + "oneDjlArgsort",
                    "RaMBO recall f+b / one PyTorch argsort of the same scores",
                    "<= 2.5 at n >= 2^16"),
            new Ratio(
                    COST + "ramboApForwardBackward",
                    COST + "oneDjlArgsort",
                    "RaMBO AP f+b / one PyTorch argsort of the same scores",
                    "<= 2.5 at n >= 2^16"),
            new Ratio(
                    COST + "ramboRecallForwardBackward",
                    COST + "oneRadixSort",
                    "RaMBO recall f+b / one radix sort of the same scores",
                    ""),
            new Ratio(
                    COST + "ramboApForwardBackward",
                    COST + "oneRadixSort",
                    "RaMBO AP f+b / one radix sort of the same scores",
                    ""),
            new Ratio(
                    COST + "oneDjlArgsort",
                    COST + "oneRadixSort",
                    "PyTorch argsort / our radix sort (B x n matrix)",
                    ">= 4"),
            new Ratio(
                    "RankingBenchmark.djlArgsort",
                    "RankingBenchmark.radixOrder",
                    "PyTorch argsort / our radix order (one row)",
                    ">= 4"),
            new Ratio(
                    "RankingBenchmark.djlRanks",
                    "RankingBenchmark.radixRanks",
                    "PyTorch ranks (argsort of argsort) / our ranks (one row)",
                    ">= 4"),
            new Ratio(
                    "RankingBenchmark.javaSort",
                    "RankingBenchmark.radixOrder",
                    "Arrays.sort of a float copy / our radix order (one row)",
                    ""),
            new Ratio(
                    "MatrixRankingBenchmark.djlArgsortRows",
                    "MatrixRankingBenchmark.radixRankRows",
                    "PyTorch batched argsort / our ranks (128 x n)",
                    ">= 4"),
            new Ratio(
                    "MatrixRankingBenchmark.djlRankRows",
                    "MatrixRankingBenchmark.radixRankRows",
                    "PyTorch batched ranks (argsort of argsort) / our ranks (128 x n)",
                    ">= 4"),
            new Ratio(
                    COST + "referencePortRecallForwardBackward",
                    COST + "ramboRecallForwardBackward",
                    "DJL port of the reference recall (6 argsorts) / ours",
                    ""),
            new Ratio(
                    COST + "referencePortApForwardBackward",
                    COST + "ramboApForwardBackward",
                    "DJL port of the reference AP (6 argsorts) / ours",
                    ""),
            new Ratio(
                    COST + "referencePortRecallForwardBackward",
                    COST + "oneDjlArgsort",
                    "DJL port of the reference recall / one PyTorch argsort",
                    "about 6"));

    /** Rows of summary.csv: kind, what, n, value, goal, note. */
    static List<List<String>> summary(Map<String, TreeMap<Double, Double>> series) {
        List<List<String>> rows = new ArrayList<>();
        series.forEach((name, pts) -> {
            if (pts.size() < 2) {
                return;
            }
            rows.addAll(name.startsWith("LossBenchmark.") ? batchExponents(name, pts) : sizeExponents(name, pts));
        });
        for (Ratio r : RATIOS) {
            rows.addAll(ratios(series, r));
        }
        rows.addAll(againstReference(series));
        rows.addAll(paperScale(series.get("PaperScaleBenchmark.apForwardBackward")));
        return rows;
    }

    /** A loss benchmark's exponents; n is the batch: B queries against B candidates, so per query = total - 1. */
    private static List<List<String>> batchExponents(String name, TreeMap<Double, Double> pts) {
        List<List<String>> rows = new ArrayList<>();
        double all = exponent(pts);
        rows.add(List.of("exponent", name, "", fmt(all), "", "slope of log time vs log batch, " + range(pts)));
        String goal = name.contains("smooth-ap") ? "about 2" : name.contains("rambo") ? "about 1" : "";
        rows.add(List.of(
                "exponent per query",
                name,
                "",
                fmt(all - 1),
                goal,
                "total slope - 1 (each of the B queries ranks B candidates)"));
        // small batches are dominated by fixed per-operation costs (DJL/PyTorch dispatch)
        double large = exponent(pts, LARGE_BATCH);
        if (pts.firstKey() < LARGE_BATCH && !Double.isNaN(large)) {
            rows.add(List.of(
                    "exponent per query B>=" + LARGE_BATCH,
                    name,
                    "",
                    fmt(large - 1),
                    goal,
                    "total slope over B >= " + LARGE_BATCH + " - 1 (fixed per-op costs excluded)"));
        }
        return rows;
    }

    /** Any other benchmark's exponent over n, and over n >= 2^16 where smaller n were measured. */
    private static List<List<String>> sizeExponents(String name, TreeMap<Double, Double> pts) {
        List<List<String>> rows = new ArrayList<>();
        String goal = name.startsWith(COST + "rambo") ? "about 1 (n log n)" : "";
        rows.add(List.of("exponent", name, "", fmt(exponent(pts)), goal, "slope of log time vs log n, " + range(pts)));
        double large = exponent(pts, LARGE_N);
        if (pts.firstKey() < LARGE_N && !Double.isNaN(large)) {
            rows.add(List.of(
                    "exponent n>=2^16",
                    name,
                    "",
                    fmt(large),
                    goal,
                    "slope over n >= " + LARGE_N + " (fixed per-call costs excluded)"));
        }
        return rows;
    }

    private static String range(TreeMap<Double, Double> pts) {
        return "n = " + pts.firstKey().longValue() + ".." + pts.lastKey().longValue();
    }

    /** Our RaMBO losses at 2^20 and 2^24 scores against the reference code's time, scaled linearly from 2^20. */
    private static List<List<String>> againstReference(Map<String, TreeMap<Double, Double>> series) {
        List<List<String>> rows = new ArrayList<>();
        for (String loss : List.of("Recall", "Ap")) {
            TreeMap<Double, Double> ours = series.get(COST + "rambo" + loss + "ForwardBackward");
            if (ours == null) {
                continue;
            }
            for (double n : new double[] {1 << 20, 1 << 24}) {
                Double ms = ours.get(n);
                if (ms != null) {
                    double reference = REFERENCE_MS_2_20 * (n / (1 << 20));
                    rows.add(List.of(
                            "ratio",
                            "reference code " + fmt0(reference) + " ms / RaMBO " + loss.toLowerCase(Locale.ROOT)
                                    + " f+b",
                            String.valueOf((long) n),
                            fmt(reference / ms),
                            ">= 5",
                            "reference code measured at 530 ms per 2^20 scores (PyTorch, 2 threads); ours " + fmt(ms)
                                    + " ms"));
                }
            }
        }
        return rows;
    }

    /** The AP loss at the paper's scale: seconds and elements per second beside the paper's GPU figure. */
    private static List<List<String>> paperScale(TreeMap<Double, Double> paper) {
        List<List<String>> rows = new ArrayList<>();
        if (paper == null) {
            return rows;
        }
        paper.forEach((n, ms) -> {
            double s = ms / 1e3;
            rows.add(List.of(
                    "paper scale",
                    "AP loss f+b seconds (CPU)",
                    String.valueOf(n.longValue()),
                    fmt(s),
                    "",
                    "paper: " + PAPER_V100_SECONDS_100M + " s on a V100 GPU; not the same hardware"));
            rows.add(List.of(
                    "paper scale",
                    "AP loss f+b elements per second (CPU)",
                    String.valueOf(n.longValue()),
                    String.format(Locale.ROOT, "%.3e", n / s),
                    "",
                    String.format(Locale.ROOT, "paper V100: %.3e", n / PAPER_V100_SECONDS_100M)));
        });
        return rows;
    }

    /** One ratio row per n both series measured. */
    private static List<List<String>> ratios(Map<String, TreeMap<Double, Double>> series, Ratio r) {
        List<List<String>> rows = new ArrayList<>();
        TreeMap<Double, Double> a = series.get(r.numerator());
        TreeMap<Double, Double> b = series.get(r.denominator());
        if (a == null || b == null) {
            return rows;
        }
        a.forEach((n, ms) -> {
            Double d = b.get(n);
            if (d != null) {
                rows.add(List.of(
                        "ratio",
                        r.what(),
                        String.valueOf(n.longValue()),
                        fmt(ms / d),
                        r.goal(),
                        fmt(ms) + " ms / " + fmt(d) + " ms"));
            }
        });
        return rows;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String fmt0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String resultsCsv(BenchResults.Bench bench) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(
                out,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader("benchmark", "mode", "n", "params", "ms_per_op", "error_ms")
                        .setRecordSeparator("\n")
                        .build())) {
            if (bench != null) {
                for (BenchResults.Series s : bench.series()) {
                    String[] name = s.name().split(" ", 2);
                    String params = name.length > 1 ? name[1].replaceAll("^\\{|\\}$", "") : "";
                    for (BenchResults.Point pt : s.points()) {
                        p.printRecord(
                                name[0],
                                s.mode(),
                                String.valueOf((long) pt.n()),
                                params,
                                String.format(Locale.ROOT, "%.6g", pt.seconds() * 1e3),
                                Double.isNaN(pt.errorSeconds())
                                        ? ""
                                        : String.format(Locale.ROOT, "%.3g", pt.errorSeconds() * 1e3));
                    }
                }
            }
        }
        return out.toString();
    }

    static String summaryCsv(List<List<String>> rows) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(
                out,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader("kind", "what", "n", "value", "goal", "note")
                        .setRecordSeparator("\n")
                        .build())) {
            for (List<String> row : rows) {
                p.printRecord(row);
            }
        }
        return out.toString();
    }

    static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println(
                    "usage: ScalingFit OUT_DIR RESULT.json...   (writes OUT_DIR/results.csv and summary.csv)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        BenchResults.Bench bench = BenchResults.read(files);
        writeAtomically(dir.resolve("results.csv"), resultsCsv(bench));
        String summary = summaryCsv(summary(series(bench)));
        writeAtomically(dir.resolve("summary.csv"), summary);
        System.out.print(summary);
    }
}
