package org.rambo.training;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.CanonicalJson;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.Provenance;
import org.rambo.runfolder.RunColumns;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunFolderLock;
import org.rambo.runfolder.RunStatus;

/**
 * One run folder, held under its lock (docs/run-folders.md): what state it is in, its config and
 * provenance, and the tables and checkpoint a resumed run continues from, read together and
 * checked against each other. Only one process holds a folder at a time, so what is read here
 * cannot change underneath.
 */
public final class RunFolder implements AutoCloseable {

    private static final String RETRAIN = "delete the run folder to retrain the run";

    /** The tables and checkpoint of a run, consistent with each other; no checkpoint at the start. */
    public record ResumePoint(MetricsTable epochs, MetricsTable steps, Checkpoint checkpoint) {
        public TrainingPosition position() {
            return checkpoint == null ? TrainingPosition.START : checkpoint.position();
        }
    }

    private final Path path;
    private final RunFolderLock lock;

    private RunFolder(Path path, RunFolderLock lock) {
        this.path = path;
        this.lock = lock;
    }

    /** The folder under its lock, or empty when another process holds it. Creates the folder. */
    public static Optional<RunFolder> tryLock(Path path) {
        return RunFolderLock.tryAcquire(path).map(l -> new RunFolder(path, l));
    }

    public Path path() {
        return path;
    }

    public Path file(String name) {
        return path.resolve(name);
    }

    /** Finished or failed as final.json says (checked), unfinished without one. */
    public RunStatus status() throws RunFolderException {
        return Files.exists(file(RunFiles.FINAL)) ? FinalRecord.read(path).status() : RunStatus.UNFINISHED;
    }

    public FinalRecord finalRecord() throws RunFolderException {
        return FinalRecord.read(path);
    }

    /** A failed run about to be retried: its record moves to final.failed.json (replacing an older one). */
    public void setFailedRecordAside() {
        try {
            Files.move(
                    file(RunFiles.FINAL),
                    file(RunFiles.FAILED_FINAL),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot move " + file(RunFiles.FINAL) + " aside: " + AtomicWriter.describe(e), e);
        }
    }

    /** Temp files of writes a killed process left behind. */
    public List<Path> removeStaleTemps() {
        return AtomicWriter.removeStaleTemps(path);
    }

    /** Writes config.json (the run's canonical config), or checks that the one there is this run's. */
    public void claim(String canonical) throws RunFolderException {
        Path file = file(RunFiles.CONFIG);
        if (Files.exists(file)) {
            String there;
            try {
                there = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + AtomicWriter.describe(e), e);
            }
            if (!isJsonObject(there)) {
                // a cut or overwritten file, not another run's config: the folder cannot be trusted
                throw new RunFolderException(file, "is damaged (not a JSON object); " + RETRAIN);
            }
            if (!there.equals(canonical)) {
                throw new RunFolderException(
                        file,
                        "holds a different config than this run's; "
                                + "remove the folder or use another runs directory");
            }
        } else {
            AtomicWriter.writeString(file, canonical);
        }
    }

