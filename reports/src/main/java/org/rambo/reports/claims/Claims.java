package org.rambo.reports.claims;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rambo.reports.io.PaperResults.PaperRow;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.Run;

/**
 * The paper's claims checked against our runs: every RaMBO variant against every baseline on
 * every dataset and last-epoch metric (paired by seed, Student t interval), and every RaMBO −
 * baseline difference the paper published beside ours.
 */
public final class Claims {

    private Claims() {}

    /** RaMBO variants are the method ids starting with {@code rambo}; everything else is a baseline. */
    public static boolean isRambo(String method) {
        return method.startsWith("rambo");
    }

    /** The paper names its detection methods {@code <setting>-rambo} and {@code <setting>-ce}. */
    private static boolean isPaperRambo(String method) {
        return isRambo(method) || method.endsWith("-rambo");
    }

    private record Pair(String dataset, String method, String baseline, String metric) {}

    public static List<ClaimRow> of(List<Run> runs, List<PaperRow> paper) {
        return of(runs, paper, Map.of());
    }

    /**
     * @param tuning grid -> how its settings were chosen ("tuned, budget N"); other grids are
     *               "untuned". Runs validated on a fold of the training classes (tuning trials)
     *               are not test results and make no claim.
     */
    public static List<ClaimRow> of(List<Run> runs, List<PaperRow> paper, Map<String, String> tuning) {
        runs = runs.stream()
                .filter(r -> r.protocolJson() == null || !r.protocolJson().contains("\"fold\":"))
                .toList();
        Map<Pair, Double> published = paperDeltas(paper);
        List<ClaimRow> rows = new ArrayList<>();
        Set<Pair> matched = new TreeSet<>(PAIR_ORDER);
        // grid -> dataset -> method -> metric -> seed -> value (finished runs, last epoch, percent)
        Map<String, Map<String, Map<String, Map<String, Map<Long, Double>>>>> values = lastValues(runs);
        values.forEach((grid, byDataset) -> byDataset.forEach((dataset, byMethod) -> {
            for (String method : byMethod.keySet()) {
                if (!isRambo(method)) {
                    continue;
                }
                for (String baseline : byMethod.keySet()) {
                    if (isRambo(baseline)) {
                        continue;
                    }
                    Map<String, Map<Long, Double>> m = byMethod.get(method);
                    Map<String, Map<Long, Double>> b = byMethod.get(baseline);
                    TreeSet<String> metrics = new TreeSet<>(Metrics.METRIC_ORDER);
                    metrics.addAll(m.keySet());
                    metrics.retainAll(b.keySet());
                    for (String metric : metrics) {
                        PairedDifference d = PairedDifference.of(m.get(metric), b.get(metric));
                        Pair pair = new Pair(dataset, method, baseline, metric);
                        Double paperDelta = published.get(pair);
                        if (paperDelta != null) {
                            matched.add(pair);
                        }
                        rows.add(new ClaimRow(
                                grid,
                                dataset,
                                metric,
                                method,
                                baseline,
                                d.n(),
                                d.mean(),
                                d.ciLow(),
                                d.ciHigh(),
                                d.verdict(),
                                paperDelta == null ? Double.NaN : paperDelta,
                                paperDelta == null ? null : PaperVerdict.of(d.verdict(), paperDelta),
                                tuning.getOrDefault(grid, ClaimRow.UNTUNED)));
                    }
                }
            }
        }));
        published.forEach((pair, paperDelta) -> {
            if (!matched.contains(pair)) {
                rows.add(new ClaimRow(
                        "",
                        pair.dataset(),
                        pair.metric(),
                        pair.method(),
                        pair.baseline(),
                        0,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Verdict.INCONCLUSIVE,
                        paperDelta,
                        PaperVerdict.NOT_RUN));
            }
        });
        rows.sort(ROW_ORDER);
        return List.copyOf(rows);
    }

