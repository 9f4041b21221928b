package org.rambo.harness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics for people: percent with one decimal under the paper's short names. */
class MetricsFormatTest {

    @Test
    void oneLineInPercent() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recall_at_1", 0.7512345678901234);
        m.put("recall_at_2", 0.8125);
        m.put("precision_at_1", 0.7512345678901234);
        m.put("r_precision", 0.40999);
        m.put("map_at_r", 0.30249);
        m.put("nmi", Double.NaN);
        m.put("queries_skipped", 0L);
        assertEquals("R@1 75.1  R@2 81.3  P@1 75.1  R-Prec 41.0  MAP@R 30.2  NMI n/a", MetricsFormat.percent(m));
        m.put("queries_skipped", 3L);
        m.put("note", "not a number");
        assertEquals(
                "R@1 75.1  R@2 81.3  P@1 75.1  R-Prec 41.0  MAP@R 30.2  NMI n/a  3 queries skipped",
                MetricsFormat.percent(m));
    }

    @Test
    void singleValues() {
        assertEquals("100.0", MetricsFormat.percent(1.0));
        assertEquals("0.0", MetricsFormat.percent(0));
        assertEquals("33.3", MetricsFormat.percent(1.0 / 3));
        assertEquals("n/a", MetricsFormat.percent((Number) null));
    }

    @Test
    void tableAndRunPrefix() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("recall_at_1", 0.5);
        m.put("queries_skipped", 2.0);
        assertEquals(
                "metric             percent\nrecall_at_1           50.0\nqueries_skipped  2 queries\n",
                MetricsFormat.table(m).replace(System.lineSeparator(), "\n"));
        assertEquals("run 3/14 rambo-ap s0", MetricsFormat.runPrefix(3, 14, "rambo-ap", 0));
    }
}
