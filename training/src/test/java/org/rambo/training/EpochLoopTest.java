package org.rambo.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.runfolder.RunColumns;
import org.rambo.runfolder.RunFiles;

/**
 * The epoch loop every experiment shares, driven by a scripted experiment: what it writes, in
 * which order, where it resumes, and how a preemption and a non-finite loss end it.
 */
class EpochLoopTest {

    @TempDir
    Path tmp;

    /** Three steps an epoch, loss = epoch + step / 4 (exact in binary); records every call in order. */
    private final class Scripted implements EpochLoop.Experiment {
        final List<String> calls = new ArrayList<>();
        int stopAfterStep = -1;
        int nanAtEpoch = -1;
        int stopBeforeEpoch = -1;

        @Override
        public boolean stopRequested() {
            if (stopBeforeEpoch < 0) {
                return false;
            }
            calls.add("asked");
            return calls.stream().filter(c -> c.startsWith("steps ")).count() + 1 == stopBeforeEpoch;
        }

        @Override
        public int stepsInEpoch(int epoch) {
            return 3;
        }

        @Override
        public int trainSteps(int epoch, int stepsDone, MetricsTable steps) {
            calls.add("steps " + epoch + " from " + stepsDone);
            for (int s = stepsDone + 1; s <= 3; s++) {
                if (epoch == nanAtEpoch) {
                    throw new NonFiniteLossException(epoch, s, Float.NaN, "loss");
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (String c : RunColumns.STEPS) {
                    row.put(c, 0);
                }
                row.put(RunColumns.EPOCH, epoch);
                row.put(RunColumns.STEP, s);
                row.put(RunColumns.STEP_LOSS, epoch + s / 4f);
                steps.add(row);
                if (s == stopAfterStep) {
                    return s;
                }
            }
            return 3;
        }

        @Override
        public Map<String, Object> endEpoch(int epoch) {
            return Map.of("own", epoch * 10);
        }

        @Override
        public void epochEnded(int epoch, Map<String, Object> row) {
            calls.add("ended " + epoch + " tables on disk: " + Files.exists(tmp.resolve(RunFiles.EPOCHS)));
        }

        @Override
        public void stepsRecorded(MetricsTable steps) {
            calls.add("recorded " + steps.rows().size());
        }

        @Override
        public void save(TrainingPosition at) {
            calls.add("save " + at + " steps on disk " + lines(RunFiles.STEPS));
        }

        @Override
        public void checkpointed(int epoch) {
            calls.add("checkpointed " + epoch);
        }
    }