    private static final Comparator<Pair> PAIR_ORDER = Comparator.comparing(Pair::dataset)
            .thenComparing(Pair::method, Metrics.METHOD_COMPARATOR)
            .thenComparing(Pair::baseline, Metrics.METHOD_COMPARATOR)
            .thenComparing(Pair::metric, Metrics.METRIC_ORDER);

    /** Ran datasets first (by grid), then what only the paper has; within, method, baseline, metric. */
    private static final Comparator<ClaimRow> ROW_ORDER = Comparator.comparing(
                    (ClaimRow r) -> r.grid().isEmpty())
            .thenComparing(ClaimRow::grid)
            .thenComparing(ClaimRow::dataset)
            .thenComparing(ClaimRow::method, Metrics.METHOD_COMPARATOR)
            .thenComparing(ClaimRow::baseline, Metrics.METHOD_COMPARATOR)
            .thenComparing(ClaimRow::metric, Metrics.METRIC_ORDER);

    private static Map<String, Map<String, Map<String, Map<String, Map<Long, Double>>>>> lastValues(List<Run> runs) {
        Map<String, Map<String, Map<String, Map<String, Map<Long, List<Double>>>>>> raw = new TreeMap<>();
        for (Run r : runs) {
            if (!r.finished()) {
                continue;
            }
            r.last().forEach((metric, v) -> {
                if (Metrics.isQuality(metric)) {
                    raw.computeIfAbsent(r.grid(), k -> new TreeMap<>())
                            .computeIfAbsent(r.dataset(), k -> new TreeMap<>())
                            .computeIfAbsent(r.method(), k -> new TreeMap<>())
                            .computeIfAbsent(metric, k -> new TreeMap<>())
                            .computeIfAbsent(r.seed(), k -> new ArrayList<>())
                            .add(100 * v);
                }
            });
        }
        // Two folders for one seed (a config changed between runs; the report warns) count as their mean.
        Map<String, Map<String, Map<String, Map<String, Map<Long, Double>>>>> out = new TreeMap<>();
        raw.forEach((g, bd) -> bd.forEach((d, bm) -> bm.forEach((m, bmet) -> bmet.forEach((metric, bySeed) -> {
            Map<Long, Double> seeds = out.computeIfAbsent(g, k -> new TreeMap<>())
                    .computeIfAbsent(d, k -> new TreeMap<>())
                    .computeIfAbsent(m, k -> new TreeMap<>())
                    .computeIfAbsent(metric, k -> new TreeMap<>());
            bySeed.forEach((seed, vs) -> seeds.put(
                    seed, vs.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
        }))));
        return out;
    }

    /** The paper's RaMBO − baseline for every pair it published on one dataset and metric. */
    private static Map<Pair, Double> paperDeltas(List<PaperRow> paper) {
        Map<String, Map<String, Map<String, Double>>> byDataset = new LinkedHashMap<>();
        for (PaperRow p : paper) {
            byDataset
                    .computeIfAbsent(p.dataset(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(p.method(), k -> new LinkedHashMap<>())
                    .put(p.metric(), p.value());
        }
        Map<Pair, Double> out = new TreeMap<>(PAIR_ORDER);
        byDataset.forEach((dataset, byMethod) -> byMethod.forEach((method, mv) -> {
            if (!isPaperRambo(method)) {
                return;
            }
            byMethod.forEach((baseline, bv) -> {
                if (isPaperRambo(baseline) || !sameSetting(method, baseline)) {
                    return;
                }
                mv.forEach((metric, v) -> {
                    Double b = bv.get(metric);
                    if (b != null) {
                        out.put(new Pair(dataset, method, baseline, metric), v - b);
                    }
                });
            });
        }));
        return out;
    }

    /** A detection RaMBO row compares only with the cross-entropy row of its own setting. */
    private static boolean sameSetting(String paperRambo, String baseline) {
        if (isRambo(paperRambo)) {
            return true;
        }
        String setting = paperRambo.substring(0, paperRambo.length() - "rambo".length());
        return baseline.startsWith(setting);
    }
}
