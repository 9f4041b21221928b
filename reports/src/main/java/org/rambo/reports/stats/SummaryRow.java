package org.rambo.reports.stats;

/** One line of summary.csv: one metric of one (grid, dataset, method) over its finished seeds. */
public record SummaryRow(
        String grid,
        String dataset,
        String method,
        String selection,
        String metric,
        int n,
        double mean,
        double std,
        double ciLow,
        double ciHigh) {}
