package org.rambo.reports.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Metric and method names shared with training (docs/run-folders.md) and the order and
 * labels the reports use for them.
 */
public final class Metrics {

    private static final Pattern RECALL = Pattern.compile("recall_at_(\\d+)");
    /** queries_skipped is a count of queries without a positive, not a quality metric. */
    public static final String QUERIES_SKIPPED = "queries_skipped";

    /** Method order of the default grid; methods not listed follow alphabetically. */
    public static final List<String> METHOD_ORDER = List.of(
            "rambo-recall-log",
            "rambo-recall-loglog",
            "rambo-ap",
            "contrastive",
            "triplet",
            "margin",
            "smooth-ap",
            "fastap");

    private Metrics() {}

    /** K of a recall_at_K name, or -1. */
    public static int recallK(String metric) {
        Matcher m = RECALL.matcher(metric);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static int group(String metric) {
        if (recallK(metric) >= 0) {
            return 0;
        }
        return switch (metric) {
            case "precision_at_1" -> 1;
            case "r_precision" -> 2;
            case "map_at_r" -> 3;
            case "nmi" -> 4;
            case "ap50", "ap50_voc07", "uncapped_ap50" -> 5;
            case QUERIES_SKIPPED -> 8;
            default -> isDetectionClass(metric) ? 6 : 7;
        };
    }

    /** recall_at_K by K, then P@1, R-Precision, MAP@R, NMI, AP50, per-class AP50, others, queries_skipped. */
    public static final Comparator<String> METRIC_ORDER = Comparator.comparingInt(Metrics::group)
            .thenComparingInt(Metrics::recallK)
            .thenComparing(Comparator.naturalOrder());

    public static final Comparator<String> METHOD_COMPARATOR = Comparator.comparingInt((String m) -> {
                int i = METHOD_ORDER.indexOf(m);
                return i < 0 ? METHOD_ORDER.size() : i;
            })
            .thenComparing(Comparator.naturalOrder());

    /** Short column label as papers print it: R@1, P@1, R-Prec, MAP@R, NMI, AP50. */
    public static String label(String metric) {
        int k = recallK(metric);
        if (k >= 0) {
            return "R@" + k;
        }
        return switch (metric) {
            case "precision_at_1" -> "P@1";
            case "r_precision" -> "R-Prec";
            case "map_at_r" -> "MAP@R";
            case "nmi" -> "NMI";
            case "ap50" -> "AP50";
            case "ap50_voc07" -> "AP50 VOC07 11-pt";
            case "uncapped_ap50" -> "AP50 no image cap";
            default -> isDetectionClass(metric) ? metric.substring(5) : metric;
        };
    }

    /**
     * Whether a metric is one class's detection AP ({@code ap50_<class>}); {@code ap50_voc07} is
     * the mean with the VOC2007 interpolation, not a class.
     */
    public static boolean isDetectionClass(String metric) {
        return metric.startsWith("ap50_") && !metric.equals("ap50_voc07");
    }

    /** Whether a metric is a fraction in [0,1] shown in percent (everything but counts). */
    public static boolean isQuality(String metric) {
        return !metric.equals(QUERIES_SKIPPED);
    }

    /**
     * The one metric a verdict at a glance is about: R@1 for retrieval, AP50 for detection,
     * else the first in report order; null for none.
     */
    public static String headline(Collection<String> metrics) {
        if (metrics.contains("recall_at_1")) {
            return "recall_at_1";
        }
        if (metrics.contains("ap50")) {
            return "ap50";
        }
        return metrics.stream().filter(Metrics::isQuality).min(METRIC_ORDER).orElse(null);
    }

    /** Detection datasets report AP50 rather than retrieval metrics. */
    public static boolean isDetection(String dataset) {
        String d = dataset.toLowerCase(Locale.ROOT);
        return d.equals("voc") || d.equals("synthetic-voc");
    }
}
