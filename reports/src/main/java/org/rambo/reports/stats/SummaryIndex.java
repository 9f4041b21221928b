package org.rambo.reports.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.Selection;

/** The summary rows looked up by (grid, dataset, method, selection, metric); immutable. */
public final class SummaryIndex {

    private final List<SummaryRow> rows;
    private final Map<String, SummaryRow> byKey;

    public SummaryIndex(List<SummaryRow> rows) {
        this.rows = List.copyOf(rows);
        Map<String, SummaryRow> m = new LinkedHashMap<>();
        rows.forEach(s -> m.put(key(s.grid(), s.dataset(), s.method(), s.selection(), s.metric()), s));
        this.byKey = Map.copyOf(m);
    }

    private static String key(String grid, String dataset, String method, String selection, String metric) {
        return String.join("/", grid, dataset, method, selection, metric);
    }

    /** The row, or null when that method did not report that metric. */
    public SummaryRow get(String grid, String dataset, String method, Selection selection, String metric) {
        return byKey.get(key(grid, dataset, method, selection.id(), metric));
    }

    /** Every metric any method of (grid, dataset) reports for the selection, in report order. */
    public List<String> metrics(String grid, String dataset, Selection selection) {
        TreeSet<String> ms = new TreeSet<>(Metrics.METRIC_ORDER);
        rows.stream()
                .filter(s -> s.grid().equals(grid)
                        && s.dataset().equals(dataset)
                        && s.selection().equals(selection.id()))
                .map(SummaryRow::metric)
                .forEach(ms::add);
        return List.copyOf(ms);
    }
}
