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

    /** Rows of summary.csv: kind, what, n, value, goal, note. */
    static List<List<String>> summary(Map<String, TreeMap<Double, Double>> series) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Double, Double>> e : series.entrySet()) {
            TreeMap<Double, Double> pts = e.getValue();
            if (pts.size() < 2) {
                continue;
            }
            String range =
                    "n = " + pts.firstKey().longValue() + ".." + pts.lastKey().longValue();
            double all = exponent(pts);
            if (e.getKey().startsWith("LossBenchmark.")) {
                // n is the batch: B queries against B candidates; per query = total exponent - 1
                rows.add(List.of("exponent", e.getKey(), "", fmt(all), "", "slope of log time vs log batch, " + range));
                String goal = e.getKey().contains("smooth-ap")
                        ? "about 2"
                        : e.getKey().contains("rambo") ? "about 1" : "";
                rows.add(List.of(
                        "exponent per query",
                        e.getKey(),
                        "",
                        fmt(all - 1),
                        goal,
                        "total slope - 1 (each of the B queries ranks B candidates)"));
                // small batches are dominated by fixed per-operation costs (DJL/PyTorch dispatch)
                double large = exponent(pts, LARGE_BATCH);
                if (pts.firstKey() < LARGE_BATCH && !Double.isNaN(large)) {
                    rows.add(List.of(
                            "exponent per query B>=" + LARGE_BATCH,
                            e.getKey(),
                            "",
                            fmt(large - 1),
                            goal,
                            "total slope over B >= " + LARGE_BATCH + " - 1 (fixed per-op costs excluded)"));
                }
            } else {
                String goal = e.getKey().startsWith("RamboCostBenchmark.rambo") ? "about 1 (n log n)" : "";
                rows.add(List.of("exponent", e.getKey(), "", fmt(all), goal, "slope of log time vs log n, " + range));
                double large = exponent(pts, 65536);
                if (pts.firstKey() < 65536 && !Double.isNaN(large)) {
                    rows.add(List.of(
                            "exponent n>=2^16",
                            e.getKey(),
                            "",
                            fmt(large),
                            goal,
                            "slope over n >= 65536 (fixed per-call costs excluded)"));
                }
            }
        }
        String cost = "RamboCostBenchmark.";
        ratio(
                rows,
                series,
                cost + "ramboRecallForwardBackward",
                cost + "oneDjlArgsort",
                "RaMBO recall f+b / one PyTorch argsort of the same scores",
                "<= 2.5 at n >= 2^16");
        ratio(
                rows,
                series,
                cost + "ramboApForwardBackward",
                cost + "oneDjlArgsort",
                "RaMBO AP f+b / one PyTorch argsort of the same scores",
                "<= 2.5 at n >= 2^16");
        ratio(
                rows,
                series,
                cost + "ramboRecallForwardBackward",
                cost + "oneRadixSort",
                "RaMBO recall f+b / one radix sort of the same scores",
                "");
        ratio(
                rows,
                series,
                cost + "ramboApForwardBackward",
                cost + "oneRadixSort",
                "RaMBO AP f+b / one radix sort of the same scores",
                "");
        ratio(
                rows,
                series,
                cost + "oneDjlArgsort",
                cost + "oneRadixSort",
                "PyTorch argsort / our radix sort (B x n matrix)",
                ">= 4");
        ratio(
                rows,
                series,
                "RankingBenchmark.djlArgsort",
                "RankingBenchmark.radixOrder",
                "PyTorch argsort / our radix order (one row)",
                ">= 4");
        ratio(
                rows,
                series,
                "RankingBenchmark.djlRanks",
                "RankingBenchmark.radixRanks",
                "PyTorch ranks (argsort of argsort) / our ranks (one row)",
                ">= 4");
        ratio(
                rows,
                series,
                "RankingBenchmark.javaSort",
                "RankingBenchmark.radixOrder",
                "Arrays.sort of a float copy / our radix order (one row)",
                "");
        ratio(
                rows,
                series,
                "MatrixRankingBenchmark.djlArgsortRows",
                "MatrixRankingBenchmark.radixRankRows",
                "PyTorch batched argsort / our ranks (128 x n)",
                ">= 4");
        ratio(
                rows,
                series,
                "MatrixRankingBenchmark.djlRankRows",
                "MatrixRankingBenchmark.radixRankRows",
                "PyTorch batched ranks (argsort of argsort) / our ranks (128 x n)",
                ">= 4");
        ratio(
                rows,
                series,
                cost + "referencePortRecallForwardBackward",
                cost + "ramboRecallForwardBackward",
                "DJL port of the reference recall (6 argsorts) / ours",
                "");
        ratio(
                rows,
                series,
                cost + "referencePortApForwardBackward",
                cost + "ramboApForwardBackward",
                "DJL port of the reference AP (6 argsorts) / ours",
                "");
        ratio(
                rows,
                series,
                cost + "referencePortRecallForwardBackward",
                cost + "oneDjlArgsort",
                "DJL port of the reference recall / one PyTorch argsort",
                "about 6");
        for (String loss : List.of("Recall", "Ap")) {
            TreeMap<Double, Double> ours = series.get(cost + "rambo" + loss + "ForwardBackward");
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
        TreeMap<Double, Double> paper = series.get("PaperScaleBenchmark.apForwardBackward");
        if (paper != null) {
            for (Map.Entry<Double, Double> e : paper.entrySet()) {
                double s = e.getValue() / 1e3;
                rows.add(List.of(
                        "paper scale",
                        "AP loss f+b seconds (CPU)",
                        String.valueOf(e.getKey().longValue()),
                        fmt(s),
                        "",
                        "paper: " + PAPER_V100_SECONDS_100M + " s on a V100 GPU; not the same hardware"));
                rows.add(List.of(
                        "paper scale",
                        "AP loss f+b elements per second (CPU)",
                        String.valueOf(e.getKey().longValue()),
                        String.format(Locale.ROOT, "%.3e", e.getKey() / s),
                        "",
                        String.format(Locale.ROOT, "paper V100: %.3e", e.getKey() / PAPER_V100_SECONDS_100M)));
            }
        }
        return rows;
    }

    private static void ratio(
            List<List<String>> rows,
            Map<String, TreeMap<Double, Double>> s,
            String num,
            String den,
            String what,
            String goal) {
        TreeMap<Double, Double> a = s.get(num);
        TreeMap<Double, Double> b = s.get(den);
        if (a == null || b == null) {
            return;
        }
        for (Map.Entry<Double, Double> e : a.entrySet()) {
            Double d = b.get(e.getKey());
            if (d != null) {
                rows.add(List.of(
                        "ratio",
                        what,
                        String.valueOf(e.getKey().longValue()),
                        fmt(e.getValue() / d),
                        goal,
                        fmt(e.getValue()) + " ms / " + fmt(d) + " ms"));
            }
        }
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
