package org.rambo.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rambo.reports.model.EpochRow;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.Selection;
import org.rambo.reports.model.StepTimes;
import org.rambo.reports.stats.SummaryIndex;
import org.rambo.reports.stats.SummaryRow;
import org.rambo.runfolder.MetricNames;

/** The plots of one (grid, dataset): the held-out metric per epoch, R@K at the last epoch, time per phase. */
final class Plots {

    private Plots() {}

    static List<View.Plot> of(
            String grid,
            String dataset,
            List<String> methods,
            List<Run> finished,
            SummaryIndex summaries,
            List<String> allMethods,
            String anchor) {
        boolean detection = Metrics.isDetection(dataset);
        List<View.Plot> plots = new ArrayList<>();
        View.Plot curve = epochCurve(
                dataset, methods, finished, detection ? MetricNames.AP50 : MetricNames.recallAt(1), allMethods, anchor);
        if (curve != null) {
            plots.add(curve);
        }
        if (!detection) {
            View.Plot rk = recallAtK(grid, dataset, methods, summaries, allMethods, anchor);
            if (rk != null) {
                plots.add(rk);
            }
        }
        View.Plot timing = timing(methods, finished, anchor, dataset);
        if (timing != null) {
            plots.add(timing);
        }
        return plots;
    }

    private static View.Plot epochCurve(
            String dataset,
            List<String> methods,
            List<Run> finished,
            String metric,
            List<String> allMethods,
            String anchor) {
        List<Charts.Band> bands = new ArrayList<>();
        for (String method : methods) {
            TreeMap<Integer, List<Double>> byEpoch = new TreeMap<>();
            for (Run r : finished) {
                if (!r.method().equals(method)) {
                    continue;
                }
                for (EpochRow e : r.epochs()) {
                    Double v = e.metrics().get(metric);
                    if (v != null && Double.isFinite(v)) {
                        byEpoch.computeIfAbsent(e.epoch(), k -> new ArrayList<>())
                                .add(v * 100);
                    }
                }
            }
            if (byEpoch.isEmpty()) {
                continue;
            }
            int k = byEpoch.size();
            double[] x = new double[k];
            double[] mean = new double[k];
            double[] lo = new double[k];
            double[] hi = new double[k];
            int i = 0;
            for (Map.Entry<Integer, List<Double>> e : byEpoch.entrySet()) {
                x[i] = e.getKey();
                mean[i] = e.getValue().stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElseThrow();
                lo[i] = e.getValue().stream()
                        .mapToDouble(Double::doubleValue)
                        .min()
                        .orElseThrow();
                hi[i] = e.getValue().stream()
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElseThrow();
                i++;
            }
            bands.add(new Charts.Band(method, x, mean, lo, hi));
        }
        if (bands.isEmpty()) {
            return null;
        }
        String id = "plot-epochs-" + anchor;
        String label = Metrics.label(metric);
        String svg = Charts.epochCurve(
                id, "Held-out " + label + " per epoch — " + dataset, label + " (%)", bands, allMethods);
        return new View.Plot(
                id,
                "Held-out " + label + " after each epoch: mean over seeds (line) and the range over" + " seeds (band).",
                svg);
    }

    private static View.Plot recallAtK(
            String grid,
            String dataset,
            List<String> methods,
            SummaryIndex summaries,
            List<String> allMethods,
            String anchor) {
        List<String> ks = ComparisonTables.columns(summaries, grid, dataset, Selection.LAST).stream()
                .filter(m -> Metrics.recallK(m) >= 0)
                .toList();
        if (ks.size() < 2) {
            return null;
        }
        Map<String, Map<String, Double>> byMethod = new LinkedHashMap<>();
        for (String method : methods) {
            Map<String, Double> vals = new LinkedHashMap<>();
            for (String k : ks) {
                SummaryRow s = summaries.get(grid, dataset, method, Selection.LAST, k);
                if (s != null && Double.isFinite(s.mean())) {
                    vals.put(k, s.mean() * 100);
                }
            }
            if (!vals.isEmpty()) {
                byMethod.put(method, vals);
            }
        }
        if (byMethod.isEmpty()) {
            return null;
        }
        String id = "plot-rk-" + anchor;
        String svg = Charts.recallAtK(id, "Recall@K at the last epoch — " + dataset, byMethod, ks, allMethods);
        return new View.Plot(id, "Recall@K at the last epoch, mean over seeds.", svg);
    }

    private static View.Plot timing(List<String> methods, List<Run> finished, String anchor, String dataset) {
        Map<String, Map<String, Double>> means = new LinkedHashMap<>();
        TimingSection.phaseMeans(methods, finished).forEach((m, pm) -> means.put(m, pm.phaseMs()));
        if (means.isEmpty()) {
            return null;
        }
        String id = "plot-timing-" + anchor;
        String svg = Charts.timing(id, "Time per training step by phase — " + dataset, means, StepTimes.PHASES);
        return new View.Plot(
                id,
                "Mean time per training step in each phase. The ranking sort (RaMBO only) runs"
                        + " inside the loss and backward phases, so it is drawn beside them, not stacked.",
                svg);
    }
}
