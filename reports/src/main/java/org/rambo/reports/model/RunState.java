package org.rambo.reports.model;

import java.util.Locale;

/**
 * Where a run folder stands as the report sees it. Failed, unfinished and damaged runs are
 * listed by every report, never dropped; only finished runs count in the numbers.
 */
public enum RunState {
    /** final.json with status "finished" that passed validation. */
    FINISHED,
    /** final.json with status "failed". */
    FAILED,
    /** config.json but no final.json: running, or interrupted before the end. */
    UNFINISHED,
    /** final.json present but unreadable or breaking the contract: listed with the reason, never counted. */
    DAMAGED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
