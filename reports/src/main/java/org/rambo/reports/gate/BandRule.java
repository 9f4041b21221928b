package org.rambo.reports.gate;

import org.rambo.runfolder.MetricNames;

/**
 * How a reference row's band is set (see reports/reference/README.md for the choice of numbers).
 *
 * @param k        standard errors of a difference of two means (default 4: with the std estimated from
 *                 5 seeds, |t| beyond 4 happens about once in 60 per metric when nothing changed)
 * @param floor    smallest tolerance, a fraction (default 0.01 = 1 point: a std from 5 seeds can be near 0,
 *                 and a typical machine-to-machine move is about half a point)
 * @param nmiFloor NMI's own floor (default 0.03): k-means assignments flip on tiny changes of the embedding,
 *                 so NMI moves by points where recall moves by tenths
 * @param machine  machine-to-machine spread added in quadrature to every row (default 0: not measured)
 */
public record BandRule(double k, double floor, double nmiFloor, double machine) {

    public static final double DEFAULT_K = 4.0;
    public static final double DEFAULT_FLOOR = 0.01;
    public static final double DEFAULT_NMI_FLOOR = 0.03;
    /** Fewer seeds give no usable spread: the band would rest on a guess. */
    public static final int MIN_SEEDS = 5;

    public static BandRule defaults() {
        return new BandRule(DEFAULT_K, DEFAULT_FLOOR, DEFAULT_NMI_FLOOR, 0);
    }

    /** The floor of a metric. */
    public double floorOf(String metric) {
        return metric.equals(MetricNames.NMI) ? nmiFloor : floor;
    }
}
