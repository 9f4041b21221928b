package org.rambo.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rambo.runfolder.RunColumns;

/**
 * The epochs of a run, from where its run folder stands (a {@link RunFolder.ResumePoint}) to the
 * last, the same for every experiment: each epoch's steps (from a mid-epoch position when a run
 * resumes there), its epochs.csv row, the tables written and then the checkpoint, so a kill
 * between the two leaves rows past the checkpoint, which the next resume drops. A preempted epoch
 * ends the loop after its last finished step; a non-finite loss ends it as failed, the last good
 * checkpoint kept. The experiment supplies the steps, its own epoch columns and the checkpoint.
 */
public final class EpochLoop {

    /** What an experiment does in the loop. */
    public interface Experiment {

        /** Steps in an epoch (from 1). */
        int stepsInEpoch(int epoch);

        /**
         * Trains the steps of {@code epoch} after {@code stepsDone}, adding one steps.csv row per
         * step; returns the steps done when it returned: all of them, or fewer when preempted.
         */
        int trainSteps(int epoch, int stepsDone, MetricsTable steps);

        /**
         * The experiment's own columns of a finished epoch's row (after epoch, train_loss and
         * epoch_seconds): its evaluation, loss parts. Part of the epoch's time.
         */
        Map<String, Object> endEpoch(int epoch);

        /** The epoch's row is in the table, about to be written. */
        default void epochEnded(int epoch, Map<String, Object> row) {}

        /** steps.csv is about to be written (after an epoch, or when preempted). */
        default void stepsRecorded(MetricsTable steps) {}

        /**
         * Whether a stop was asked for, checked before each epoch: an experiment that cannot stop
         * inside an epoch stops at the next epoch's start, its checkpoint already on disk.
         */
        default boolean stopRequested() {
            return false;
        }

        /** Writes the checkpoint at a position. */
        void save(TrainingPosition at);

        /** The checkpoint after {@code epoch} is on disk. */
        default void checkpointed(int epoch) {}
    }

    /** How the loop ended. */
    public enum Status {
        /** Every epoch trained. */
        FINISHED,
        /** Preempted: the position reached, and whether a checkpoint was written there. */
        INTERRUPTED,
        /** The loss became non-finite: the failure says where; the last good checkpoint stands. */
        FAILED
    }

    /**
     * The end of the loop.
     *
     * @param status            how it ended
     * @param epochs            epochs.csv as it stands
     * @param steps             steps.csv as it stands
     * @param position          where training stands (INTERRUPTED)
     * @param checkpointWritten whether a checkpoint was written at {@code position} (INTERRUPTED)
     * @param failure           the one-line reason (FAILED)
     */
    public record Result(
            Status status,
            MetricsTable epochs,
            MetricsTable steps,
            TrainingPosition position,
            boolean checkpointWritten,
            String failure) {}

    private final Experiment experiment;
    private final RunFileWriter writer;

    public EpochLoop(Experiment experiment, RunFileWriter writer) {
        this.experiment = experiment;
        this.writer = writer;
    }

    /** Trains from {@code resume} through epoch {@code lastEpoch}. */
    public Result run(RunFolder.ResumePoint resume, int lastEpoch) {
        MetricsTable epochs = resume.epochs();
        MetricsTable steps = resume.steps();
        TrainingPosition at = resume.position();
        try {
            for (int epoch = at.epochsDone() + 1; epoch <= lastEpoch; epoch++) {
                int from = epoch == at.epochsDone() + 1 ? at.stepsIntoNextEpoch() : 0;
                if (experiment.stopRequested()) {
                    return interrupted(epochs, steps, new TrainingPosition(epoch - 1, from), from);
                }
                long start = System.nanoTime();
                int done = experiment.trainSteps(epoch, from, steps);
                if (done < experiment.stepsInEpoch(epoch)) {
                    return interrupted(epochs, steps, new TrainingPosition(epoch - 1, done), from);
                }
                Map<String, Object> own = experiment.endEpoch(epoch);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put(RunColumns.EPOCH, epoch);
                row.put(RunColumns.TRAIN_LOSS, meanLoss(steps, epoch, done));
                row.put(RunColumns.EPOCH_SECONDS, (System.nanoTime() - start) / 1e9);
                row.putAll(own);
                epochs.add(row);
                experiment.epochEnded(epoch, row);
                // tables first: a kill between them and the checkpoint leaves rows past it, which resume drops
                epochs.write(writer);
                steps.write(writer);
                experiment.stepsRecorded(steps);
                experiment.save(new TrainingPosition(epoch, 0));
                experiment.checkpointed(epoch);
            }
        } catch (NonFiniteLossException e) {
            return new Result(Status.FAILED, epochs, steps, null, false, e.getMessage());
        }
        return new Result(Status.FINISHED, epochs, steps, new TrainingPosition(lastEpoch, 0), false, null);
    }

    /** Steps done past the epoch's checkpoint are saved with a checkpoint of their own. */
    private Result interrupted(MetricsTable epochs, MetricsTable steps, TrainingPosition at, int stepsBefore) {
        experiment.stepsRecorded(steps);
        boolean progressed = at.stepsIntoNextEpoch() > stepsBefore;
        if (progressed) {
            steps.write(writer);
            experiment.save(at);
        }
        return new Result(Status.INTERRUPTED, epochs, steps, at, progressed, null);
    }

    /** The epoch's steps.csv losses summed in step order, over its steps. */
    private static double meanLoss(MetricsTable steps, int epoch, int stepsInEpoch) {
        double sum = 0;
        for (Map<String, String> r : steps.rows()) {
            if (Integer.parseInt(r.get(RunColumns.EPOCH)) == epoch) {
                sum += Float.parseFloat(r.get(RunColumns.STEP_LOSS));
            }
        }
        return sum / stepsInEpoch;
    }
}
