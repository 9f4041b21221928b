package org.rambo.reports.gate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rambo.reports.ReportInputException;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.Selection;
import org.rambo.reports.stats.Stats;
import org.rambo.reports.stats.Summaries;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.Provenance;

/**
 * The regression gate. For each (grid, dataset, method) the mean over the measured seeds of
 * every last-epoch metric is compared with the committed reference; it passes when
 * |mean − reference mean| ≤ {@link ReferenceRow#tolerance(int)}, a band made from the seed
 * spread of the reference runs. Both directions fail: an improvement also means behaviour
 * changed, and the reference is then rewritten on purpose in the same commit.
 */
public final class Gate {

    /** Result of one comparison row. */
    public enum Status {
        OK,
        OUT,
        MISSING,
        NEW;

        /** NEW (measured, not in the reference) is reported but does not fail the gate. */
        public boolean fails() {
            return this == OUT || this == MISSING;
        }
    }

    public record Comparison(
            String grid,
            String dataset,
            String method,
            String metric,
            Double reference,
            Double tolerance,
            Integer referenceN,
            Double measured,
            Integer measuredN,
            Status status) {

        public Double delta() {
            return reference == null || measured == null ? null : measured - reference;
        }
    }

    /** The whole check: row comparisons plus runs that did not finish (each fails the gate). */
    public record Result(List<Comparison> rows, List<Run> notFinished, List<String> problems) {

        public boolean passed() {
            return notFinished.isEmpty()
                    && problems.isEmpty()
                    && rows.stream().noneMatch(r -> r.status().fails());
        }

        public long failing() {
            return rows.stream().filter(r -> r.status().fails()).count();
        }
    }

    /** A metric over the measured seeds. */
    public record Measured(int n, double mean, double std) {}

    private Gate() {}

    /** (grid/dataset/method/metric) → the finished runs' last-epoch values over seeds. */
    public static Map<String, Measured> measure(List<Run> runs) {
        Map<String, Measured> out = new LinkedHashMap<>();
        Summaries.finishedByKey(runs).forEach((key, rs) -> {
            TreeSet<String> metrics = new TreeSet<>(Metrics.METRIC_ORDER);
            rs.forEach(r -> metrics.addAll(r.last().keySet()));
            for (String m : metrics) {
                if (!Metrics.isQuality(m)) {
                    continue; // queries_skipped is a count fixed by the data, not a quality to guard
                }
                double[] v = rs.stream()
                        .map(r -> r.metrics(Selection.LAST).get(m))
                        .filter(Objects::nonNull)
                        .mapToDouble(Double::doubleValue)
                        .toArray();
                out.put(key.path() + "/" + m, new Measured(v.length, Stats.mean(v), Stats.std(v)));
            }
        });
        return out;
    }

    /** Duplicated (grid, method, seed) folders make "the mean over seeds" ambiguous. */
    static List<String> duplicates(List<Run> runs) {
        Map<String, List<String>> seen = new TreeMap<>();
        runs.forEach(r -> seen.computeIfAbsent(
                        r.grid() + "/" + r.dataset() + "/" + r.method() + " seed " + r.seed(), k -> new ArrayList<>())
                .add(r.relative()));
        List<String> out = new ArrayList<>();
        seen.forEach((k, v) -> {
            if (v.size() > 1) {
                out.add(k + " has " + v.size() + " run folders: " + String.join(", ", v));
            }
        });
        return out;
    }

    /**
     * Reference rows from a complete set of runs with at least {@link BandRule#MIN_SEEDS} seeds
     * per method, all from one clean commit (unless {@code allowDirty}).
     */
    public static List<ReferenceRow> reference(List<Run> runs, BandRule rule, boolean allowDirty) {
        List<String> bad = new ArrayList<>();
        runs.stream()
                .filter(r -> !r.finished())
                .forEach(r -> bad.add(r.relative() + " is " + r.status().label()));
        bad.addAll(duplicates(runs));
        Summaries.finishedByKey(runs).forEach((key, rs) -> {
            if (rs.size() < BandRule.MIN_SEEDS) {
                bad.add(key.path() + " has " + rs.size() + " seed(s), at least " + BandRule.MIN_SEEDS
                        + " are needed for a seed spread");
            }
        });
        Set<String> commits = commits(runs);
        if (!allowDirty
                && (commits.size() != 1
                        || commits.stream().anyMatch(c -> c.endsWith("-dirty") || c.startsWith("unknown")))) {
            bad.add("the runs must come from one clean commit, found " + String.join(", ", commits)
                    + " (--allow-dirty to record it anyway)");
        }
        if (!bad.isEmpty()) {
            throw new ReportInputException("refusing to write a reference: " + String.join("; ", bad));
        }
        List<ReferenceRow> rows = new ArrayList<>();
        measure(runs).forEach((key, m) -> {
            String[] p = key.split("/", 4);
            rows.add(new ReferenceRow(
                    p[0], p[1], p[2], p[3], m.n(), m.mean(), m.std(), rule.k(), rule.floorOf(p[3]), rule.machine()));
        });
        return rows;
    }

