package org.rambo.reports.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Mean, sample standard deviation and a seeded percentile bootstrap over seeds. */
public final class Stats {

    /** Resamples per interval: plenty for 3-10 seeds and still instant. */
    public static final int BOOTSTRAP_RESAMPLES = 10_000;
    /** Fixed base seed so the same runs always give the same interval (reports are diffable). */
    public static final long BOOTSTRAP_SEED = 20200614L;

    private Stats() {}

    /** Interval summary of one metric over seeds. {@code std} is NaN for a single value. */
    public record Summary(int n, double mean, double std, double ciLow, double ciHigh) {}

    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation (n-1); NaN when n &lt; 2 because one seed says nothing about spread. */
    public static double std(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    /**
     * Percentile bootstrap 95% interval of the mean. The random stream is seeded from
     * {@code key} (e.g. "grid/dataset/method/last/recall_at_1") so each cell's interval
     * depends only on its own values, not on the order cells are computed in.
     * With n seeds there are at most C(2n-1, n) distinct resample means, so with 3 seeds the
     * interval is coarse; the report says so.
     */
    public static double[] bootstrap95(double[] v, String key) {
        if (v.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        for (double x : v) {
            if (!Double.isFinite(x)) {
                // A diverged seed makes the interval meaningless; say so with NaN, do not hide it.
                return new double[] {Double.NaN, Double.NaN};
            }
        }
        if (v.length == 1) {
            return new double[] {v[0], v[0]};
        }
        SplittableRandom rnd = new SplittableRandom(BOOTSTRAP_SEED ^ key.hashCode());
        double[] means = new double[BOOTSTRAP_RESAMPLES];
        int n = v.length;
        for (int b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += v[rnd.nextInt(n)];
            }
            means[b] = s / n;
        }
        Arrays.sort(means);
        return new double[] {percentile(means, 0.025), percentile(means, 0.975)};
    }

    /** Linear interpolation between order statistics (the common "type 7" definition). */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }

    public static Summary summarize(double[] v, String key) {
        double[] ci = bootstrap95(v, key);
        return new Summary(v.length, v.length == 0 ? Double.NaN : mean(v), std(v), ci[0], ci[1]);
    }

    /** Least-squares fit y = a + b x; returns {a, b}, NaNs when fewer than two distinct x. */
    public static double[] linearFit(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mx = mean(x);
        double my = mean(y);
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        if (sxx == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double b = sxy / sxx;
        return new double[] {my - b * mx, b};
    }
}
