package org.rambo.reports.gate;

/**
 * One line of the committed reference (reports/reference/ci.csv): the mean over seeds of one
 * last-epoch metric and the band it must stay in, |measured mean - mean| &lt;= tolerance.
 */
public record ReferenceRow(String grid, String dataset, String method, String metric, int n, double mean,
                           double std, double tolerance) {

    public String key() {
        return grid + "/" + dataset + "/" + method + "/" + metric;
    }

    public String group() {
        return grid + "/" + dataset + "/" + method;
    }
}
