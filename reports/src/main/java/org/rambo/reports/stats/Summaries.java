package org.rambo.reports.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.Selection;

/** Groups finished runs by (grid, dataset, method) and summarizes each metric over seeds. */
public final class Summaries {

    private Summaries() {}

    /** Grouping key; records give equals/hashCode and a readable toString. */
    public record Key(String grid, String dataset, String method) {
        public String path() {
            return grid + "/" + dataset + "/" + method;
        }
    }

    /** Finished runs grouped by key, in report order (grid, dataset, method order). */
    public static Map<Key, List<Run>> finishedByKey(List<Run> runs) {
        Map<Key, List<Run>> out = new TreeMap<>(java.util.Comparator.comparing(Key::grid)
                .thenComparing(Key::dataset)
                .thenComparing(Key::method, Metrics.METHOD_COMPARATOR));
        for (Run r : runs) {
            if (r.finished()) {
                out.computeIfAbsent(new Key(r.grid(), r.dataset(), r.method()), k -> new ArrayList<>())
                        .add(r);
            }
        }
        return out;
    }

    /** Every metric of every group for both selections, metrics in report order. */
    public static List<SummaryRow> summarize(List<Run> runs) {
        List<SummaryRow> rows = new ArrayList<>();
        for (Map.Entry<Key, List<Run>> e : finishedByKey(runs).entrySet()) {
            for (Selection sel : Selection.values()) {
                TreeSet<String> metrics = new TreeSet<>(Metrics.METRIC_ORDER);
                e.getValue().forEach(r -> metrics.addAll(r.metrics(sel).keySet()));
                for (String m : metrics) {
                    rows.add(summarize(e.getKey(), sel, m, e.getValue()));
                }
            }
        }
        return rows;
    }

    /** One metric over the seeds that report it. */
    public static SummaryRow summarize(Key key, Selection sel, String metric, List<Run> runs) {
        double[] v = runs.stream()
                .map(r -> r.metrics(sel).get(metric))
                .filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .toArray();
        Stats.Summary s = Stats.summarize(v, key.path() + "/" + sel.id() + "/" + metric);
        return new SummaryRow(
                key.grid(),
                key.dataset(),
                key.method(),
                sel.id(),
                metric,
                s.n(),
                s.mean(),
                s.std(),
                s.ciLow(),
                s.ciHigh());
    }
}
