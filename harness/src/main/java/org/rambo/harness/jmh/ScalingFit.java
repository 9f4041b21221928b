package org.rambo.harness.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * Reads JMH JSON results and writes two CSV files: {@code results.csv}, every JMH entry flattened
 * (benchmark, params, score, error, unit, milliseconds per op), and {@code summary.csv}, the
 * fitted scaling exponent of every series (least-squares slope of log time against log n) and
 * the ratios issue #6 asks for, each with its goal. Usage:
 * {@code ScalingFit OUT_DIR RESULT.json...}.
 */
public final class ScalingFit {

    /** The public reference code's recall/AP forward + backward on 2^20 scores, 2 threads (issue #6). */
    static final double REFERENCE_MS_2_20 = 530.0;
    /** The paper's AP loss forward + backward on 100M elements, V100 GPU (seconds). */
    static final double PAPER_V100_SECONDS_100M = 0.62;

    static final String PKG = "org.rambo.harness.jmh.";

    private ScalingFit() {}

    /** One JMH entry, flattened. */
    record Entry(String benchmark, String mode, double n, Map<String, String> otherParams, double score,
                 double error, String unit) {

        double millis() {
            return toMillis(score, unit);
        }

        /** Short name (Class.method) plus the non-size params, e.g. "LossBenchmark.forwardBackward loss=smooth-ap". */
        String series() {
            String s = benchmark.startsWith(PKG) ? benchmark.substring(PKG.length()) : benchmark;
            StringBuilder key = new StringBuilder(s);
            otherParams.forEach((k, v) -> key.append(' ').append(k).append('=').append(v));
            return key.toString();
        }
    }