    /** The commits the runs were built from, {@code -dirty} marked, {@code unknown} without provenance. */
    static Set<String> commits(List<Run> runs) {
        return runs.stream()
                .map(r -> {
                    Provenance p = r.provenance();
                    String c = p == null || p.gitCommit() == null ? "unknown" : p.gitCommit();
                    return c + (p != null && Boolean.TRUE.equals(p.gitDirty()) ? "-dirty" : "");
                })
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The reference file's comment header: what it is, how it was made, the rule, how to rewrite it. */
    public static List<String> comments(List<Run> runs, Path runsDir, BandRule rule) {
        Map<String, TreeSet<Long>> seeds = new TreeMap<>(Metrics.METHOD_COMPARATOR);
        runs.forEach(
                r -> seeds.computeIfAbsent(r.method(), m -> new TreeSet<>()).add(r.seed()));
        Set<String> cpus = new TreeSet<>();
        Set<String> modes = new TreeSet<>();
        runs.forEach(r -> {
            Provenance p = r.provenance();
            cpus.add(
                    p == null || p.cpu() == null
                            ? "unknown"
                            : p.cpu().model() + " [" + String.join(" ", p.cpu().isaExtensions()) + "]");
            modes.add(
                    p == null || p.numericEnv() == null || p.numericEnv().isEmpty()
                            ? "default (no numeric env set)"
                            : p.numericEnv().entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .collect(Collectors.joining(" ")));
        });
        List<String> c = new ArrayList<>();
        c.add(
                "Regression reference for `rambo-bench check RUNS_DIR --against <this file>` (see reports/reference/README.md).");
        c.add(
                "Rows: per (grid, dataset, method, metric), n reference seeds, their mean of the last-epoch value (a fraction)");
        c.add("and sample std. check passes when |mean over the measured m seeds - mean| <= tolerance, where");
        c.add("  tolerance = sqrt( max(k * std * sqrt(1/m + 1/n), floor)^2 + machine_spread^2 )");
        c.add(String.format(
                Locale.ROOT,
                "Written with k = %s, floor = %s (nmi: %s), machine_spread = %s.",
                ReferenceFile.num(rule.k()),
                ReferenceFile.num(rule.floor()),
                ReferenceFile.num(rule.nmiFloor()),
                ReferenceFile.num(rule.machine())));
        c.add("Commit: " + String.join(", ", commits(runs)));
        c.add("Seeds: "
                + seeds.entrySet().stream()
                        .map(e -> e.getKey() + " "
                                + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(",")))
                        .collect(Collectors.joining("; ")));
        c.add("CPU: " + String.join("; ", cpus));
        c.add("CPU mode: " + String.join("; ", modes));
        c.add("From " + runs.size() + " runs under " + runsDir
                + ". Rewrite deliberately, in the commit that changes the numbers:");
        c.add("  rambo-bench check RUNS_DIR --write-reference <this file>");
        return c;
    }

    public static Result check(List<Run> runs, List<ReferenceRow> reference) {
        Map<String, Measured> measured = measure(runs);
        List<Comparison> rows = new ArrayList<>();
        Set<String> referenced = new HashSet<>();
        for (ReferenceRow ref : reference) {
            referenced.add(ref.key());
            Measured m = measured.get(ref.key());
            if (m == null || m.n() == 0) {
                rows.add(new Comparison(
                        ref.grid(),
                        ref.dataset(),
                        ref.method(),
                        ref.metric(),
                        ref.mean(),
                        ref.tolerance(ref.n()),
                        ref.n(),
                        null,
                        null,
                        Status.MISSING));
                continue;
            }
            double tol = ref.tolerance(m.n());
            Status st = Double.isFinite(m.mean()) && Math.abs(m.mean() - ref.mean()) <= tol ? Status.OK : Status.OUT;
            rows.add(new Comparison(
                    ref.grid(),
                    ref.dataset(),
                    ref.method(),
                    ref.metric(),
                    ref.mean(),
                    tol,
                    ref.n(),
                    m.mean(),
                    m.n(),
                    st));
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
        sb.append(String.format(
                Locale.ROOT,
                fmt,
                "status",
                "grid/dataset",
                "method",
                "metric",
                "reference",
                "±tol",
                "measured",
                "delta",
                "seeds"));
        int hiddenNew = 0;
        for (Comparison c : result.rows()) {
            if (c.status() == Status.NEW && !showNew) {
                hiddenNew++;
                continue;
            }
            String seeds = c.status() == Status.MISSING
                    ? "0/" + c.referenceN()
                    : c.referenceN() == null ? c.measuredN() + "/-" : c.measuredN() + "/" + c.referenceN();
            sb.append(String.format(
                    Locale.ROOT,
                    fmt,
                    c.status(),
                    c.grid() + "/" + c.dataset(),
                    c.method(),
                    c.metric(),
                    pp(c.reference()),
                    pp(c.tolerance()),
                    pp(c.measured()),
                    c.delta() == null ? "-" : String.format(Locale.ROOT, "%+.2f", 100 * c.delta()),
                    seeds));
        }
        if (hiddenNew > 0) {
            sb.append(hiddenNew)
                    .append(" measured metric(s) have no reference row (status NEW, not a failure;")
                    .append(" --show-new lists them)\n");
        }
        for (Run r : result.notFinished()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-7s %s (%s/%s seed %d)%s%n",
                    r.status().label().toUpperCase(Locale.ROOT),
                    r.relative(),
                    r.grid(),
                    r.method(),
                    r.seed(),
                    r.failure() == null ? "" : ": " + r.failure()));
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
        AtomicWriter.writeText(file, out -> {
            CSVPrinter p = new CSVPrinter(
                    out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build());
            p.printRecord(
                    "status",
                    "grid",
                    "dataset",
                    "method",
                    "metric",
                    "reference",
                    "tolerance",
                    "measured",
                    "delta",
                    "reference_n",
                    "measured_n");
            for (Comparison c : result.rows()) {
                p.printRecord(
                        c.status(),
                        c.grid(),
                        c.dataset(),
                        c.method(),
                        c.metric(),
                        o(c.reference()),
                        o(c.tolerance()),
                        o(c.measured()),
                        o(c.delta()),
                        o(c.referenceN()),
                        o(c.measuredN()));
            }
            p.flush();
        });
    }

    private static String o(Object v) {
        return v == null ? "" : v.toString();
    }
}
