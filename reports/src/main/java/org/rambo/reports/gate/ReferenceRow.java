package org.rambo.reports.gate;

/**
 * One line of the committed reference (reports/reference/ci.csv): one last-epoch metric of one
 * (grid, dataset, method) over the reference seeds, and the rule of its band.
 *
 * @param n       reference seeds
 * @param mean    their mean (a fraction)
 * @param std     their sample standard deviation
 * @param k       how many standard errors of a difference of two means the band allows
 * @param floor   the smallest tolerance (a fraction): std estimated from a few seeds can be near 0
 * @param machine the spread of this metric from one machine to another for the same seeds, added in
 *                quadrature (0 when not measured)
 */
public record ReferenceRow(
        String grid,
        String dataset,
        String method,
        String metric,
        int n,
        double mean,
        double std,
        double k,
        double floor,
        double machine) {

    public String key() {
        return grid + "/" + dataset + "/" + method + "/" + metric;
    }

    /**
     * The band's half-width for a mean over {@code measuredSeeds} seeds:
     * {@code sqrt(max(k * std * sqrt(1/measuredSeeds + 1/n), floor)^2 + machine^2)}. The mean of
     * the measured seeds and the reference mean each carry seed noise, so their difference has
     * standard error {@code std * sqrt(1/m + 1/n)}.
     */
    public double tolerance(int measuredSeeds) {
        double noise =
                Double.isFinite(std) && measuredSeeds > 0 ? k * std * Math.sqrt(1.0 / measuredSeeds + 1.0 / n) : 0;
        double seedBand = Math.max(noise, floor);
        return Math.sqrt(seedBand * seedBand + machine * machine);
    }
}
