package org.rambo.reports.model;

/** Where a run folder stands; failed and unfinished runs are listed by every report, never dropped. */
public enum RunStatus {
    /** final.json with status "finished". */
    FINISHED,
    /** final.json with status "failed". */
    FAILED,
    /** config.json but no final.json: running, or interrupted before the end. */
    UNFINISHED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
