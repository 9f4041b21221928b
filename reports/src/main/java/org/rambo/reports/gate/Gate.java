package org.rambo.reports.gate;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.rambo.reports.ReportInputException;
import org.rambo.reports.io.AtomicFiles;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.Selection;
import org.rambo.reports.stats.Stats;
import org.rambo.reports.stats.Summaries;

/**
 * The regression gate. For each (grid, dataset, method) the mean over seeds of every last-epoch
 * metric is compared with the committed reference; a metric leaves its band when
 * |mean - reference mean| &gt; tolerance, where tolerance = max(k * std over the reference seeds, floor)
 * was fixed when the reference was written. Both directions fail: an improvement also means
 * behaviour changed, and the reference is then rewritten on purpose in the same commit.
 */
public final class Gate {

    /** Default multiple of the seed standard deviation. */
    public static final double DEFAULT_K = 3.0;
    /**
     * Default absolute floor (a fraction: 0.02 = 2 percentage points). With 2 seeds the std is a
     * poor estimate and can be ~0, and CPU thread scheduling changes the last digits of
     * float sums between machines; the floor keeps such noise from failing CI.
     */
    public static final double DEFAULT_FLOOR = 0.02;

    public static final List<String> HEADER = List.of("grid", "dataset", "method", "metric", "n", "mean", "std", "tolerance");

    /** Result of one comparison row. */
    public enum Status {
        OK, OUT, MISSING, SEEDS, NEW;

        /** NEW (measured, not in the reference) is reported but does not fail the gate. */
        public boolean fails() {
            return this != OK && this != NEW;
        }
    }

    public record Comparison(String grid, String dataset, String method, String metric, Double reference,
                             Double tolerance, Integer referenceN, Double measured, Integer measuredN, Status status) {

        public Double delta() {
            return reference == null || measured == null ? null : measured - reference;
        }
    }

    /** The whole check: row comparisons plus runs that did not finish (each fails the gate). */
    public record Result(List<Comparison> rows, List<Run> notFinished, List<String> problems) {

        public boolean passed() {
            return notFinished.isEmpty() && problems.isEmpty() && rows.stream().noneMatch(r -> r.status().fails());
        }

        public long failing() {
            return rows.stream().filter(r -> r.status().fails()).count();
        }
    }

    private Gate() {
    }

    /** Measured means: (grid, dataset, method, metric) of finished runs' last-epoch values. */
    public record Measured(int n, double mean, double std) {
    }

    public static Map<String, Measured> measure(List<Run> runs) {
        Map<String, Measured> out = new LinkedHashMap<>();
        Summaries.finishedByKey(runs).forEach((key, rs) -> {
            TreeSet<String> metrics = new TreeSet<>(Metrics.METRIC_ORDER);
            rs.forEach(r -> metrics.addAll(r.last().keySet()));
            for (String m : metrics) {
                if (!Metrics.isQuality(m)) {
                    continue; // queries_skipped is a count fixed by the data, not a quality to guard
                }
                double[] v = rs.stream().map(r -> r.metrics(Selection.LAST).get(m))
                        .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
                out.put(key.path() + "/" + m, new Measured(v.length, Stats.mean(v), Stats.std(v)));
            }
        });
        return out;
    }

    /** Duplicated (grid, method, seed) folders make "the mean over seeds" ambiguous. */
    static List<String> duplicates(List<Run> runs) {
        Map<String, List<String>> seen = new TreeMap<>();
        runs.forEach(r -> seen.computeIfAbsent(r.grid() + "/" + r.dataset() + "/" + r.method() + " seed " + r.seed(),
                k -> new ArrayList<>()).add(r.relative()));
        List<String> out = new ArrayList<>();
        seen.forEach((k, v) -> {
            if (v.size() > 1) {
                out.add(k + " has " + v.size() + " run folders: " + String.join(", ", v));
            }
        });
        return out;
    }

