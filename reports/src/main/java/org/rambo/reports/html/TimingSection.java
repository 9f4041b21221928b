package org.rambo.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.rambo.reports.claims.Claims;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.StepTimes;

/**
 * Time per training step, per method and phase (steps.csv), and the ranking share of a step:
 * the paper's claim is that RaMBO's ranking costs next to nothing inside training.
 */
final class TimingSection {

    private TimingSection() {}

    /** Mean ms per phase and for the whole step (mean over each run's steps, then over seeds), and the seed count. */
    record PhaseMeans(Map<String, Double> phaseMs, double stepMs, int runs) {

        /** Mean sort ms over mean step ms, in percent. */
        double rankingSharePercent() {
            return stepMs > 0 ? 100 * phaseMs.get("sort") / stepMs : Double.NaN;
        }
    }

    static Map<String, PhaseMeans> phaseMeans(List<String> methods, List<Run> finished) {
        Map<String, PhaseMeans> out = new LinkedHashMap<>();
        for (String method : methods) {
            List<StepTimes> st = finished.stream()
                    .filter(r -> r.method().equals(method))
                    .map(Run::stepTimes)
                    .filter(Objects::nonNull)
                    .toList();
            if (st.isEmpty()) {
                continue;
            }
            Map<String, Double> m = new LinkedHashMap<>();
            for (String p : StepTimes.PHASES) {
                m.put(p, st.stream().mapToDouble(s -> s.phase(p)).average().orElseThrow());
            }
            out.put(
                    method,
                    new PhaseMeans(
                            m,
                            st.stream()
                                    .mapToDouble(StepTimes::totalMs)
                                    .average()
                                    .orElseThrow(),
                            st.size()));
        }
        return out;
    }

    static View.Timing of(List<String> methods, List<Run> finished, String anchor) {
        Map<String, PhaseMeans> means = phaseMeans(methods, finished);
        List<View.TimingRow> rows = new ArrayList<>();
        for (String method : methods) {
            PhaseMeans m = means.get(method);
            double wall = finished.stream()
                    .filter(r -> r.method().equals(method))
                    .map(Run::wallSeconds)
                    .filter(Objects::nonNull)
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElse(Double.NaN);
            if (m == null) {
                rows.add(new View.TimingRow(
                        method,
                        "0",
                        "–",
                        StepTimes.PHASES.stream().map(p -> "–").toList(),
                        "–",
                        Format.fmt1(wall)));
                continue;
            }
            double share = m.rankingSharePercent();
            rows.add(new View.TimingRow(
                    method,
                    Integer.toString(m.runs()),
                    Format.fmt2(m.stepMs()),
                    StepTimes.PHASES.stream()
                            .map(p -> Format.fmt2(m.phaseMs().get(p)))
                            .toList(),
                    Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f%%", share),
                    Format.fmt1(wall)));
        }
        return new View.Timing("table-timing-" + anchor, rows, rankingShare(means));
    }

    /** "RaMBO's ranking takes 1.2-1.9% of a training step (...)", or null without RaMBO step times. */
    static String rankingShare(Map<String, PhaseMeans> means) {
        List<String> parts = new ArrayList<>();
        means.forEach((method, m) -> {
            if (Claims.isRambo(method) && !Double.isNaN(m.rankingSharePercent())) {
                parts.add(String.format(
                        Locale.ROOT,
                        "%s %.1f%% (%.2f of %.2f ms)",
                        method,
                        m.rankingSharePercent(),
                        m.phaseMs().get("sort"),
                        m.stepMs()));
            }
        });
        return parts.isEmpty()
                ? null
                : "Ranking share of a training step (mean sort ms / mean step ms, steps.csv): "
                        + String.join("; ", parts) + ". The paper's claim is that this cost is negligible in training.";
    }
}
