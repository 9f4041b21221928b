package org.rambo.harness.train;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one run of a grid went in this process.
 *
 * @param status  what happened
 * @param folder  the run folder
 * @param last    the last epoch's metrics (empty when none)
 * @param failure the one-line reason of a failed run, or null
 */
public record RunOutcome(Status status, Path folder, Map<String, Double> last, String failure) {

    /** What this process did with a run. */
    public enum Status {
        /** Trained to the end now. */
        FINISHED,
        /** Already finished: nothing to do. */
        SKIPPED,
        /** Failed now, failed earlier and not retried, or crashed (then unfinished and resumable). */
        FAILED,
        /** Another process holds the folder's lock and trains it. */
        LOCKED,
        /** Stopped by preemption after writing a checkpoint; run again to resume. */
        INTERRUPTED
    }

    public RunOutcome {
        // a metric may be null (undefined) in final.json, so no Map.copyOf
        last = last == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(last));
    }
}
