package org.rambo.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.Tuning;

/**
 * The tuning section of a grid tuned by {@code rambo-bench tune}: best-so-far validation value
 * against trials for every method in one plot, each method's chosen setting, and the gap
 * between its validation value (mean over the folds of the training classes) and its test
 * value (mean over the final runs' seeds on the unseen test classes).
 */
public final class TuningSection {

    private TuningSection() {}

    static List<View.TuningView> of(List<Tuning> tunings, List<Run> runs, List<String> allMethods) {
        List<View.TuningView> out = new ArrayList<>();
        for (Tuning t : tunings) {
            String anchor = Format.slug(t.grid());
            Map<String, double[]> curves = new LinkedHashMap<>();
            List<View.TuningRow> rows = new ArrayList<>();
            for (Tuning.Method m : t.methods()) {
                curves.put(m.method(), percentBestSoFar(m.objectives()));
                List<Double> test = runs.stream()
                        .filter(r -> r.finished()
                                && r.grid().equals(t.grid())
                                && r.method().equals(m.method()))
                        .map(r -> r.last().get(t.objective()))
                        .filter(v -> v != null)
                        .toList();
                double testMean = test.isEmpty()
                        ? Double.NaN
                        : test.stream()
                                .mapToDouble(Double::doubleValue)
                                .average()
                                .orElseThrow();
                rows.add(new View.TuningRow(
                        m.method(),
                        String.valueOf(m.chosenTrial() + 1),
                        setting(m),
                        Format.pct(m.validation()),
                        test.isEmpty() ? "–" : Format.pct(testMean),
                        String.valueOf(test.size()),
                        Format.signed1(100 * (testMean - m.validation()))));
            }
            String label = Metrics.label(t.objective());
            String plotId = "plot-tuning-" + anchor;
            out.add(new View.TuningView(
                    t.grid(),
                    t.claimWord(),
                    t.folds(),
                    label,
                    plotId,
                    Charts.tuningCurves(
                            plotId,
                            "Best validation " + label + " so far (" + t.grid() + ")",
                            "validation " + label + " (%), mean over " + t.folds() + " folds",
                            curves,
                            allMethods),
                    "table-tuning-" + anchor,
                    rows));
        }
        return out;
    }

    /** Best value among trials 1..t, in percent; NaN until a trial has a value. */
    public static double[] percentBestSoFar(List<Double> objectives) {
        double[] out = new double[objectives.size()];
        double best = Double.NaN;
        for (int i = 0; i < out.length; i++) {
            Double v = objectives.get(i);
            if (v != null && (Double.isNaN(best) || v > best)) {
                best = v;
            }
            out[i] = Double.isNaN(best) ? Double.NaN : 100 * best;
        }
        return out;
    }

    private static String setting(Tuning.Method m) {
        List<String> parts = new ArrayList<>();
        m.chosen().forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts) + " (" + m.loss() + ", learning rate " + m.learningRate() + ")";
    }
}
