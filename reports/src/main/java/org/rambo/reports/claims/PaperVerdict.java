package org.rambo.reports.claims;

/** Whether our runs agree with a difference the paper published. */
public enum PaperVerdict {
    /** Our interval excludes 0 on the paper's side. */
    REPRODUCED("reproduced"),
    /** Our interval excludes 0 on the other side. */
    CONTRADICTED("contradicted"),
    /** Our interval covers 0 (or is undefined for lack of paired seeds). */
    INCONCLUSIVE("inconclusive"),
    /** We have no finished runs of that dataset and pair of methods. */
    NOT_RUN("not run");

    private final String word;

    PaperVerdict(String word) {
        this.word = word;
    }

    /** As claims.csv spells it. */
    public String word() {
        return word;
    }

    /** Our verdict read against the paper's difference. */
    public static PaperVerdict of(Verdict ours, double paperDelta) {
        return switch (ours) {
            case INCONCLUSIVE -> INCONCLUSIVE;
            case BETTER -> paperDelta > 0 ? REPRODUCED : CONTRADICTED;
            case WORSE -> paperDelta < 0 ? REPRODUCED : CONTRADICTED;
        };
    }
}
