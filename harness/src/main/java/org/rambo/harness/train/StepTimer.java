package org.rambo.harness.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** The phases of one training step, as a steps.csv row (milliseconds, microsecond resolution). */
final class StepTimer {

    private final long start = System.nanoTime();
    private long dataReady;
    private long forwardDone;
    private long lossDone;
    private long sortNanos;
    private long backwardDone;
    private long optimizerDone;

    void dataReady() {
        dataReady = System.nanoTime();
    }

    void forwardDone() {
        forwardDone = System.nanoTime();
    }

    /** The loss is computed; {@code sortNanos} of it were spent inside the ranking sort. */
    void lossDone(long sortNanos) {
        this.sortNanos = sortNanos;
        lossDone = System.nanoTime();
    }

    void backwardDone() {
        backwardDone = System.nanoTime();
    }

    void optimizerDone() {
        optimizerDone = System.nanoTime();
    }

    Map<String, Object> row(int epoch, int step, float loss) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("epoch", epoch);
        row.put("step", step);
        row.put("data_ms", ms(dataReady - start));
        row.put("forward_ms", ms(forwardDone - dataReady));
        row.put("loss_ms", ms(lossDone - forwardDone));
        row.put("sort_ms", ms(sortNanos));
        row.put("backward_ms", ms(backwardDone - lossDone));
        row.put("optimizer_ms", ms(optimizerDone - backwardDone));
        row.put("loss", loss);
        return row;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
