package org.rambo.reports.model;

/**
 * One published number of the paper-results table; {@code value} in percent as printed.
 *
 * @param source where the number is printed (paper, table, row)
 */
public record PaperRow(String dataset, String method, String metric, double value, String source) {}