    static List<Entry> read(List<Path> files) throws IOException {
        List<Entry> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path f : files) {
            JsonNode root = json.readTree(f.toFile());
            if (!root.isArray()) {
                continue; // environment.json and the like
            }
            for (JsonNode b : root) {
                JsonNode params = b.path("params");
                if (!params.has("n")) {
                    continue;
                }
                Map<String, String> others = new TreeMap<>();
                params.fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("n")) {
                        others.put(e.getKey(), e.getValue().asText());
                    }
                });
                JsonNode pm = b.get("primaryMetric");
                double err = pm.path("scoreError").isNumber() ? pm.get("scoreError").asDouble() : Double.NaN;
                out.add(new Entry(b.get("benchmark").asText(), b.path("mode").asText(""),
                        params.get("n").asDouble(), others, pm.get("score").asDouble(), err,
                        pm.get("scoreUnit").asText()));
            }
        }
        return out;
    }

    /** series name -> n -> milliseconds per op (a later file's entry replaces an earlier one). */
    static Map<String, TreeMap<Double, Double>> series(List<Entry> entries) {
        Map<String, TreeMap<Double, Double>> series = new TreeMap<>();
        for (Entry e : entries) {
            series.computeIfAbsent(e.series(), k -> new TreeMap<>()).put(e.n(), e.millis());
        }
        return series;
    }

    static double toMillis(double score, String unit) {
        return switch (unit) {
            case "ns/op" -> score / 1e6;
            case "us/op" -> score / 1e3;
            case "ms/op" -> score;
            case "s/op" -> score * 1e3;
            case "ops/s" -> 1e3 / score;
            case "ops/ms" -> 1.0 / score;
            case "ops/us" -> 1e-3 / score;
            default -> throw new IllegalArgumentException("unsupported JMH unit " + unit);
        };
    }

    /** Least-squares slope of log(time) against log(n) over the points with n >= minN. */
    static double exponent(TreeMap<Double, Double> points, double minN) {
        int k = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Map.Entry<Double, Double> e : points.tailMap(minN, true).entrySet()) {
            double x = Math.log(e.getKey());
            double y = Math.log(e.getValue());
            k++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        if (k < 2) {
            return Double.NaN;
        }
        return (k * sxy - sx * sy) / (k * sxx - sx * sx);
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
            String range = "n = " + pts.firstKey().longValue() + ".." + pts.lastKey().longValue();
            double all = exponent(pts);
            if (e.getKey().startsWith("LossBenchmark.")) {
                // n is the batch: B queries against B candidates; per query = total exponent - 1
                rows.add(List.of("exponent", e.getKey(), "", fmt(all), "",
                        "slope of log time vs log batch, " + range));
                String goal = e.getKey().contains("smooth-ap") ? "about 2" : e.getKey().contains("rambo") ? "about 1" : "";
                rows.add(List.of("exponent per query", e.getKey(), "", fmt(all - 1), goal,
                        "total slope - 1 (each of the B queries ranks B candidates)"));
                // small batches are dominated by fixed per-operation costs (DJL/PyTorch dispatch)
                double large = exponent(pts, LARGE_BATCH);
                if (pts.firstKey() < LARGE_BATCH && !Double.isNaN(large)) {
                    rows.add(List.of("exponent per query B>=" + LARGE_BATCH, e.getKey(), "", fmt(large - 1), goal,
                            "total slope over B >= " + LARGE_BATCH + " - 1 (fixed per-op costs excluded)"));
                }
            } else {
                String goal = e.getKey().startsWith("RamboCostBenchmark.rambo") ? "about 1 (n log n)" : "";
                rows.add(List.of("exponent", e.getKey(), "", fmt(all), goal, "slope of log time vs log n, " + range));
                double large = exponent(pts, 65536);
                if (pts.firstKey() < 65536 && !Double.isNaN(large)) {
                    rows.add(List.of("exponent n>=2^16", e.getKey(), "", fmt(large), goal,
                            "slope over n >= 65536 (fixed per-call costs excluded)"));
                }
            }
        }
        String cost = "RamboCostBenchmark.";
        ratio(rows, series, cost + "ramboRecallForwardBackward", cost + "oneDjlArgsort",
                "RaMBO recall f+b / one PyTorch argsort of the same scores", "<= 2.5 at n >= 2^16");
        ratio(rows, series, cost + "ramboApForwardBackward", cost + "oneDjlArgsort",
                "RaMBO AP f+b / one PyTorch argsort of the same scores", "<= 2.5 at n >= 2^16");
        ratio(rows, series, cost + "ramboRecallForwardBackward", cost + "oneRadixSort",
                "RaMBO recall f+b / one radix sort of the same scores", "");
        ratio(rows, series, cost + "ramboApForwardBackward", cost + "oneRadixSort",
                "RaMBO AP f+b / one radix sort of the same scores", "");
        ratio(rows, series, cost + "oneDjlArgsort", cost + "oneRadixSort",
                "PyTorch argsort / our radix sort (B x n matrix)", ">= 4");
        ratio(rows, series, "RankingBenchmark.djlArgsort", "RankingBenchmark.radixOrder",
                "PyTorch argsort / our radix order (one row)", ">= 4");
        ratio(rows, series, "RankingBenchmark.djlRanks", "RankingBenchmark.radixRanks",
                "PyTorch ranks (argsort of argsort) / our ranks (one row)", ">= 4");
        ratio(rows, series, "RankingBenchmark.javaSort", "RankingBenchmark.radixOrder",
                "Arrays.sort of a float copy / our radix order (one row)", "");
        ratio(rows, series, "MatrixRankingBenchmark.djlArgsortRows", "MatrixRankingBenchmark.radixRankRows",
                "PyTorch batched argsort / our ranks (128 x n)", ">= 4");
        ratio(rows, series, "MatrixRankingBenchmark.djlRankRows", "MatrixRankingBenchmark.radixRankRows",
                "PyTorch batched ranks (argsort of argsort) / our ranks (128 x n)", ">= 4");
        ratio(rows, series, cost + "referencePortRecallForwardBackward", cost + "ramboRecallForwardBackward",
                "DJL port of the reference recall (6 argsorts) / ours", "");
        ratio(rows, series, cost + "referencePortApForwardBackward", cost + "ramboApForwardBackward",
                "DJL port of the reference AP (6 argsorts) / ours", "");
        ratio(rows, series, cost + "referencePortRecallForwardBackward", cost + "oneDjlArgsort",
                "DJL port of the reference recall / one PyTorch argsort", "about 6 (issue #6)");
        for (String loss : List.of("Recall", "Ap")) {
            TreeMap<Double, Double> ours = series.get(cost + "rambo" + loss + "ForwardBackward");
            if (ours == null) {
                continue;
            }
            for (double n : new double[] {1 << 20, 1 << 24}) {
                Double ms = ours.get(n);
                if (ms != null) {
                    double reference = REFERENCE_MS_2_20 * (n / (1 << 20));
                    rows.add(List.of("ratio", "reference code " + fmt0(reference) + " ms / RaMBO " + loss.toLowerCase(Locale.ROOT)
                            + " f+b", String.valueOf((long) n), fmt(reference / ms), ">= 5",
                            "reference figure: 530 ms per 2^20 scores (issue #6, PyTorch, 2 threads); ours "
                                    + fmt(ms) + " ms"));
                }
            }
        }
        TreeMap<Double, Double> paper = series.get("PaperScaleBenchmark.apForwardBackward");
        if (paper != null) {
            for (Map.Entry<Double, Double> e : paper.entrySet()) {
                double s = e.getValue() / 1e3;
                rows.add(List.of("paper scale", "AP loss f+b seconds (CPU)", String.valueOf(e.getKey().longValue()),
                        fmt(s), "", "paper: " + PAPER_V100_SECONDS_100M + " s on a V100 GPU; not the same hardware"));
                rows.add(List.of("paper scale", "AP loss f+b elements per second (CPU)",
                        String.valueOf(e.getKey().longValue()), String.format(Locale.ROOT, "%.3e", e.getKey() / s), "",
                        String.format(Locale.ROOT, "paper V100: %.3e", e.getKey() / PAPER_V100_SECONDS_100M)));
            }
        }
        return rows;
    }

    private static void ratio(List<List<String>> rows, Map<String, TreeMap<Double, Double>> s, String num,
                              String den, String what, String goal) {
        TreeMap<Double, Double> a = s.get(num);
        TreeMap<Double, Double> b = s.get(den);
        if (a == null || b == null) {
            return;
        }
        for (Map.Entry<Double, Double> e : a.entrySet()) {
            Double d = b.get(e.getKey());
            if (d != null) {
                rows.add(List.of("ratio", what, String.valueOf(e.getKey().longValue()), fmt(e.getValue() / d), goal,
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

    static String resultsCsv(List<Entry> entries) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader("benchmark", "mode", "n", "params", "score", "error", "unit", "ms_per_op")
                .setRecordSeparator("\n").build())) {
            for (Entry e : entries) {
                p.printRecord(e.series().split(" ", 2)[0], e.mode(), String.valueOf((long) e.n()),
                        String.join(" ", e.otherParams().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList()),
                        e.score(), Double.isNaN(e.error()) ? "" : e.error(), e.unit(),
                        String.format(Locale.ROOT, "%.6g", e.millis()));
            }
        }
        return out.toString();
    }

    static String summaryCsv(List<List<String>> rows) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader("kind", "what", "n", "value", "goal", "note").setRecordSeparator("\n").build())) {
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
            System.err.println("usage: ScalingFit OUT_DIR RESULT.json...   (writes OUT_DIR/results.csv and summary.csv)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        List<Entry> entries = read(files);
        writeAtomically(dir.resolve("results.csv"), resultsCsv(entries));
        String summary = summaryCsv(summary(series(entries)));
        writeAtomically(dir.resolve("summary.csv"), summary);
        System.out.print(summary);
    }
}