    private long lines(String file) {
        try {
            return Files.exists(tmp.resolve(file))
                    ? Files.readAllLines(tmp.resolve(file)).size()
                    : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private RunFolder.ResumePoint start() {
        return new RunFolder.ResumePoint(
                new MetricsTable(tmp.resolve(RunFiles.EPOCHS), RunColumns.EPOCH_LEADING),
                new MetricsTable(tmp.resolve(RunFiles.STEPS), RunColumns.STEPS),
                null);
    }

    @Test
    void everyEpochWritesItsTablesThenItsCheckpoint() throws Exception {
        Scripted x = new Scripted();
        EpochLoop.Result end = new EpochLoop(x, RunFileWriter.ATOMIC).run(start(), 2);
        assertEquals(EpochLoop.Status.FINISHED, end.status());
        assertEquals(
                List.of(
                        "steps 1 from 0",
                        "ended 1 tables on disk: false",
                        "recorded 3",
                        "save epoch 1 steps on disk 4",
                        "checkpointed 1",
                        "steps 2 from 0",
                        "ended 2 tables on disk: true",
                        "recorded 6",
                        "save epoch 2 steps on disk 7",
                        "checkpointed 2"),
                x.calls);
        List<String> epochs = Files.readAllLines(tmp.resolve(RunFiles.EPOCHS));
        assertEquals("epoch,train_loss,epoch_seconds,own", epochs.get(0));
        // train_loss: the mean of the epoch's step losses, (1.25 + 1.5 + 1.75) / 3 and (2.25 + 2.5 + 2.75) / 3
        assertEquals("1.5", epochs.get(1).split(",")[1]);
        assertEquals("2.5", epochs.get(2).split(",")[1]);
        assertEquals("10", epochs.get(1).split(",")[3]);
        assertEquals("20", epochs.get(2).split(",")[3]);
    }

    @Test
    void aPreemptedEpochSavesItsStepsWithACheckpointOfTheirOwn() {
        Scripted x = new Scripted();
        x.stopAfterStep = 2;
        EpochLoop.Result end = new EpochLoop(x, RunFileWriter.ATOMIC).run(start(), 2);
        assertEquals(EpochLoop.Status.INTERRUPTED, end.status());
        assertEquals(new TrainingPosition(0, 2), end.position());
        assertTrue(end.checkpointWritten());
        assertEquals(
                List.of("steps 1 from 0", "recorded 2", "save epoch 0 and step 2 of epoch 1 steps on disk 3"), x.calls);
        assertFalse(Files.exists(tmp.resolve(RunFiles.EPOCHS)));
    }

    @Test
    void aStopAskedForBetweenEpochsEndsTheLoopAtTheNextEpochsStartWritingNothingMore() throws Exception {
        Scripted x = new Scripted();
        x.stopBeforeEpoch = 2;
        EpochLoop.Result end = new EpochLoop(x, RunFileWriter.ATOMIC).run(start(), 3);
        assertEquals(EpochLoop.Status.INTERRUPTED, end.status());
        assertEquals(new TrainingPosition(1, 0), end.position());
        assertFalse(end.checkpointWritten(), "epoch 1's checkpoint is the one to resume from");
        assertEquals(
                List.of(
                        "asked",
                        "steps 1 from 0",
                        "ended 1 tables on disk: false",
                        "recorded 3",
                        "save epoch 1 steps on disk 4",
                        "checkpointed 1",
                        "asked",
                        "recorded 3"),
                x.calls);
        assertEquals(2, Files.readAllLines(tmp.resolve(RunFiles.EPOCHS)).size(), "header and epoch 1");
        assertEquals(4, lines(RunFiles.STEPS), "header and epoch 1's three steps");
    }

    @Test
    void aRunResumedMidEpochContinuesAfterItsCheckpoint() {
        Scripted x = new Scripted();
        RunFolder.ResumePoint start = start();
        Map<String, Object> before = new LinkedHashMap<>();
        for (String c : RunColumns.STEPS) {
            before.put(c, 0);
        }
        before.put(RunColumns.EPOCH, 2);
        before.put(RunColumns.STEP, 1);
        before.put(RunColumns.STEP_LOSS, 2.25f);
        start.steps().add(before); // the step the interrupted process did
        Checkpoint at = new Checkpoint(Map.of(), null, Map.of(), null, new TrainingPosition(1, 1));
        RunFolder.ResumePoint resume = new RunFolder.ResumePoint(start.epochs(), start.steps(), at);
        EpochLoop.Result end = new EpochLoop(x, RunFileWriter.ATOMIC).run(resume, 2);
        assertEquals(EpochLoop.Status.FINISHED, end.status());
        assertEquals("steps 2 from 1", x.calls.get(0));
        // the mean over all of the epoch's steps, the one done before the interruption included
        assertEquals("2.5", end.epochs().rows().get(0).get(RunColumns.TRAIN_LOSS));
    }

    @Test
    void aNonFiniteLossEndsTheLoopAsFailedKeepingTheLastCheckpoint() {
        Scripted x = new Scripted();
        x.nanAtEpoch = 2;
        EpochLoop.Result end = new EpochLoop(x, RunFileWriter.ATOMIC).run(start(), 3);
        assertEquals(EpochLoop.Status.FAILED, end.status());
        assertEquals(
                "loss became NaN at epoch 2, step 1; the run stopped and kept the checkpoint of the last finished epoch",
                end.failure());
        assertEquals("checkpointed 1", x.calls.get(x.calls.size() - 2));
        assertEquals("steps 2 from 0", x.calls.get(x.calls.size() - 1));
        assertEquals(1, end.epochs().rows().size());
        assertNull(end.position());
    }
}
