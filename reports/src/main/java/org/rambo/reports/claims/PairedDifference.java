package org.rambo.reports.claims;

import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The difference method − baseline over the seeds both ran (paired by seed: the same seed
 * gives both methods the same data order and initialisation, so pairing removes that part of
 * the noise), with a Student t 95% interval of its mean. Fewer than two pairs leave the
 * interval undefined (NaN).
 *
 * @param n      seeds both have (with a finite value)
 * @param mean   mean of the per-seed differences
 * @param ciLow  lower end of the 95% interval
 * @param ciHigh upper end of the 95% interval
 */
public record PairedDifference(int n, double mean, double ciLow, double ciHigh) {

    /** Values by seed; seeds only one side has, and non-finite values, are left out. */
    public static PairedDifference of(Map<Long, Double> method, Map<Long, Double> baseline) {
        TreeMap<Long, Double> diffs = new TreeMap<>();
        method.forEach((seed, v) -> {
            Double b = baseline.get(seed);
            if (b != null && Double.isFinite(v) && Double.isFinite(b)) {
                diffs.put(seed, v - b);
            }
        });
        int n = diffs.size();
        if (n == 0) {
            return new PairedDifference(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = diffs.values().stream().mapToDouble(Double::doubleValue).sum() / n;
        if (n < 2) {
            return new PairedDifference(n, mean, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double d : diffs.values()) {
            ss += (d - mean) * (d - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double half = tQuantile975(n - 1) * sd / Math.sqrt(n);
        return new PairedDifference(n, mean, mean - half, mean + half);
    }

    /** The 97.5% quantile of Student's t with {@code df} degrees of freedom (two-sided 95%). */
    static double tQuantile975(int df) {
        return new TDistribution(null, df).inverseCumulativeProbability(0.975);
    }

    public Verdict verdict() {
        return Verdict.of(ciLow, ciHigh);
    }
}
