package org.rambo.harness.tune;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;

/**
 * A Parzen density on [0, 1]^d: one kernel per observed point plus a uniform prior kernel,
 * equally weighted. A continuous coordinate's kernel is a normal truncated to [0, 1] with the
 * bandwidth 0.2 n^(-1/(d+4)) (Scott's rule scaled to the unit range, as Optuna's multivariate
 * TPE uses); a categorical coordinate's kernel puts half its mass on the point's choice and
 * spreads the other half evenly. The prior kernel keeps the density positive everywhere.
 */
final class ParzenMixture {

    private static final double MIN_BANDWIDTH = 0.01;

    private final List<double[]> centres;
    private final int[] levels;
    private final double bandwidth;

    ParzenMixture(List<double[]> centres, int[] levels) {
        this.centres = centres;
        this.levels = levels;
        int n = Math.max(1, centres.size());
        this.bandwidth = Math.max(MIN_BANDWIDTH, 0.2 * Math.pow(n, -1.0 / (levels.length + 4)));
    }

    /** A draw: a kernel chosen uniformly (the prior among them), then a point from it. */
    double[] sample(SplittableRandom random) {
        int k = random.nextInt(centres.size() + 1);
        double[] x = new double[levels.length];
        for (int d = 0; d < x.length; d++) {
            if (k == centres.size()) {
                x[d] = random.nextDouble();
            } else if (levels[d] > 0) {
                int own = level(centres.get(k)[d], levels[d]);
                int c = random.nextBoolean() ? own : random.nextInt(levels[d]);
                x[d] = (c + 0.5) / levels[d];
            } else {
                x[d] = truncatedNormal(centres.get(k)[d], random);
            }
        }
        return x;
    }

    /** log of the density at x. */
    double logDensity(double[] x) {
        double[] logs = new double[centres.size() + 1];
        for (int k = 0; k < centres.size(); k++) {
            double s = 0;
            for (int d = 0; d < x.length; d++) {
                s += levels[d] > 0
                        ? Math.log(categorical(centres.get(k)[d], x[d], levels[d]))
                        : logKernel(centres.get(k)[d], x[d]);
            }
            logs[k] = s;
        }
        double prior = 0;
        for (int level : levels) {
            prior += level > 0 ? -Math.log(level) : 0.0;
        }
        logs[centres.size()] = prior;
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logs) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return max + Math.log(sum / logs.length);
    }

    static int level(double x, int levels) {
        return (int) Math.min(levels - 1, Math.floor(x * levels));
    }

    private static double categorical(double centre, double x, int levels) {
        return (level(centre, levels) == level(x, levels) ? 0.5 : 0.0) + 0.5 / levels;
    }

    private double logKernel(double mu, double x) {
        double z = (x - mu) / bandwidth;
        double mass = phi((1 - mu) / bandwidth) - phi(-mu / bandwidth);
        return -0.5 * z * z - Math.log(bandwidth * Math.sqrt(2 * Math.PI) * mass);
    }

    private static double phi(double z) {
        return 0.5 * (1 + Erf.erf(z / Math.sqrt(2)));
    }

    /** Rejection from the untruncated normal: the centre lies in [0, 1], so at least about a third is accepted. */
    private double truncatedNormal(double mu, SplittableRandom random) {
        while (true) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double x = mu + bandwidth * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
            if (x >= 0 && x <= 1) {
                return x;
            }
        }
    }
}
