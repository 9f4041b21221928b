package org.rambo.harness.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rambo.runfolder.MetricNames;

/**
 * Metrics as a person reads them: fractions in percent with one decimal under the paper's
 * short names ("R@1 75.0  MAP@R 41.2"), as the report prints them, instead of 16-digit fractions.
 */
public final class MetricsFormat {

    private MetricsFormat() {}

    /** One fraction in percent, one decimal ("75.0"); "n/a" for an undefined one (NaN, null). */
    public static String percent(Number fraction) {
        if (fraction == null || Double.isNaN(fraction.doubleValue())) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1f", 100 * fraction.doubleValue());
    }

    /**
     * One line, in the order given: {@code R@1 75.0  R@2 81.3  P@1 75.0  R-Prec 41.0  MAP@R 30.2  NMI 60.1};
     * skipped queries only when there are some. Values that are not numbers are left out.
     */
    public static String percent(Map<String, ?> metrics) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, ?> e : metrics.entrySet()) {
            if (!(e.getValue() instanceof Number n)) {
                continue;
            }
            if (e.getKey().equals(MetricNames.QUERIES_SKIPPED)) {
                if (n.longValue() > 0) {
                    parts.add(n.longValue() + " queries skipped");
                }
            } else {
                parts.add(MetricNames.label(e.getKey()) + " " + percent(n));
            }
        }
        return String.join("  ", parts);
    }

    /** A table of metric name and value in percent (queries_skipped as a count), one metric a line. */
    public static String table(Map<String, ? extends Number> metrics) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-16s %9s%n", "metric", "percent"));
        for (Map.Entry<String, ? extends Number> e : metrics.entrySet()) {
            String v = e.getKey().equals(MetricNames.QUERIES_SKIPPED)
                    ? e.getValue().longValue() + " queries"
                    : percent(e.getValue());
            b.append(String.format(Locale.ROOT, "%-16s %9s%n", e.getKey(), v));
        }
        return b.toString();
    }

    /** The prefix of a run's lines when no progress bar shows which run is going: {@code run 3/14 rambo-ap s0}. */
    public static String runPrefix(int index, int count, String method, long seed) {
        return "run " + index + "/" + count + " " + method + " s" + seed;
    }
}