    /** Reference rows from a set of complete runs. */
    public static List<ReferenceRow> reference(List<Run> runs, double k, double floor) {
        List<String> bad = new ArrayList<>();
        runs.stream().filter(r -> !r.finished())
                .forEach(r -> bad.add(r.relative() + " is " + r.status().label()));
        bad.addAll(duplicates(runs));
        if (!bad.isEmpty()) {
            throw new ReportInputException("refusing to write a reference from an incomplete or ambiguous set of runs: "
                    + String.join("; ", bad));
        }
        List<ReferenceRow> rows = new ArrayList<>();
        measure(runs).forEach((key, m) -> {
            String[] p = key.split("/", 4);
            double tol = Double.isFinite(m.std()) ? Math.max(k * m.std(), floor) : floor;
            rows.add(new ReferenceRow(p[0], p[1], p[2], p[3], m.n(), m.mean(), m.std(), tol));
        });
        return rows;
    }

    public static void writeReference(Path file, List<ReferenceRow> rows, double k, double floor, String provenance) {
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").setCommentMarker('#')
                .setHeaderComments(
                        "Regression reference for `rambo-bench check RUNS_DIR --against <this file>`.",
                        "Rows: per (grid, dataset, method, metric), the mean over seeds of the last-epoch value (a fraction)",
                        "and the sample std over those seeds; the gate fails when |measured mean - mean| > tolerance.",
                        String.format(Locale.ROOT, "tolerance = max(%s * std, %s); with a single seed, tolerance = %s.",
                                num(k), num(floor), num(floor)),
                        "Rewrite (deliberately, in the commit that changes the numbers) with:",
                        "  rambo-bench check RUNS_DIR --write-reference <this file>",
                        provenance)
                .setHeader(HEADER.toArray(String[]::new)).build();
        AtomicFiles.write(file, out -> {
            try (CSVPrinter p = new CSVPrinter(out, fmt)) {
                for (ReferenceRow r : rows) {
                    p.printRecord(r.grid(), r.dataset(), r.method(), r.metric(), r.n(), num(r.mean()),
                            num(r.std()), num(r.tolerance()));
                }
            }
        });
    }

    static String num(double v) {
        return Double.isNaN(v) ? "NaN" : Double.toString(v);
    }

