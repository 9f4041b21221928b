package org.rambo.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.PaperRow;
import org.rambo.reports.model.Selection;
import org.rambo.reports.stats.SummaryIndex;
import org.rambo.reports.stats.SummaryRow;

/**
 * The comparison tables of one (grid, dataset): methods × metrics in percent, mean over seeds
 * with the bootstrap interval under it, best of our methods in bold, the paper's row under ours.
 */
final class ComparisonTables {

    private ComparisonTables() {}

    /** Last epoch always; the best checkpoint only where some run reports one (detection keeps none). */
    static List<View.Table> of(
            String grid,
            String dataset,
            List<String> methods,
            SummaryIndex summaries,
            List<PaperRow> paper,
            String anchor) {
        List<View.Table> tables = new ArrayList<>();
        for (Selection sel : Selection.values()) {
            List<String> metrics = columns(summaries, grid, dataset, sel);
            if (sel == Selection.LAST || !metrics.isEmpty()) {
                tables.add(table(grid, dataset, methods, sel, metrics, summaries, paper, anchor));
            }
        }
        return tables;
    }

    /** Columns: every quality metric any method reports, per-class AP aside (the detection section has it). */
    static List<String> columns(SummaryIndex summaries, String grid, String dataset, Selection sel) {
        return summaries.metrics(grid, dataset, sel).stream()
                .filter(Metrics::isQuality)
                .filter(m -> !Metrics.isDetectionClass(m))
                .toList();
    }

    private static View.Table table(
            String grid,
            String dataset,
            List<String> methods,
            Selection sel,
            List<String> metrics,
            SummaryIndex summaries,
            List<PaperRow> paper,
            String anchor) {
        boolean detection = Metrics.isDetection(dataset);
        // Best per column among our methods (ties all bold); NaN never wins.
        Map<String, Double> best = new TreeMap<>();
        for (String m : metrics) {
            for (String method : methods) {
                SummaryRow s = summaries.get(grid, dataset, method, sel, m);
                if (s != null && Double.isFinite(s.mean())) {
                    best.merge(m, s.mean(), Math::max);
                }
            }
        }
        List<String> columns = new ArrayList<>(List.of("method", "seeds"));
        metrics.forEach(m -> columns.add(Metrics.label(m)));
        List<View.Row> rows = new ArrayList<>();
        Map<String, String> footnoteMarks = new LinkedHashMap<>();
        List<PaperRow> published = detection
                ? List.of()
                : paper.stream().filter(p -> p.dataset().equals(dataset)).toList();
        for (String method : methods) {
            List<View.Cell> cells = new ArrayList<>();
            int n = 0;
            for (String m : metrics) {
                SummaryRow s = summaries.get(grid, dataset, method, sel, m);
                if (s == null) {
                    cells.add(new View.Cell("–", null, false, "not reported"));
                    continue;
                }
                n = Math.max(n, s.n());
                boolean isBest = Double.isFinite(s.mean()) && best.containsKey(m) && s.mean() == best.get(m);
                String interval =
                        s.n() > 1 ? "[" + Format.pct(s.ciLow()) + ", " + Format.pct(s.ciHigh()) + "]" : "one seed";
                String title = "mean " + Format.pct(s.mean()) + ", sd " + Format.pct(s.std())
                        + ", bootstrap 95% interval " + interval + ", n=" + s.n();
                cells.add(new View.Cell(Format.pct(s.mean()), interval, isBest, title));
            }
            rows.add(new View.Row(method, Integer.toString(n), false, cells));
            View.Row pr = paperRow(published, method, metrics, footnoteMarks);
            if (pr != null) {
                rows.add(pr);
            }
        }
        // Paper methods we did not run still belong beside ours.
        published.stream()
                .map(PaperRow::method)
                .distinct()
                .filter(pm -> !methods.contains(pm))
                .sorted(Metrics.METHOD_COMPARATOR)
                .forEach(pm -> {
                    View.Row pr = paperRow(published, pm, metrics, footnoteMarks);
                    if (pr != null) {
                        rows.add(pr);
                    }
                });
        List<View.Footnote> notes = new ArrayList<>();
        footnoteMarks.forEach((src, mark) -> notes.add(new View.Footnote(mark, src)));
        String caption = (sel == Selection.LAST
                        ? "Last epoch (the fair number)"
                        : detection
                                ? "Best checkpoint as final.json records it"
                                : "Checkpoint with the best held-out R@1 (what the paper reported)")
                + ": mean over seeds in percent, bootstrap 95% interval below; best of our methods in bold."
                + (sel == Selection.LAST && !footnoteMarks.isEmpty() ? " Paper rows are best-checkpoint numbers." : "");
        return new View.Table("table-" + sel.id() + "-" + anchor, caption, columns, rows, notes);
    }

    private static View.Row paperRow(
            List<PaperRow> published, String method, List<String> metrics, Map<String, String> marks) {
        List<PaperRow> ps =
                published.stream().filter(p -> p.method().equals(method)).toList();
        if (ps.isEmpty()) {
            return null;
        }
        List<View.Cell> cells = new ArrayList<>();
        boolean any = false;
        for (String m : metrics) {
            PaperRow p =
                    ps.stream().filter(x -> x.metric().equals(m)).findFirst().orElse(null);
            if (p == null) {
                cells.add(new View.Cell("–", null, false, "not published"));
            } else {
                any = true;
                cells.add(new View.Cell(String.format(Locale.ROOT, "%.1f", p.value()), null, false, p.source()));
            }
        }
        if (!any) {
            return null;
        }
        Set<String> sources = new LinkedHashSet<>();
        ps.forEach(p -> sources.add(p.source()));
        StringBuilder label = new StringBuilder(method + " (paper");
        for (String src : sources) {
            String mark = marks.computeIfAbsent(src, s -> Integer.toString(marks.size() + 1));
            label.append(' ').append('[').append(mark).append(']');
        }
        label.append(')');
        return new View.Row(label.toString(), "", true, cells);
    }
}
