package org.rambo.reports;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rambo.reports.gate.BandRule;
import org.rambo.reports.gate.ReferenceRow;

/**
 * The band's error rates by simulation (fixed seed): references and checks of 5 seeds each
 * drawn from one normal distribution. A sound band rarely fails when nothing changed and
 * nearly always fails on a 3-point drop.
 */
class GateCalibrationTest {

    static final int TRIALS = 4000;

    /** Fraction of trials in which a check of 5 seeds leaves the band of a fresh 5-seed reference. */
    static double outRate(double sd, double drop, long seed) {
        Random rnd = new Random(seed);
        int out = 0;
        for (int t = 0; t < TRIALS; t++) {
            double[] ref = draw(rnd, 0.85, sd);
            double[] measured = draw(rnd, 0.85 - drop, sd);
            ReferenceRow row = new ReferenceRow(
                    "ci",
                    "d",
                    "m",
                    "recall_at_1",
                    5,
                    mean(ref),
                    std(ref),
                    BandRule.DEFAULT_K,
                    BandRule.DEFAULT_FLOOR,
                    0);
            if (Math.abs(mean(measured) - row.mean()) > row.tolerance(measured.length)) {
                out++;
            }
        }
        return (double) out / TRIALS;
    }

    static double[] draw(Random rnd, double mean, double sd) {
        double[] v = new double[5];
        for (int i = 0; i < v.length; i++) {
            v[i] = mean + sd * rnd.nextGaussian();
        }
        return v;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double std(double[] v) {
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    @Test
    void nothingChangedRarelyFails() {
        // seed spreads of R@1 measured on the ci grid: 0.1 to 0.8 points
        for (double sd : new double[] {0.001, 0.005, 0.008}) {
            double rate = outRate(sd, 0, 11);
            // |t| with 4 degrees of freedom beyond 4 has probability 0.016; the floor makes it rarer
            assertTrue(rate < 0.025, "false failures at sd " + sd + ": " + rate);
        }
    }

    @Test
    void aThreePointDropIsCaught() {
        for (double sd : new double[] {0.001, 0.005, 0.008}) {
            double rate = outRate(sd, 0.03, 12);
            assertTrue(rate > 0.9, "3-point drop caught at sd " + sd + ": " + rate);
        }
    }

    @Test
    void halfAPointIsNotAFailure() {
        for (double sd : new double[] {0.001, 0.005}) {
            double rate = outRate(sd, 0.005, 13);
            assertTrue(rate < 0.05, "a 0.5-point move fails at sd " + sd + ": " + rate);
        }
    }
}