    public static List<ReferenceRow> readReference(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ReportInputException(file + ": reference file does not exist; write one from a complete set of"
                    + " runs with `rambo-bench check RUNS_DIR --write-reference " + file + "`");
        }
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setCommentMarker('#').setTrim(true).setIgnoreEmptyLines(true).build();
        List<ReferenceRow> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser p = fmt.parse(r)) {
            for (String c : HEADER) {
                if (!p.getHeaderNames().contains(c)) {
                    throw ReportInputException.at(file, "header lacks column '" + c + "' (expected "
                            + String.join(",", HEADER) + ")");
                }
            }
            Map<String, Long> seen = new LinkedHashMap<>();
            for (CSVRecord rec : p) {
                // Comment lines are skipped by the parser, so name the record and its key rather than a raw line.
                String where = "record " + rec.getRecordNumber();
                if (!rec.isConsistent()) {
                    throw ReportInputException.at(file, where + ": " + rec.size() + " fields, header has "
                            + p.getHeaderNames().size());
                }
                ReferenceRow row = new ReferenceRow(rec.get("grid"), rec.get("dataset"), rec.get("method"),
                        rec.get("metric"), (int) parse(file, where, rec, "n"), parse(file, where, rec, "mean"),
                        parse(file, where, rec, "std"), parse(file, where, rec, "tolerance"));
                if (!(row.tolerance() >= 0)) {
                    throw ReportInputException.at(file, where + " (" + row.key() + "): tolerance must be >= 0");
                }
                Long prev = seen.put(row.key(), rec.getRecordNumber());
                if (prev != null) {
                    throw ReportInputException.at(file, where + ": " + row.key() + " repeats record " + prev);
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw ReportInputException.at(file, "cannot read: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw ReportInputException.at(file, "no reference rows");
        }
        return rows;
    }

    private static double parse(Path file, String where, CSVRecord rec, String col) {
        String v = rec.get(col);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw ReportInputException.at(file, where + ", column '" + col + "': \"" + v + "\" is not a number");
        }
    }

    public static Result check(List<Run> runs, List<ReferenceRow> reference) {
        Map<String, Measured> measured = measure(runs);
        List<Comparison> rows = new ArrayList<>();
        java.util.Set<String> referenced = new java.util.HashSet<>();
        for (ReferenceRow ref : reference) {
            referenced.add(ref.key());
            Measured m = measured.get(ref.key());
            if (m == null) {
                rows.add(new Comparison(ref.grid(), ref.dataset(), ref.method(), ref.metric(), ref.mean(),
                        ref.tolerance(), ref.n(), null, null, Status.MISSING));
                continue;
            }
            Status st;
            if (m.n() != ref.n()) {
                st = Status.SEEDS; // a different number of seeds is a different experiment
            } else if (Double.isFinite(m.mean()) && Math.abs(m.mean() - ref.mean()) <= ref.tolerance()) {
                st = Status.OK;
            } else {
                st = Status.OUT;
            }
            rows.add(new Comparison(ref.grid(), ref.dataset(), ref.method(), ref.metric(), ref.mean(),
                    ref.tolerance(), ref.n(), m.mean(), m.n(), st));
        }
        measured.forEach((key, m) -> {
            if (!referenced.contains(key)) {
                String[] p = key.split("/", 4);
                rows.add(new Comparison(p[0], p[1], p[2], p[3], null, null, null, m.mean(), m.n(), Status.NEW));
            }
        });
        List<Run> notFinished = runs.stream().filter(r -> !r.finished()).toList();
        return new Result(rows, notFinished, duplicates(runs));
    }

    /** The table the command prints: values in percentage points. */
    public static String table(Result result, boolean showNew) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-7s %-28s %-22s %-16s %9s %8s %9s %8s %5s%n";
        sb.append(String.format(Locale.ROOT, fmt, "status", "grid/dataset", "method", "metric", "reference",
                "±tol", "measured", "delta", "seeds"));
        int hiddenNew = 0;
        for (Comparison c : result.rows()) {
            if (c.status() == Status.NEW && !showNew) {
                hiddenNew++;
                continue;
            }
            String seeds = c.status() == Status.MISSING ? "0/" + c.referenceN()
                    : c.referenceN() == null ? c.measuredN() + "/-" : c.measuredN() + "/" + c.referenceN();
            sb.append(String.format(Locale.ROOT, fmt, c.status(), c.grid() + "/" + c.dataset(), c.method(),
                    c.metric(), pp(c.reference()), pp(c.tolerance()), pp(c.measured()),
                    c.delta() == null ? "-" : String.format(Locale.ROOT, "%+.2f", 100 * c.delta()), seeds));
        }
        if (hiddenNew > 0) {
            sb.append(hiddenNew).append(" measured metric(s) have no reference row (status NEW, not a failure;")
                    .append(" --show-new lists them)\n");
        }
        for (Run r : result.notFinished()) {
            sb.append(String.format(Locale.ROOT, "%-7s %s (%s/%s seed %d)%s%n", r.status().label().toUpperCase(Locale.ROOT),
                    r.relative(), r.grid(), r.method(), r.seed(), r.failure() == null ? "" : ": " + r.failure()));
        }
        for (String p : result.problems()) {
            sb.append("PROBLEM ").append(p).append('\n');
        }
        return sb.toString();
    }

    private static String pp(Double v) {
        return v == null ? "-" : Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.2f", 100 * v);
    }

    public static void writeComparison(Path file, Result result) {
        AtomicFiles.write(file, out -> {
            try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build())) {
                p.printRecord("status", "grid", "dataset", "method", "metric", "reference", "tolerance", "measured",
                        "delta", "reference_n", "measured_n");
                for (Comparison c : result.rows()) {
                    p.printRecord(c.status(), c.grid(), c.dataset(), c.method(), c.metric(), o(c.reference()),
                            o(c.tolerance()), o(c.measured()), o(c.delta()), o(c.referenceN()), o(c.measuredN()));
                }
            }
        });
    }

    private static String o(Object v) {
        return v == null ? "" : v.toString();
    }
}
