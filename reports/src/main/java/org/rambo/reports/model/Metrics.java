package org.rambo.reports.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.rambo.runfolder.MetricNames;

/**
 * The order and labels the reports use for metrics and methods. The metric names themselves are
 * the run folder's ({@link MetricNames}, docs/run-folders.md).
 */
public final class Metrics {

    /** queries_skipped is a count of queries without a positive, not a quality metric. */
    public static final String QUERIES_SKIPPED = MetricNames.QUERIES_SKIPPED;

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
        return MetricNames.recallK(metric);
    }

    private static int group(String metric) {
        if (recallK(metric) >= 0) {
            return 0;
        }
        return switch (metric) {
            case MetricNames.PRECISION_AT_1 -> 1;
            case MetricNames.R_PRECISION -> 2;
            case MetricNames.MAP_AT_R -> 3;
            case MetricNames.NMI -> 4;
            case MetricNames.AP50, MetricNames.AP50_VOC07, MetricNames.UNCAPPED_AP50 -> 5;
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
        return MetricNames.label(metric);
    }

    /**
     * Whether a metric is one class's detection AP ({@code ap50_<class>}); {@code ap50_voc07} is
     * the mean with the VOC2007 interpolation, not a class.
     */
    public static boolean isDetectionClass(String metric) {
        return MetricNames.isClassAp50(metric);
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
        String recallAt1 = MetricNames.recallAt(1);
        if (metrics.contains(recallAt1)) {
            return recallAt1;
        }
        if (metrics.contains(MetricNames.AP50)) {
            return MetricNames.AP50;
        }
        return metrics.stream().filter(Metrics::isQuality).min(METRIC_ORDER).orElse(null);
    }

    /** Detection datasets report AP50 rather than retrieval metrics. */
    public static boolean isDetection(String dataset) {
        String d = dataset.toLowerCase(Locale.ROOT);
        return d.equals("voc") || d.equals("synthetic-voc");
    }
}
