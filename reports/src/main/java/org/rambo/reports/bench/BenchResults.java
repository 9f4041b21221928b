package org.rambo.reports.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rambo.reports.ReportInputException;
import org.rambo.reports.io.Json;
import org.rambo.reports.stats.Stats;

/**
 * JMH results (reports/bench/*.json, JMH's own JSON export) turned into time-vs-n series
 * with a fitted exponent: the slope of log(time) against log(n) by least squares, so
 * "n log n" shows up as a slope a little above 1 and a quadratic loss as about 2.
 */
public final class BenchResults {

    /** One measured point: seconds per operation at size n (± JMH's 99.9% error, seconds). */
    public record Point(double n, double seconds, double errorSeconds) {}

    /**
     * One benchmark method (plus any non-size parameters), its points sorted by n, and the
     * fitted exponent (NaN with fewer than two sizes).
     */
    public record Series(String name, String mode, List<Point> points, double exponent, double intercept) {}

    /** What was found in the bench folder. */
    public record Bench(
            List<Series> series, List<String> files, Map<String, String> environment, List<String> skipped) {}

    /** JMH parameter names taken as the problem size, in order of preference. */
    static final List<String> SIZE_PARAMS = List.of("n", "size", "elements", "length");

    private BenchResults() {}

    /** Null when the folder is absent or holds no JMH JSON (the report then says so). */
    public static Bench read(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return null;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new ReportInputException(dir + ": cannot list: " + e.getMessage(), e);
        }
        files.sort(Comparator.naturalOrder());
        return read(files);
    }

    /**
     * The series of the given JMH JSON files, in the order given (a later file's point at the same
     * size replaces an earlier one); a file named environment.json is read as the environment.
     * Null when none of the files is a JMH result list.
     */
    public static Bench read(List<Path> files) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, Map<Double, Point>> points = new TreeMap<>();
        Map<String, String> modes = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (Path f : files) {
            JsonNode root = Json.read(f);
            if (f.getFileName().toString().equals("environment.json")) {
                if (!root.isObject()) {
                    throw ReportInputException.at(f, "expected a JSON object");
                }
                root.fields()
                        .forEachRemaining(e -> env.put(
                                e.getKey(),
                                e.getValue().isValueNode() ? e.getValue().asText() : Json.canonical(e.getValue())));
                continue;
            }
            if (!root.isArray()) {
                throw ReportInputException.at(f, "expected JMH's JSON result list (a JSON array)");
            }
            used.add(f.getFileName().toString());
            for (int i = 0; i < root.size(); i++) {
                readEntry(f, i, root.get(i), points, modes, skipped);
            }
        }
        if (used.isEmpty()) {
            return null;
        }
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, Map<Double, Point>> e : points.entrySet()) {
            List<Point> pts = new ArrayList<>(e.getValue().values());
            pts.sort(Comparator.comparingDouble(Point::n));
            double[] fit = fit(pts, Double.NEGATIVE_INFINITY);
            series.add(new Series(e.getKey(), modes.get(e.getKey()), List.copyOf(pts), fit[1], fit[0]));
        }
        return new Bench(series, used, env, skipped);
    }

    /**
     * Least-squares fit of log(seconds) against log(n) over the points with n >= minN:
     * {intercept, slope}, NaN with fewer than two such sizes.
     */
    public static double[] fit(List<Point> points, double minN) {
        List<Point> used = points.stream().filter(p -> p.n() >= minN).toList();
        double[] x = used.stream().mapToDouble(p -> Math.log(p.n())).toArray();
        double[] y = used.stream().mapToDouble(p -> Math.log(p.seconds())).toArray();
        return Stats.linearFit(x, y);
    }

    private static void readEntry(
            Path f,
            int i,
            JsonNode b,
            Map<String, Map<Double, Point>> points,
            Map<String, String> modes,
            List<String> skipped) {
        String where = "[" + i + "]";
        if (!b.isObject()) {
            throw ReportInputException.at(f, "entry " + where + " is not an object");
        }
        String benchmark = Json.text(f, b, "benchmark", true);
        String mode = Json.text(f, b, "mode", false);
        JsonNode pm = b.get("primaryMetric");
        if (pm == null || !pm.isObject()) {
            throw ReportInputException.at(f, "entry " + where + " (" + benchmark + "): missing key 'primaryMetric'");
        }
        Double score = Json.number(f, pm, "score", true);
        Double err = Json.number(f, pm, "scoreError", false);
        String unit = Json.text(f, pm, "scoreUnit", true);
        JsonNode params = b.get("params");
        String sizeParam = null;
        Map<String, String> others = new TreeMap<>();
        if (params != null && params.isObject()) {
            for (String p : SIZE_PARAMS) {
                if (params.has(p)) {
                    sizeParam = p;
                    break;
                }
            }
            final String sp = sizeParam;
            params.fields().forEachRemaining(e -> {
                if (!e.getKey().equals(sp)) {
                    others.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        String shortName = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        if (sizeParam == null) {
            skipped.add(shortName + " (no size parameter: one of " + SIZE_PARAMS + ")");
            return;
        }
        double n;
        try {
            n = Double.parseDouble(params.get(sizeParam).asText());
        } catch (NumberFormatException e) {
            throw ReportInputException.at(
                    f,
                    "entry " + where + " (" + benchmark + "): params." + sizeParam + " \""
                            + params.get(sizeParam).asText() + "\" is not a number");
        }
        double factor = secondsPerOp(f, where, unit);
        double seconds;
        double errSec;
        if (unit.startsWith("ops/")) {
            // Throughput: time per op is the reciprocal; the error is propagated to first order.
            seconds = 1.0 / (score * factor);
            errSec = err == null || !Double.isFinite(err) ? Double.NaN : err / score * seconds;
        } else {
            seconds = score * factor;
            errSec = err == null ? Double.NaN : err * factor;
        }
        if (!(seconds > 0) || !(n > 0)) {
            skipped.add(shortName + " at " + sizeParam + "="
                    + params.get(sizeParam).asText() + " (non-positive time or size: no log-log point)");
            return;
        }
        String name = others.isEmpty() ? shortName : shortName + " " + others;
        points.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(n, new Point(n, seconds, errSec));
        modes.put(name, mode);
    }

    /** Seconds per unit of time in the JMH unit ("ms/op" -> 1e-3; "ops/ms" -> 1e3 ops per second). */
    private static double secondsPerOp(Path f, String where, String unit) {
        String u = unit.startsWith("ops/")
                ? unit.substring(4)
                : unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : null;
        if (u != null) {
            switch (u) {
                case "ns":
                    return unit.startsWith("ops/") ? 1e9 : 1e-9;
                case "us":
                    return unit.startsWith("ops/") ? 1e6 : 1e-6;
                case "ms":
                    return unit.startsWith("ops/") ? 1e3 : 1e-3;
                case "s":
                    return 1.0;
                case "min":
                    return unit.startsWith("ops/") ? 1.0 / 60 : 60.0;
                default:
                    break;
            }
        }
        throw ReportInputException.at(
                f, "entry " + where + ": scoreUnit \"" + unit + "\" is not a time per op or ops per time");
    }
}