    private static boolean isJsonObject(String text) {
        try {
            return CanonicalJson.MAPPER.readTree(text) instanceof ObjectNode;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** provenance.json records the process that started the run; a resumed run keeps it. */
    public void recordProvenance(Supplier<Provenance> provenance) {
        if (!Files.exists(file(RunFiles.PROVENANCE))) {
            provenance.get().writeTo(path);
        }
    }

    /**
     * The checkpoint and the tables, reconciled: rows past the checkpoint (written before a kill
     * could write the checkpoint, or cut mid-row) are dropped; rows up to it must all be there and
     * valid, or the run cannot resume exactly and the file is named with what to do. Without a
     * checkpoint the run starts over with empty tables. {@code stepsInEpoch} gives the number of
     * steps of an epoch (from 1): every epoch the checkpoint has done must have all of its steps.
     * {@code checkpointExtras} are the prefixes of the experiment's own checkpoint arrays.
     */
    public ResumePoint readResumePoint(NDManager manager, IntUnaryOperator stepsInEpoch, List<String> checkpointExtras)
            throws RunFolderException {
        Path checkpointFile = file(RunFiles.CHECKPOINT);
        Checkpoint checkpoint =
                Files.exists(checkpointFile) ? Checkpoint.read(checkpointFile, manager, checkpointExtras) : null;
        TrainingPosition at = checkpoint == null ? TrainingPosition.START : checkpoint.position();
        MetricsTable epochs = MetricsTable.read(file(RunFiles.EPOCHS), RunColumns.EPOCH_LEADING);
        MetricsTable steps = MetricsTable.read(file(RunFiles.STEPS), RunColumns.STEPS);
        String epochsDamage = epochs.damage();
        String stepsDamage = steps.damage();
        epochs.retain(r -> epochOf(r) <= at.epochsDone());
        steps.retain(r -> at.covers(epochOf(r), stepOf(r)));
        checkEpochs(epochs, at, epochsDamage);
        checkSteps(steps, at, stepsInEpoch, stepsDamage);
        return new ResumePoint(epochs, steps, checkpoint);
    }

    private static void checkEpochs(MetricsTable epochs, TrainingPosition at, String damage) throws RunFolderException {
        List<Map<String, String>> rows = epochs.rows();
        for (int i = 0; i < rows.size(); i++) {
            if (epochOf(rows.get(i)) != i + 1) {
                throw new RunFolderException(
                        epochs.file(),
                        "row " + (i + 1) + " is epoch " + epochOf(rows.get(i)) + ", not " + (i + 1) + "; " + RETRAIN);
            }
        }
        if (rows.size() != at.epochsDone()) {
            throw behind(epochs, rows.size() == 0 ? "no epoch" : "epochs up to " + rows.size(), at, damage);
        }
    }

    private static void checkSteps(
            MetricsTable steps, TrainingPosition at, IntUnaryOperator stepsInEpoch, String damage)
            throws RunFolderException {
        int epoch = 1;
        int step = 0;
        for (Map<String, String> r : steps.rows()) {
            int e = epochOf(r);
            int s = stepOf(r);
            boolean next =
                    e == epoch && s == step + 1 || e == epoch + 1 && s == 1 && step == stepsInEpoch.applyAsInt(epoch);
            if (!next) {
                throw new RunFolderException(
                        steps.file(),
                        "step " + s + " of epoch " + e + " follows step " + step + " of epoch " + epoch + "; "
                                + RETRAIN);
            }
            epoch = e;
            step = s;
        }
        boolean complete = at.stepsIntoNextEpoch() > 0
                ? epoch == at.epochsDone() + 1 && step == at.stepsIntoNextEpoch()
                : at.epochsDone() == 0
                        ? steps.rows().isEmpty()
                        : epoch == at.epochsDone() && step == stepsInEpoch.applyAsInt(epoch);
        if (!complete) {
            throw behind(
                    steps,
                    steps.rows().isEmpty() ? "no step" : "steps up to step " + step + " of epoch " + epoch,
                    at,
                    damage);
        }
    }

    private static RunFolderException behind(MetricsTable table, String holds, TrainingPosition at, String damage) {
        return new RunFolderException(
                table.file(),
                "holds " + holds + " but the checkpoint is after " + at + (damage == null ? "" : " (" + damage + ")")
                        + ", so the run cannot resume exactly; " + RETRAIN);
    }

    private static int epochOf(Map<String, String> row) {
        return (int) Double.parseDouble(row.get(RunColumns.EPOCH));
    }

    private static int stepOf(Map<String, String> row) {
        return (int) Double.parseDouble(row.get(RunColumns.STEP));
    }

    @Override
    public void close() {
        lock.close();
    }
}
