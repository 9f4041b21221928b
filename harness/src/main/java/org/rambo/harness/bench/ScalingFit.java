package org.rambo.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads JMH result files (JSON, JMH's own format) and writes {@code summary.csv}: the fitted
 * scaling exponent of every method (least squares of log time against log n), the ratios the
 * issue asks for, the paper-scale throughput, and the memory counters. Usage:
 * {@code ScalingFit OUT_DIR RESULT.json...} (or a folder: every {@code *.json} in it except
 * {@code environment.json}); writes {@code OUT_DIR/summary.csv} and {@code OUT_DIR/summary.md}.
 *
 * <p>Rows of summary.csv: {@code kind,subject,params,value,unit,goal,meets_goal,detail}, kinds
 * {@code exponent} (all n), {@code exponent_large_n} (the larger half of the n values),
 * {@code ratio} (from JMH's scores, the means over iterations), {@code ratio_best} (from the
 * fastest iteration of each method: on a shared machine the least disturbed one),
 * {@code paper_scale}, {@code memory}. A later file replaces an earlier one's result for the
 * same benchmark and parameters.
 */
public final class ScalingFit {

    /** The reference code's loss forward + backward on 2^20 scores (PyTorch, 2 threads), from the issue. */
    static final double REFERENCE_SECONDS_PER_2_20 = 0.530;

    /** The paper's AP loss forward + backward on 10^8 elements, V100. */
    static final double PAPER_V100_SECONDS = 0.62;

    static final String BENCH_PACKAGE = "org.rambo.harness.bench.";

    /** One benchmark result: class and method simple names, params, seconds per op. */
    record Result(String bench, String method, Map<String, String> params, double seconds, double error,
                  double best, Map<String, Double> secondary) {

        String key() {
            return bench + "." + method + params;
        }

        long n() {
            return Long.parseLong(params.get("n"));
        }

        /** The params without n, as text, e.g. "pos=0.01". */
        String otherParams() {
            StringBuilder b = new StringBuilder();
            params.forEach((k, v) -> {
                if (!k.equals("n")) {
                    b.append(b.length() == 0 ? "" : ";").append(k).append('=').append(v);
                }
            });
            return b.toString();
        }
    }

    /** One row of summary.csv. */
    record Row(String kind, String subject, String params, double value, String unit, String goal, String meets,
               String detail) {}

    private ScalingFit() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 4 && args[0].equals("--compare")) {
            List<Row> rows = compare(read(jsonFiles(Path.of(args[1]))), read(jsonFiles(Path.of(args[2]))));
            Path target = Path.of(args[3]);
            writeAtomically(target, csv(rows));
            System.out.println("wrote " + rows.size() + " before/after rows to " + target);
            return;
        }
        if (args.length < 2) {
            System.err.println("usage: ScalingFit OUT_DIR RESULT.json... | RESULTS_DIR\n"
                    + "       ScalingFit --compare BEFORE(.json|_DIR) AFTER(.json|_DIR) OUT.csv");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        List<Path> inputs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            inputs.addAll(jsonFiles(Path.of(args[i])));
        }
        List<Row> rows = summarise(read(inputs));
        Files.createDirectories(out);
        writeAtomically(out.resolve("summary.csv"), csv(rows));
        writeAtomically(out.resolve("summary.md"), markdown(rows));
        System.out.println("wrote " + rows.size() + " rows to " + out.resolve("summary.csv") + " from " + inputs);
    }

    static List<Path> jsonFiles(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().equals("environment.json"))
                    .sorted().toList();
        }
    }

    /** Every result in the files, later files replacing earlier results with the same key. */
    static List<Result> read(List<Path> files) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Result> byKey = new LinkedHashMap<>();
        for (Path f : files) {
            JsonNode root = mapper.readTree(f.toFile());
            if (!root.isArray()) {
                throw new IOException(f + " is not a JMH JSON result file (expected an array)");
            }
            for (JsonNode e : root) {
                Result r = parse(e);
                if (r != null) {
                    byKey.remove(r.key());
                    byKey.put(r.key(), r);
                }
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /** A result of this package with a time unit, or null. */
    static Result parse(JsonNode e) {
        String full = e.path("benchmark").asText();
        if (!full.startsWith(BENCH_PACKAGE)) {
            return null;
        }
        String rest = full.substring(BENCH_PACKAGE.length());
        int dot = rest.lastIndexOf('.');
        JsonNode pm = e.path("primaryMetric");
        double unit = secondsPer(pm.path("scoreUnit").asText());
        if (dot < 0 || Double.isNaN(unit)) {
            return null;
        }
        Map<String, String> params = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = e.path("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            params.put(p.getKey(), p.getValue().asText());
        }
        Map<String, Double> secondary = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = e.path("secondaryMetrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            String name = s.getKey().replace("\u00b7", "");
            secondary.put(name, s.getValue().path("score").asDouble());
        }
        double error = pm.path("scoreError").asDouble(Double.NaN);
        double score = pm.path("score").asDouble() * unit;
        // the fastest iteration (avgt) or shot (ss): least disturbed by other processes on a shared machine
        double best = Double.POSITIVE_INFINITY;
        for (JsonNode fork : pm.path("rawData")) {
            for (JsonNode v : fork) {
                best = Math.min(best, v.asDouble() * unit);
            }
        }
        return new Result(rest.substring(0, dot), rest.substring(dot + 1), params, score,
                Double.isNaN(error) ? Double.NaN : error * unit, Double.isInfinite(best) ? score : best, secondary);
    }

    /** Seconds in one unit of a JMH time-per-op unit; NaN for other units. */
    static double secondsPer(String unit) {
        return switch (unit) {
            case "ns/op" -> 1e-9;
            case "us/op" -> 1e-6;
            case "ms/op" -> 1e-3;
            case "s/op" -> 1.0;
            case "min/op" -> 60.0;
            default -> Double.NaN;
        };
    }

    /** Slope and r² of log y against log x. */
    static double[] fit(double[] x, double[] y) {
        int m = x.length;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < m; i++) {
            sx += Math.log(x[i]);
            sy += Math.log(y[i]);
        }
        double mx = sx / m;
        double my = sy / m;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < m; i++) {
            double dx = Math.log(x[i]) - mx;
            double dy = Math.log(y[i]) - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        double slope = sxy / sxx;
        double r2 = syy == 0 ? 1.0 : (sxy * sxy) / (sxx * syy);
        return new double[] {slope, r2};
    }

    static List<Row> summarise(List<Result> results) {
        List<Row> rows = new ArrayList<>();
        exponents(results, rows);
        ratios(results, rows);
        paperScale(results, rows);
        memory(results, rows);
        return rows;
    }

    private static void exponents(List<Result> results, List<Row> rows) {
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        for (Result r : results) {
            if (r.params().containsKey("n") && !r.bench().equals("PaperScaleBench") && !r.bench().equals("SideBySideBench")) {
                groups.computeIfAbsent(r.bench() + "." + r.method() + "|" + r.otherParams(), k -> new ArrayList<>()).add(r);
            }
        }
        for (List<Result> g : groups.values()) {
            g.sort((a, b) -> Long.compare(a.n(), b.n()));
            if (g.size() < 3) {
                continue;
            }
            Result first = g.get(0);
            String subject = first.bench() + "." + first.method();
            boolean perQuery = first.bench().equals("LossStepBench");
            addExponent(rows, "exponent", subject, first, g, perQuery);
            int half = g.size() / 2;
            if (g.size() - half >= 3 && half > 0) {
                addExponent(rows, "exponent_large_n", subject, first, g.subList(half, g.size()), perQuery);
            }
        }
    }

    private static void addExponent(List<Row> rows, String kind, String subject, Result first, List<Result> g,
                                    boolean perQuery) {
        double[] x = new double[g.size()];
        double[] y = new double[g.size()];
        for (int i = 0; i < g.size(); i++) {
            x[i] = g.get(i).n();
            y[i] = g.get(i).seconds();
        }
        double[] f = fit(x, y);
        String range = "n=" + g.get(0).n() + ".." + g.get(g.size() - 1).n() + " (" + g.size() + " points), r2="
                + fmt(f[1]);
        String params = first.otherParams();
        if (!perQuery) {
            rows.add(new Row(kind, subject, params, f[0], "", expectation(first), "", range));
            return;
        }
        // a batch of n queries each ranking n - 1 items: time per query scales as n^(slope - 1)
        String loss = first.params().getOrDefault("loss", "");
        String goal;
        String meets = "";
        double perQueryExponent = f[0] - 1;
        if (loss.startsWith("rambo")) {
            goal = "close to 1 (n log n)";
            meets = Math.abs(perQueryExponent - 1) <= 0.3 ? "yes" : "no";
        } else if (loss.startsWith("smooth-ap")) {
            goal = "close to 2 (n^2)";
            meets = Math.abs(perQueryExponent - 2) <= 0.3 ? "yes" : "no";
        } else {
            goal = "1 (n per query, all pairs)";
        }
        rows.add(new Row(kind, subject, params, f[0], "", "batch total", "", range));
        rows.add(new Row(kind + "_per_query", subject, params, perQueryExponent, "", goal, meets, range));
    }

    private static String expectation(Result r) {
        return switch (r.bench()) {
            case "RowRankingBench", "RamboCostBench" -> r.method().startsWith("djl") || r.method().startsWith("java")
                    || r.method().startsWith("reference") ? "about 1 (n log n)" : "1 (radix: n)";
            case "MatrixRankingBench" -> "about 1 per row length";
            default -> "";
        };
    }

    /**
     * numerator / denominator of two methods with the same bench and params, twice: kind
     * {@code ratio} from the JMH scores (means), kind {@code ratio_best} from the fastest iteration
     * of each (less sensitive to other processes on a shared machine).
     */
    private static void ratio(List<Result> results, List<Row> rows, String bench, String num, String den,
                              String goal, java.util.function.BiFunction<Result, Double, String> meets) {
        for (Result a : results) {
            if (!a.bench().equals(bench) || !a.method().equals(num)) {
                continue;
            }
            for (Result b : results) {
                if (b.bench().equals(bench) && b.method().equals(den) && b.params().equals(a.params())) {
                    double v = a.seconds() / b.seconds();
                    rows.add(new Row("ratio", bench + ": " + num + " / " + den, paramText(a.params()), v, "x", goal,
                            meets == null ? "" : meets.apply(a, v),
                            fmtSeconds(a.seconds()) + " / " + fmtSeconds(b.seconds())));
                    double w = a.best() / b.best();
                    rows.add(new Row("ratio_best", bench + ": " + num + " / " + den, paramText(a.params()), w, "x",
                            goal, meets == null ? "" : meets.apply(a, w),
                            fmtSeconds(a.best()) + " / " + fmtSeconds(b.best()) + " (fastest iterations)"));
                }
            }
        }
    }

    /** reference figure (scaled to the size) / our time. */
    private static void againstFigure(List<Result> results, List<Row> rows, String bench, String method) {
        for (Result a : results) {
            if (!a.bench().equals(bench) || !a.method().equals(method)) {
                continue;
            }
            double elements = Double.parseDouble(a.params().getOrDefault("rows", "1")) * a.n();
            double figure = REFERENCE_SECONDS_PER_2_20 * elements / (1 << 20);
            boolean ours = method.startsWith("rambo");
            String goal = ours ? ">= 5" : "";
            double v = figure / a.seconds();
            rows.add(new Row("ratio", bench + ": reference figure 530 ms per 2^20 / " + method, paramText(a.params()), v,
                    "x", goal, ours ? (v >= 5 ? "yes" : "no") : "",
                    fmtSeconds(figure) + " (figure, scaled) / " + fmtSeconds(a.seconds())));
            double w = figure / a.best();
            rows.add(new Row("ratio_best", bench + ": reference figure 530 ms per 2^20 / " + method,
                    paramText(a.params()), w, "x", goal, ours ? (w >= 5 ? "yes" : "no") : "",
                    fmtSeconds(figure) + " (figure, scaled) / " + fmtSeconds(a.best()) + " (fastest iteration)"));
        }
    }

    private static void ratios(List<Result> results, List<Row> rows) {
        java.util.function.BiFunction<Result, Double, String> atMost25 =
                (r, v) -> r.n() >= 65536 ? (v <= 2.5 ? "yes" : "no") : "";
        ratio(results, rows, "RamboCostBench", "recallForwardBackward", "oneSort", "<= 2.5 at n >= 2^16", atMost25);
        ratio(results, rows, "RamboCostBench", "apForwardBackward", "oneSort", "<= 2.5 at n >= 2^16", atMost25);
        ratio(results, rows, "RamboCostBench", "referencePortRecall", "djlArgsort", "about 6 (six argsorts)", null);
        ratio(results, rows, "RamboCostBench", "referencePortAp", "djlArgsort", "about 6 (six argsorts)", null);
        ratio(results, rows, "RamboCostBench", "recallForwardBackward", "djlArgsort", "", null);
        ratio(results, rows, "RamboCostBench", "apForwardBackward", "djlArgsort", "", null);
        ratio(results, rows, "RamboCostBench", "referencePortAp", "apForwardBackward", "speed-up", null);

        java.util.function.BiFunction<Result, Double, String> atLeast4 = (r, v) -> v >= 4 ? "yes" : "no";
        ratio(results, rows, "RowRankingBench", "djlArgsort", "radixRanks", ">= 4", atLeast4);
        ratio(results, rows, "RowRankingBench", "djlRanks", "radixRanks", "", null);
        ratio(results, rows, "RowRankingBench", "javaArraysSort", "radixRanks", "", null);
        ratio(results, rows, "RowRankingBench", "djlArgsort", "rankingNDArray", "", null);
        ratio(results, rows, "MatrixRankingBench", "djlArgsort", "rankRows", "", null);
        ratio(results, rows, "MatrixRankingBench", "djlRanks", "rankRows", "", null);
        ratio(results, rows, "MatrixRankingBench", "radixRanksOneThread", "rankRows", "parallel speed-up", null);

        ratio(results, rows, "SideBySideBench", "djlArgsort", "rankRows", ">= 4", atLeast4);
        ratio(results, rows, "SideBySideBench", "djlRanks", "rankRows", "", null);
        ratio(results, rows, "SideBySideBench", "djlArgsort", "rankingNDArray", ">= 4", atLeast4);
        againstFigure(results, rows, "SideBySideBench", "ramboRecall");
        againstFigure(results, rows, "SideBySideBench", "ramboAp");
        againstFigure(results, rows, "SideBySideBench", "ramboApNDArray");
        againstFigure(results, rows, "SideBySideBench", "referencePortRecall");
        againstFigure(results, rows, "SideBySideBench", "referencePortAp");
        ratio(results, rows, "SideBySideBench", "referencePortRecall", "ramboRecall", "speed-up (measured)", null);
        ratio(results, rows, "SideBySideBench", "referencePortAp", "ramboAp", "speed-up (measured)", null);
        ratio(results, rows, "SideBySideBench", "referencePortAp", "ramboApNDArray", "speed-up (measured)", null);
    }

    private static void paperScale(List<Result> results, List<Row> rows) {
        for (Result r : results) {
            if (!r.bench().equals("PaperScaleBench")) {
                continue;
            }
            String subject = "PaperScaleBench." + r.method();
            String params = paramText(r.params());
            rows.add(new Row("paper_scale", subject, params, r.seconds(), "s", "", "",
                    "paper: 0.62 s on a V100 (AP f+b, 1e8 elements); different hardware, not comparable"));
            rows.add(new Row("paper_scale", subject + " fastest", params, r.best(), "s", "", "",
                    "the fastest measured call"));
            rows.add(new Row("paper_scale", subject, params, r.n() / r.seconds(), "elements/s", "", "",
                    "paper: " + fmt(1e8 / PAPER_V100_SECONDS) + " elements/s on a V100"));
            rows.add(new Row("paper_scale", subject + " / paper V100 time", params, r.seconds() / PAPER_V100_SECONDS,
                    "x", "", "", "CPU (this machine) vs GPU (paper)"));
        }
    }

    private static void memory(List<Result> results, List<Row> rows) {
        for (Result r : results) {
            for (Map.Entry<String, Double> s : r.secondary().entrySet()) {
                String name = s.getKey();
                if (name.equals("gc.alloc.rate.norm") || name.startsWith("mem.")) {
                    rows.add(new Row("memory", r.bench() + "." + r.method() + " " + name, paramText(r.params()),
                            s.getValue(), name.equals("gc.alloc.rate.norm") ? "bytes/op (Java heap allocated)" : "bytes",
                            "", "", ""));
                }
            }
        }
    }

    /**
     * Before/after rows (kind {@code speedup}): for every result in both sets, before ÷ after of
     * the means (value) and of the fastest iterations (detail).
     */
    static List<Row> compare(List<Result> before, List<Result> after) {
        List<Row> rows = new ArrayList<>();
        for (Result a : after) {
            for (Result b : before) {
                if (b.key().equals(a.key())) {
                    rows.add(new Row("speedup", a.bench() + "." + a.method(), paramText(a.params()),
                            b.seconds() / a.seconds(), "x", "", "",
                            "before " + fmtSeconds(b.seconds()) + ", after " + fmtSeconds(a.seconds())
                                    + "; fastest iterations " + fmtSeconds(b.best()) + " -> " + fmtSeconds(a.best())
                                    + " (" + fmt(b.best() / a.best()) + "x)"));
                }
            }
        }
        return rows;
    }

    static String paramText(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> b.append(b.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return b.toString();
    }

    static String fmt(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        return a >= 1e6 || a < 1e-3 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.4f", v)
                .replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String fmtSeconds(double s) {
        return s >= 1 ? fmt(s) + " s" : s >= 1e-3 ? fmt(s * 1e3) + " ms" : fmt(s * 1e6) + " us";
    }

    static String csv(List<Row> rows) {
        StringBuilder b = new StringBuilder("kind,subject,params,value,unit,goal,meets_goal,detail\n");
        for (Row r : rows) {
            b.append(String.join(",", quote(r.kind()), quote(r.subject()), quote(r.params()), fmt(r.value()),
                    quote(r.unit()), quote(r.goal()), quote(r.meets()), quote(r.detail()))).append('\n');
        }
        return b.toString();
    }

    static String markdown(List<Row> rows) {
        StringBuilder b = new StringBuilder("| kind | subject | params | value | unit | goal | meets | detail |\n");
        b.append("|---|---|---|---:|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(String.join(" | ", r.kind(), r.subject(), r.params(), fmt(r.value()), r.unit(),
                    r.goal(), r.meets(), r.detail()).replace("\n", " ")).append(" |\n");
        }
        return b.toString();
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    static void writeAtomically(Path target, String text) {
        try {
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
