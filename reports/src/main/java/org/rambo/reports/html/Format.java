package org.rambo.reports.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the report prints numbers and names: percent with one decimal, milliseconds, seconds, anchors. */
final class Format {

    private Format() {}

    /** A fraction in percent, one decimal. */
    static String pct(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }

    static String fmt1(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String fmt2(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** A signed difference in percentage points, one decimal. */
    static String signed1(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.1f", v);
    }

    static String seconds(double s) {
        if (s >= 1) {
            return String.format(Locale.ROOT, "%.3g s", s);
        }
        if (s >= 1e-3) {
            return String.format(Locale.ROOT, "%.3g ms", s * 1e3);
        }
        if (s >= 1e-6) {
            return String.format(Locale.ROOT, "%.3g µs", s * 1e6);
        }
        return String.format(Locale.ROOT, "%.3g ns", s * 1e9);
    }

    static String orMissing(String s) {
        return s == null ? "(missing)" : s;
    }

    /** The non-null parts joined by spaces, or null when all are null. */
    static String join(String... parts) {
        List<String> p = new ArrayList<>();
        for (String s : parts) {
            if (s != null) {
                p.add(s);
            }
        }
        return p.isEmpty() ? null : String.join(" ", p);
    }

    static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
