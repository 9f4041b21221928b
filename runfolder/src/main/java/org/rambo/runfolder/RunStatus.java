package org.rambo.runfolder;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The state of a run folder as the files say it. */
public enum RunStatus {
    /** final.json says finished: the metrics are the run's result. */
    FINISHED,
    /** final.json says failed: the failure is recorded; the run is retried only when asked. */
    FAILED,
    /** config.json without final.json: running, or interrupted and resumable. */
    UNFINISHED;

    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RunStatus ofWord(String word) {
        for (RunStatus s : values()) {
            if (s.word().equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("status must be finished or failed, got " + word);
    }
}
