package org.rambo.training;

/**
 * Where a run stands: epochs finished, and steps finished within the next epoch (0 at an
 * epoch's end; more when a preempted run stopped mid-epoch).
 */
public record TrainingPosition(int epochsDone, int stepsIntoNextEpoch) {

    public static final TrainingPosition START = new TrainingPosition(0, 0);

    public TrainingPosition {
        if (epochsDone < 0 || stepsIntoNextEpoch < 0) {
            throw new IllegalArgumentException(
                    "a position has no negative counts: " + epochsDone + ", " + stepsIntoNextEpoch);
        }
    }

    /** Whether the step (epoch, step), both from 1, is done at this position. */
    public boolean covers(int epoch, int step) {
        return epoch <= epochsDone || epoch == epochsDone + 1 && step <= stepsIntoNextEpoch;
    }

    @Override
    public String toString() {
        return stepsIntoNextEpoch == 0
                ? "epoch " + epochsDone
                : "epoch " + epochsDone + " and step " + stepsIntoNextEpoch + " of epoch " + (epochsDone + 1);
    }
}
