package org.rambo.reports.claims;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.PaperRow;
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

    /** A RaMBO − baseline comparison on one dataset and metric. */
    private record Pair(String dataset, String method, String baseline, String metric) {}

    /** One method's last-epoch values of one metric on one grid's dataset, by seed. */
    private record Series(String grid, String dataset, String method, String metric) {

        /** Whether two series are one metric on one grid's dataset, so their seeds pair up. */
        boolean comparableWith(Series other) {
            return grid.equals(other.grid) && dataset.equals(other.dataset) && metric.equals(other.metric);
        }
    }

    private static final Comparator<Series> SERIES_ORDER = Comparator.comparing(Series::grid)
            .thenComparing(Series::dataset)
            .thenComparing(Series::method)
            .thenComparing(Series::metric);

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
        Map<Series, Map<Long, Double>> values = lastValues(runs);
        values.forEach((m, mine) -> {
            if (!isRambo(m.method())) {
                return;
            }
            values.forEach((b, theirs) -> {
                if (isRambo(b.method()) || !m.comparableWith(b)) {
                    return;
                }
                Pair pair = new Pair(m.dataset(), m.method(), b.method(), m.metric());
                Double paperDelta = published.get(pair);
                if (paperDelta != null) {
                    matched.add(pair);
                }
                rows.add(measured(m.grid(), pair, PairedDifference.of(mine, theirs), paperDelta, tuning));
            });
        });
        published.forEach((pair, paperDelta) -> {
            if (!matched.contains(pair)) {
                rows.add(notRun(pair, paperDelta));
            }
        });
        rows.sort(ROW_ORDER);
        return List.copyOf(rows);
    }

    private static ClaimRow measured(
            String grid, Pair pair, PairedDifference d, Double paperDelta, Map<String, String> tuning) {
        return new ClaimRow(
                grid,
                pair.dataset(),
                pair.metric(),
                pair.method(),
                pair.baseline(),
                d.n(),
                d.mean(),
                d.ciLow(),
                d.ciHigh(),
                d.verdict(),
                paperDelta == null ? Double.NaN : paperDelta,
                paperDelta == null ? null : PaperVerdict.of(d.verdict(), paperDelta),
                tuning.getOrDefault(grid, ClaimRow.UNTUNED));
    }

    /** A difference the paper published for a pair we have no runs of. */
    private static ClaimRow notRun(Pair pair, double paperDelta) {
        return new ClaimRow(
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
                PaperVerdict.NOT_RUN);
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

    /** Finished runs' last-epoch quality metrics in percent, by series and seed. */
    private static Map<Series, Map<Long, Double>> lastValues(List<Run> runs) {
        Map<Series, Map<Long, List<Double>>> raw = new TreeMap<>(SERIES_ORDER);
        for (Run r : runs) {
            if (!r.finished()) {
                continue;
            }
            r.last().forEach((metric, v) -> {
                if (Metrics.isQuality(metric)) {
                    raw.computeIfAbsent(new Series(r.grid(), r.dataset(), r.method(), metric), k -> new TreeMap<>())
                            .computeIfAbsent(r.seed(), k -> new ArrayList<>())
                            .add(100 * v);
                }
            });
        }
        // Two folders for one seed (a config changed between runs; the report warns) count as their mean.
        Map<Series, Map<Long, Double>> out = new TreeMap<>(SERIES_ORDER);
        raw.forEach((series, bySeed) -> {
            Map<Long, Double> seeds = new TreeMap<>();
            bySeed.forEach((seed, vs) -> seeds.put(
                    seed, vs.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
            out.put(series, seeds);
        });
        return out;
    }

    /**
     * The paper's RaMBO − baseline for every pair it published on one dataset and metric; where
     * a number is listed twice, the later one counts.
     */
    private static Map<Pair, Double> paperDeltas(List<PaperRow> paper) {
        Map<Pair, Double> out = new TreeMap<>(PAIR_ORDER);
        for (PaperRow m : paper) {
            if (!isPaperRambo(m.method())) {
                continue;
            }
            for (PaperRow b : paper) {
                if (b.dataset().equals(m.dataset())
                        && b.metric().equals(m.metric())
                        && !isPaperRambo(b.method())
                        && sameSetting(m.method(), b.method())) {
                    out.put(new Pair(m.dataset(), m.method(), b.method(), m.metric()), m.value() - b.value());
                }
            }
        }
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
