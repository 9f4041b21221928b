package org.rambo.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rambo.reports.io.Json;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.PaperRow;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.Selection;
import org.rambo.reports.stats.SummaryIndex;
import org.rambo.reports.stats.SummaryRow;
import org.rambo.runfolder.MetricNames;

/**
 * The detection part of a (grid, dataset): per-class AP50 (final.json {@code last.ap50_<class>}),
 * the paper's cross-entropy → RaMBO rows, the extras final.json keeps under {@code details},
 * and what the numbers can be compared with.
 */
final class DetectionSection {

    private DetectionSection() {}

    static String comparability(String dataset) {
        return dataset.equals("synthetic-voc")
                ? "Synthetic layout, real objects: this is not the VOC07 test set, so these AP50 numbers are not"
                        + " comparable with the paper's; only the change from cross-entropy to RaMBO within this table is."
                : "Pascal VOC07 test, AP at IoU 0.5.";
    }

    /** AP50 per class, last epoch, mean over seeds; null when no run reports a class. */
    static View.Table perClass(
            String grid, String dataset, List<String> methods, SummaryIndex summaries, String anchor) {
        List<String> classes = summaries.metrics(grid, dataset, Selection.LAST).stream()
                .filter(Metrics::isDetectionClass)
                .toList();
        if (classes.isEmpty()) {
            return null;
        }
        List<String> columns = new ArrayList<>(List.of("class"));
        columns.addAll(methods);
        List<View.Row> rows = new ArrayList<>();
        for (String c : classes) {
            double best = methods.stream()
                    .map(m -> summaries.get(grid, dataset, m, Selection.LAST, c))
                    .filter(Objects::nonNull)
                    .mapToDouble(SummaryRow::mean)
                    .filter(Double::isFinite)
                    .max()
                    .orElse(Double.NaN);
            List<View.Cell> cells = new ArrayList<>();
            for (String m : methods) {
                SummaryRow s = summaries.get(grid, dataset, m, Selection.LAST, c);
                cells.add(
                        s == null
                                ? new View.Cell("–", null, false, "not reported")
                                : new View.Cell(Format.pct(s.mean()), null, s.mean() == best, "n=" + s.n()));
            }
            rows.add(new View.Row(Metrics.label(c), "", false, cells));
        }
        return new View.Table(
                "table-perclass-" + anchor,
                "AP50 per class, last epoch, mean over seeds (%)",
                columns,
                rows,
                List.of());
    }

    /** The paper's VOC rows paired per setting: cross-entropy, RaMBO, the change. */
    static List<View.DetectionPaper> paper(List<PaperRow> paper) {
        Map<String, Map<String, PaperRow>> bySetting = new LinkedHashMap<>();
        paper.stream()
                .filter(p -> p.dataset().equals("voc") && p.metric().equals(MetricNames.AP50))
                .forEach(p -> {
                    int dash = p.method().lastIndexOf('-');
                    bySetting
                            .computeIfAbsent(p.method().substring(0, dash), k -> new LinkedHashMap<>())
                            .put(p.method().substring(dash + 1), p);
                });
        List<View.DetectionPaper> out = new ArrayList<>();
        bySetting.forEach((setting, m) -> {
            PaperRow ce = m.get("ce");
            PaperRow rb = m.get("rambo");
            if (ce != null && rb != null) {
                out.add(new View.DetectionPaper(
                        setting,
                        Format.fmt1(ce.value()),
                        Format.fmt1(rb.value()),
                        String.format(Locale.ROOT, "%+.1f", rb.value() - ce.value()),
                        rb.source()));
            }
        });
        return out;
    }

    /** final.json {@code details} per method: each key with the values its seeds recorded. */
    static List<View.KeyValue> details(List<String> methods, List<Run> finished) {
        List<View.KeyValue> out = new ArrayList<>();
        for (String method : methods) {
            Map<String, TreeSet<String>> byKey = new TreeMap<>();
            finished.stream()
                    .filter(r -> r.method().equals(method))
                    .forEach(r -> r.details()
                            .forEach((k, v) -> byKey.computeIfAbsent(k, x -> new TreeSet<>())
                                    .add(text(v))));
            byKey.forEach((k, vs) -> out.add(new View.KeyValue(method + " · " + k, String.join(" | ", vs))));
        }
        return out;
    }

    private static String text(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        return Json.canonical(Json.MAPPER.valueToTree(v));
    }
}
