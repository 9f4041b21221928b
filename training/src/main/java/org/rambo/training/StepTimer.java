package org.rambo.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.runfolder.RunColumns;

/**
 * The phases of one training step, as a steps.csv row (milliseconds, microsecond resolution).
 * The step starts when the timer is made; each phase ends when its method is called.
 */
public final class StepTimer {

    private final long start = System.nanoTime();
    private long dataReady;
    private long forwardDone;
    private long lossDone;
    private long sortNanos;
    private long backwardDone;
    private long optimizerDone;

    /** The batch's arrays are on the device. */
    public void dataReady() {
        dataReady = System.nanoTime();
    }

    public void forwardDone() {
        forwardDone = System.nanoTime();
    }

    /** The loss is computed; {@code sortNanos} of it were spent inside the ranking sort. */
    public void lossDone(long sortNanos) {
        this.sortNanos = sortNanos;
        lossDone = System.nanoTime();
    }

    public void backwardDone() {
        backwardDone = System.nanoTime();
    }

    public void optimizerDone() {
        optimizerDone = System.nanoTime();
    }

    /** The steps.csv row of step {@code step} (from 1) of {@code epoch}, in {@link RunColumns#STEPS} order. */
    public Map<String, Object> row(int epoch, int step, float loss) {
        List<Object> values = List.of(
                epoch,
                step,
                ms(dataReady - start),
                ms(forwardDone - dataReady),
                ms(lossDone - forwardDone),
                ms(sortNanos),
                ms(backwardDone - lossDone),
                ms(optimizerDone - backwardDone),
                loss);
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            row.put(RunColumns.STEPS.get(i), values.get(i));
        }
        return row;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
