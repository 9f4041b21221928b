package org.rambo.reports.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rambo.reports.claims.ClaimRow;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.Selection;
import org.rambo.reports.stats.SummaryRow;
import org.rambo.runfolder.AtomicWriter;

/**
 * results-table.md: the README's results table, from the same numbers as summary.csv and
 * claims.csv, so the README is regenerated rather than retyped. Per (grid, dataset): the
 * last-epoch mean of every method in percent (best in bold), then each RaMBO variant against
 * each baseline on the headline metric with its interval and verdict.
 */
public final class ResultsTable {

    private ResultsTable() {}

    public static void write(Path target, List<Run> runs, List<SummaryRow> summaries, List<ClaimRow> claims) {
        AtomicWriter.writeString(target, markdown(runs, summaries, claims));
    }

    public static String markdown(List<Run> runs, List<SummaryRow> summaries, List<ClaimRow> claims) {
        StringBuilder md = new StringBuilder();
        md.append(
                "<!-- Written by `rambo-bench report` with summary.csv and claims.csv: regenerate, do not edit. -->\n");
        Map<String, List<SummaryRow>> byGroup = new TreeMap<>();
        summaries.stream()
                .filter(s -> s.selection().equals(Selection.LAST.id())
                        && Metrics.isQuality(s.metric())
                        && !Metrics.isDetectionClass(s.metric()))
                .forEach(s -> byGroup.computeIfAbsent(s.grid() + "\u0000" + s.dataset(), k -> new ArrayList<>())
                        .add(s));
        byGroup.forEach((key, rows) -> {
            String grid = rows.get(0).grid();
            String dataset = rows.get(0).dataset();
            md.append('\n');
            means(md, grid, dataset, rows, runs);
            verdicts(md, grid, dataset, claims);
        });
        return md.toString();
    }

    private static void means(StringBuilder md, String grid, String dataset, List<SummaryRow> rows, List<Run> runs) {
        TreeSet<String> metrics = new TreeSet<>(Metrics.METRIC_ORDER);
        TreeSet<String> methods = new TreeSet<>(Metrics.METHOD_COMPARATOR);
        Map<String, SummaryRow> cell = new LinkedHashMap<>();
        Map<String, Double> best = new LinkedHashMap<>();
        int maxSeeds = 0;
        for (SummaryRow s : rows) {
            metrics.add(s.metric());
            methods.add(s.method());
            cell.put(s.method() + "/" + s.metric(), s);
            if (Double.isFinite(s.mean())) {
                best.merge(s.metric(), s.mean(), Math::max);
            }
            maxSeeds = Math.max(maxSeeds, s.n());
        }
        TreeSet<String> commits = new TreeSet<>();
        runs.stream()
                .filter(r ->
                        r.finished() && r.grid().equals(grid) && r.dataset().equals(dataset))
                .map(r -> r.provenance() == null
                        ? "unknown"
                        : shortCommit(r.provenance().gitCommit(), r.provenance().gitDirty()))
                .forEach(commits::add);
        md.append(String.format(
                Locale.ROOT,
                "Grid `%s`, dataset `%s`: last epoch, mean over up to %d seeds, in percent" + " (code: %s).%n%n",
                grid,
                dataset,
                maxSeeds,
                String.join(", ", commits)));
        md.append("| method | seeds |");
        metrics.forEach(m -> md.append(' ').append(Metrics.label(m)).append(" |"));
        md.append("\n|---|---|");
        metrics.forEach(m -> md.append("---|"));
        md.append('\n');
        for (String method : methods) {
            int n = 0;
            StringBuilder line = new StringBuilder();
            for (String m : metrics) {
                SummaryRow s = cell.get(method + "/" + m);
                if (s == null) {
                    line.append(" – |");
                    continue;
                }
                n = Math.max(n, s.n());
                String v = String.format(Locale.ROOT, "%.1f", 100 * s.mean());
                boolean isBest = Double.isFinite(s.mean()) && Objects.equals(best.get(m), s.mean());
                line.append(' ').append(isBest ? "**" + v + "**" : v).append(" |");
            }
            md.append("| ")
                    .append(method)
                    .append(" | ")
                    .append(n)
                    .append(" |")
                    .append(line)
                    .append('\n');
        }
    }

    private static void verdicts(StringBuilder md, String grid, String dataset, List<ClaimRow> claims) {
        List<ClaimRow> mine = claims.stream()
                .filter(c -> c.grid().equals(grid) && c.dataset().equals(dataset))
                .toList();
        String metric = Metrics.headline(mine.stream().map(ClaimRow::metric).toList());
        if (metric == null) {
            return;
        }
        TreeSet<String> variants = new TreeSet<>(Metrics.METHOD_COMPARATOR);
        TreeSet<String> baselines = new TreeSet<>(Metrics.METHOD_COMPARATOR);
        Map<String, ClaimRow> byPair = new LinkedHashMap<>();
        mine.stream().filter(c -> c.metric().equals(metric)).forEach(c -> {
            variants.add(c.method());
            baselines.add(c.baseline());
            byPair.put(c.method() + "/" + c.baseline(), c);
        });
        md.append(String.format(
                Locale.ROOT,
                "%nRaMBO minus each baseline, %s in points: mean over the seeds both ran,"
                        + " 95%% Student t interval, verdict (claims.csv).%n%n",
                Metrics.label(metric)));
        md.append("| RaMBO variant |");
        baselines.forEach(b -> md.append(" vs ").append(b).append(" |"));
        md.append("\n|---|");
        baselines.forEach(b -> md.append("---|"));
        md.append('\n');
        for (String v : variants) {
            md.append("| ").append(v).append(" |");
            for (String b : baselines) {
                ClaimRow c = byPair.get(v + "/" + b);
                md.append(' ').append(c == null ? "–" : cell(c)).append(" |");
            }
            md.append('\n');
        }
    }

    /** "+1.2 [+0.4, +2.0] better", or "+0.3 (1 seed) inconclusive". */
    static String cell(ClaimRow c) {
        if (c.nSeeds() == 0) {
            return "no paired seeds";
        }
        String interval = Double.isNaN(c.ciLow())
                ? "(" + c.nSeeds() + " seed)"
                : String.format(Locale.ROOT, "[%+.1f, %+.1f]", c.ciLow(), c.ciHigh());
        return String.format(
                Locale.ROOT, "%+.1f %s %s", c.delta(), interval, c.verdict().word());
    }

    private static String shortCommit(String commit, Boolean dirty) {
        String c = commit == null ? "unknown" : commit.substring(0, Math.min(7, commit.length()));
        return Boolean.TRUE.equals(dirty) ? c + "-dirty" : c;
    }
}
