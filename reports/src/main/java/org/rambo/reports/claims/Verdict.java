package org.rambo.reports.claims;

/** What the seeds say about RaMBO minus a baseline: the 95% interval of the paired difference. */
public enum Verdict {
    /** The whole interval is above 0. */
    BETTER("better"),
    /** The whole interval is below 0. */
    WORSE("worse"),
    /** The interval covers 0, or there are fewer than two paired seeds to make one. */
    INCONCLUSIVE("inconclusive");

    private final String word;

    Verdict(String word) {
        this.word = word;
    }

    /** As claims.csv spells it. */
    public String word() {
        return word;
    }

    /** The verdict of an interval; an undefined (NaN) interval decides nothing. */
    public static Verdict of(double ciLow, double ciHigh) {
        if (ciLow > 0) {
            return BETTER;
        }
        if (ciHigh < 0) {
            return WORSE;
        }
        return INCONCLUSIVE;
    }
}
