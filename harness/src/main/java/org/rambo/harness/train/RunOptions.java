package org.rambo.harness.train;

import java.util.function.Consumer;
import org.rambo.training.Preemption;
import org.rambo.training.RunFileWriter;
import org.slf4j.LoggerFactory;

/**
 * How a grid is run.
 *
 * @param progress    show progress bars
 * @param retryFailed train runs whose final.json says failed again (the old record becomes final.failed.json)
 * @param observer    watches runs from inside (tests)
 * @param writer      writes tables and checkpoints (tests inject a failing one)
 * @param preemption  stops training cleanly after the current step
 * @param notes       one-line notes for the user (a run another process trains)
 */
public record RunOptions(
        boolean progress,
        boolean retryFailed,
        RunObserver observer,
        RunFileWriter writer,
        Preemption preemption,
        Consumer<String> notes) {

    public RunOptions {
        observer = observer == null ? new RunObserver() {} : observer;
        writer = writer == null ? RunFileWriter.ATOMIC : writer;
        preemption = preemption == null ? Preemption.manual() : preemption;
        notes = notes == null ? LoggerFactory.getLogger(GridRunner.class)::info : notes;
    }

    /** No progress bars, no retries, no observer: how tests run a grid. */
    public static RunOptions quiet() {
        return new RunOptions(false, false, null, null, null, null);
    }

    public RunOptions withObserver(RunObserver o) {
        return new RunOptions(progress, retryFailed, o, writer, preemption, notes);
    }

    public RunOptions withWriter(RunFileWriter w) {
        return new RunOptions(progress, retryFailed, observer, w, preemption, notes);
    }

    public RunOptions withRetryFailed(boolean retry) {
        return new RunOptions(progress, retry, observer, writer, preemption, notes);
    }
}
