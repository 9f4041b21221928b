package org.rambo.harness.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Reads JMH JSON results and writes a summary CSV: the fitted scaling exponent of every
 * benchmark series (least-squares slope of log time against log n) and the ratios the
 * benchmarks issue asks for. Usage: {@code ScalingFit OUT.csv RESULT.json...}.
 */
public final class ScalingFit {

    /** The public reference code's recall/AP forward + backward on 2^20 scores, 2 threads (DESIGN, issue 6). */
    static final double REFERENCE_MS_2_20 = 530.0;

    private ScalingFit() {}

    /** series name (benchmark + non-size params) -> n -> milliseconds per op. */
    static Map<String, TreeMap<Double, Double>> read(List<Path> files) throws IOException {
        Map<String, TreeMap<Double, Double>> series = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (Path f : files) {
            JsonNode root = json.readTree(f.toFile());
            if (!root.isArray()) {
                continue;
            }
            for (JsonNode b : root) {
                JsonNode params = b.path("params");
                if (!params.has("n")) {
                    continue;
                }
                String name = b.get("benchmark").asText();
                name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
                StringBuilder key = new StringBuilder(name);
                params.fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("n")) {
                        key.append(" ").append(e.getKey()).append('=').append(e.getValue().asText());
                    }
                });
                JsonNode pm = b.get("primaryMetric");
                double ms = toMillis(pm.get("score").asDouble(), pm.get("scoreUnit").asText());
                series.computeIfAbsent(key.toString(), k -> new TreeMap<>()).put(params.get("n").asDouble(), ms);
            }
        }
        return series;
    }

    static double toMillis(double score, String unit) {
        return switch (unit) {
            case "ns/op" -> score / 1e6;
            case "us/op" -> score / 1e3;
            case "ms/op" -> score;
            case "s/op" -> score * 1e3;
            default -> throw new IllegalArgumentException("unsupported JMH unit " + unit);
        };
    }

    /** Least-squares slope of log(y) against log(x). */
    static double exponent(TreeMap<Double, Double> points) {
        int k = points.size();
        if (k < 2) {
            return Double.NaN;
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Map.Entry<Double, Double> e : points.entrySet()) {
            double x = Math.log(e.getKey());
            double y = Math.log(e.getValue());
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        return (k * sxy - sx * sy) / (k * sxx - sx * sx);
    }

    static List<List<String>> rows(Map<String, TreeMap<Double, Double>> series) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Double, Double>> e : series.entrySet()) {
            rows.add(List.of("exponent", e.getKey(), "", fmt(exponent(e.getValue())),
                    "slope of log time vs log n over n = " + e.getValue().firstKey().longValue() + ".."
                            + e.getValue().lastKey().longValue()));
        }
        ratio(rows, series, "RamboCostBenchmark.ramboRecallForwardBackward", "RamboCostBenchmark.oneDjlArgsort",
                "rambo recall f+b / one PyTorch argsort (goal <= 2.5 at n >= 2^16)");
        ratio(rows, series, "RamboCostBenchmark.ramboApForwardBackward", "RamboCostBenchmark.oneDjlArgsort",
                "rambo AP f+b / one PyTorch argsort (goal <= 2.5 at n >= 2^16)");
        ratio(rows, series, "RamboCostBenchmark.oneDjlArgsort", "RamboCostBenchmark.oneRadixSort",
                "PyTorch argsort / our radix sort (goal >= 4)");
        ratio(rows, series, "RankingBenchmark.djlRanks", "RankingBenchmark.radixRanks",
                "PyTorch ranks (argsort of argsort) / our ranks (goal >= 4)");
        ratio(rows, series, "RamboCostBenchmark.referencePortRecallForwardBackward",
                "RamboCostBenchmark.ramboRecallForwardBackward", "DJL port of the reference (6 argsorts) / ours");
        TreeMap<Double, Double> recall = series.get("RamboCostBenchmark.ramboRecallForwardBackward");
        if (recall != null && recall.containsKey((double) (1 << 20))) {
            rows.add(List.of("ratio", "reference 530 ms / rambo recall f+b", "1048576",
                    fmt(REFERENCE_MS_2_20 / recall.get((double) (1 << 20))), "goal >= 5 (reference figure from issue 6)"));
        }
        return rows;
    }

    private static void ratio(List<List<String>> rows, Map<String, TreeMap<Double, Double>> s, String num,
                              String den, String what) {
        TreeMap<Double, Double> a = s.get(num);
        TreeMap<Double, Double> b = s.get(den);
        if (a == null || b == null) {
            return;
        }
        for (Map.Entry<Double, Double> e : a.entrySet()) {
            Double d = b.get(e.getKey());
            if (d != null) {
                rows.add(List.of("ratio", what, String.valueOf(e.getKey().longValue()), fmt(e.getValue() / d), ""));
            }
        }
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ScalingFit OUT.csv RESULT.json...");
            System.exit(2);
        }
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader("kind", "what", "n", "value", "note").setRecordSeparator("\n").build())) {
            for (List<String> row : rows(read(files))) {
                p.printRecord(row);
            }
        }
        Path target = Path.of(args[0]);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, out.toString());
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.print(out);
    }
}
