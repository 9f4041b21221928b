package org.rambo.harness.train;

import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import org.rambo.runfolder.RunColumns;
import org.rambo.runfolder.RunFiles;
import org.rambo.training.Checkpoint;
import org.rambo.training.MetricsTable;
import org.rambo.training.RunFileWriter;
import org.rambo.training.TrainingPosition;

/**
 * fingerprints.csv of a run: after steps 1, 10 and 100 of the run (counted over epochs) and after
 * its last step, the step's loss and a SHA-256 of every weight. Two machines that give the same
 * fingerprints computed bit-identical training; the first row where they differ is where their
 * numbers part. The weights after step n are read just before step n+1 (or at the end of the
 * run), so the numbers trained are untouched.
 */
final class Fingerprints {

    /** The steps fingerprinted besides the last. */
    static final Set<Integer> AT = Set.of(1, 10, 100);

    private record Row(int epoch, int stepInEpoch, String weights) {}

    private final Path file;
    private final TreeMap<Integer, Row> rows = new TreeMap<>();
    private IntUnaryOperator stepsInEpoch;

    Fingerprints(Path folder) {
        this.file = folder.resolve(RunFiles.FINGERPRINTS);
    }

    /**
     * Where the run starts: the fingerprints the folder holds up to {@code at} are kept (a resumed
     * run does not repeat those steps); {@code stepsInEpoch} numbers the steps over epochs.
     */
    void start(IntUnaryOperator stepsInEpoch, TrainingPosition at) {
        // an epoch's length comes from its sampler pass: computed once per epoch, not at every step
        Map<Integer, Integer> lengths = new HashMap<>();
        this.stepsInEpoch = epoch -> lengths.computeIfAbsent(epoch, stepsInEpoch::applyAsInt);
        rows.clear();
        int done = global(at.epochsDone() + 1, at.stepsIntoNextEpoch());
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] c = line.split(",", -1);
                if (c.length == 5 && c[0].matches("[0-9]+") && Integer.parseInt(c[0]) <= done) {
                    rows.put(Integer.parseInt(c[0]), new Row(Integer.parseInt(c[1]), Integer.parseInt(c[2]), c[4]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // a diagnostic, not a result: what is not readable is fingerprinted again where the run still goes
            rows.clear();
        }
    }

    /** The step's number in the run, from 1: the steps of the epochs before it plus its own. */
    int global(int epoch, int step) {
        int n = step;
        for (int e = 1; e < epoch; e++) {
            n += stepsInEpoch.applyAsInt(e);
        }
        return n;
    }

    /** The observer that takes the weights after the steps fingerprinted, then passes every call on. */
    RunObserver observing(RunObserver inner, Block block) {
        return new RunObserver() {
            @Override
            public void initialized(RunConfig config, String parameterDigest) {
                inner.initialized(config, parameterDigest);
            }

            @Override
            public void batch(RunConfig config, int epoch, int step, int[] indices, float[] pixels) {
                int done = global(epoch, step) - 1;
                if (AT.contains(done)) {
                    int e = step > 1 ? epoch : epoch - 1;
                    int s = step > 1 ? step - 1 : stepsInEpoch.applyAsInt(epoch - 1);
                    rows.put(done, new Row(e, s, Checkpoint.parameterDigest(block)));
                }
                inner.batch(config, epoch, step, indices, pixels);
            }

            @Override
            public void epochStarting(RunConfig config, int epoch, Loss loss) {
                inner.epochStarting(config, epoch, loss);
            }

            @Override
            public void checkpointed(RunConfig config, int epoch) {
                inner.checkpointed(config, epoch);
            }
        };
    }

    /** The weights after the run's last step (its last epoch's end). */
    void last(int epoch, Block block) {
        int s = stepsInEpoch.applyAsInt(epoch);
        rows.put(global(epoch, s), new Row(epoch, s, Checkpoint.parameterDigest(block)));
    }

    /** Writes the file (atomically), each row with its step's loss from steps.csv as the table holds it. */
    void write(RunFileWriter writer, MetricsTable steps) {
        Map<String, String> losses = new TreeMap<>();
        for (Map<String, String> r : steps.rows()) {
            losses.put(
                    (int) Double.parseDouble(r.get(RunColumns.EPOCH)) + "/"
                            + (int) Double.parseDouble(r.get(RunColumns.STEP)),
                    r.get(RunColumns.STEP_LOSS));
        }
        writer.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(String.join(",", RunColumns.FINGERPRINTS) + "\n");
            for (Map.Entry<Integer, Row> e : rows.entrySet()) {
                Row r = e.getValue();
                String loss = losses.getOrDefault(r.epoch() + "/" + r.stepInEpoch(), "");
                w.write(String.join(
                                ",",
                                List.of(
                                        String.valueOf(e.getKey()),
                                        String.valueOf(r.epoch()),
                                        String.valueOf(r.stepInEpoch()),
                                        loss,
                                        r.weights()))
                        + "\n");
            }
            w.flush();
        });
    }
}
