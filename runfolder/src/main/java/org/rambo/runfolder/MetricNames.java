package org.rambo.runfolder;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the metrics in epochs.csv and final.json (docs/run-folders.md): retrieval's
 * recall_at_K, P@1, R-Precision, MAP@R, NMI and skipped queries; detection's AP50 and its
 * per-class and alternative forms. Evaluators write them under these names, reports read them.
 */
public final class MetricNames {

    public static final String PRECISION_AT_1 = "precision_at_1";
    public static final String R_PRECISION = "r_precision";
    public static final String MAP_AT_R = "map_at_r";
    public static final String NMI = "nmi";
    /** A count of queries without a positive in the gallery, not a quality metric. */
    public static final String QUERIES_SKIPPED = "queries_skipped";

    /** Detection: VOC AP at IoU 0.5, all-point interpolation, averaged over classes. */
    public static final String AP50 = "ap50";
    /** Detection: AP50 with VOC2007's 11-point interpolation. */
    public static final String AP50_VOC07 = "ap50_voc07";
    /** Detection: AP50 without the per-image cap on detections. */
    public static final String UNCAPPED_AP50 = "uncapped_ap50";

    private static final String RECALL_PREFIX = "recall_at_";
    private static final String CLASS_AP_PREFIX = "ap50_";
    private static final Pattern RECALL = Pattern.compile(RECALL_PREFIX + "(\\d+)");

    private MetricNames() {}

    /** recall_at_K. */
    public static String recallAt(int k) {
        return RECALL_PREFIX + k;
    }

    /** K of a recall_at_K name, or -1 for any other name. */
    public static int recallK(String metric) {
        Matcher m = RECALL.matcher(metric);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The retrieval metrics in epochs.csv order for the recall cut-offs {@code ks}. */
    public static List<String> retrieval(int... ks) {
        List<String> names = new ArrayList<>();
        for (int k : ks) {
            names.add(recallAt(k));
        }
        names.addAll(List.of(PRECISION_AT_1, R_PRECISION, MAP_AT_R, NMI, QUERIES_SKIPPED));
        return names;
    }

    /**
     * The short label papers print for a metric: R@K, P@1, R-Prec, MAP@R, NMI, AP50, the class of
     * a per-class AP50; any other name as it is.
     */
    public static String label(String metric) {
        int k = recallK(metric);
        if (k >= 0) {
            return "R@" + k;
        }
        return switch (metric) {
            case PRECISION_AT_1 -> "P@1";
            case R_PRECISION -> "R-Prec";
            case MAP_AT_R -> "MAP@R";
            case NMI -> "NMI";
            case AP50 -> "AP50";
            case AP50_VOC07 -> "AP50 VOC07 11-pt";
            case UNCAPPED_AP50 -> "AP50 no image cap";
            default -> isClassAp50(metric) ? classOf(metric) : metric;
        };
    }

    /** One class's detection AP: {@code ap50_<class>}. */
    public static String classAp50(String className) {
        return CLASS_AP_PREFIX + className;
    }

    /** Whether a metric is one class's detection AP; {@code ap50_voc07} is a mean, not a class. */
    public static boolean isClassAp50(String metric) {
        return metric.startsWith(CLASS_AP_PREFIX) && !metric.equals(AP50_VOC07);
    }

    /** The class of an {@code ap50_<class>} metric. */
    public static String classOf(String classAp50) {
        return classAp50.substring(CLASS_AP_PREFIX.length());
    }
}
