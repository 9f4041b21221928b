package org.rambo.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.RunFolderException;

/**
 * checkpoint.ndlist: everything a resumed run needs, in one file written atomically. Arrays are
 * named by what they hold: {@code p:<parameter>} (running batch-norm statistics included),
 * {@code m:/v:<parameter>} the optimizer's moments, {@code t:<parameter>} its step counts,
 * {@code meta:epoch} / {@code meta:step} the {@link TrainingPosition}, and entries an experiment
 * adds under its own prefixes (retrieval's {@code loss:...}: RaMBO's memory and noise stream).
 *
 * @param parameters the model's parameter values by name
 * @param moments    the optimizer's moment arrays
 * @param stepCounts the optimizer's step count per parameter
 * @param extra      the experiment's own arrays
 * @param position   where training stood when it was written
 */
public record Checkpoint(
        Map<String, NDArray> parameters,
        NDList moments,
        Map<String, Integer> stepCounts,
        NDList extra,
        TrainingPosition position) {

    private static final String PARAMETER = "p:";
    private static final String STEPS = "t:";
    private static final String EPOCH = "meta:epoch";
    private static final String STEP = "meta:step";
    private static final String RETRAIN = "delete the run folder to retrain the run";

    /**
     * Writes the state of a run at a position; {@code extra} gives the experiment's own arrays,
     * created in the manager it is passed (closed after the write).
     */
    public static void write(
            RunFileWriter writer,
            Path file,
            Block block,
            StatefulAdam optimizer,
            Function<NDManager, NDList> extra,
            TrainingPosition position,
            NDManager manager) {
        try (NDManager tmp = manager.newSubManager()) {
            NDList list = new NDList();
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray a = p.getValue().getArray().duplicate();
                a.attach(tmp);
                a.setName(PARAMETER + p.getKey());
                list.add(a);
            }
            list.addAll(optimizer.stateArrays());
            for (Map.Entry<String, Integer> e : optimizer.stepCounts().entrySet()) {
                list.add(named(tmp.create(e.getValue()), STEPS + e.getKey()));
            }
            list.addAll(extra.apply(tmp));
            list.add(named(tmp.create(position.epochsDone()), EPOCH));
            list.add(named(tmp.create(position.stepsIntoNextEpoch()), STEP));
            byte[] bytes = list.encode();
            writer.write(file, out -> out.write(bytes));
        }
    }

    private static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }

    /**
     * Reads and checks a checkpoint: it decodes, every array is named (an experiment's own arrays
     * by one of {@code extraPrefixes}), and the position is there. A garbage or truncated file
     * fails with the file named and what to do.
     */
    public static Checkpoint read(Path file, NDManager manager, List<String> extraPrefixes) throws RunFolderException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RunFolderException(file, "cannot read: " + AtomicWriter.describe(e), e);
        }
        NDList list;
        try {
            list = NDList.decode(manager, bytes);
        } catch (RuntimeException e) {
            throw new RunFolderException(
                    file,
                    "not a readable checkpoint (" + bytes.length + " bytes, damaged or cut short); " + RETRAIN,
                    e);
        }
        Map<String, NDArray> parameters = new HashMap<>();
        NDList moments = new NDList();
        Map<String, Integer> steps = new HashMap<>();
        NDList extra = new NDList();
        int epoch = -1;
        int step = 0;
        for (NDArray a : list) {
            String name = a.getName();
            if (name == null) {
                throw new RunFolderException(file, "an array without a name; " + RETRAIN);
            } else if (name.startsWith(PARAMETER)) {
                parameters.put(name.substring(PARAMETER.length()), a);
            } else if (StatefulAdam.isMoment(name)) {
                moments.add(a);
            } else if (name.startsWith(STEPS)) {
                steps.put(name.substring(STEPS.length()), a.getInt());
            } else if (extraPrefixes.stream().anyMatch(name::startsWith)) {
                extra.add(a);
            } else if (name.equals(EPOCH)) {
                epoch = a.getInt();
            } else if (name.equals(STEP)) {
                step = a.getInt();
            } else {
                throw new RunFolderException(file, "unknown array " + name + "; " + RETRAIN);
            }
        }
        if (epoch < 0 || step < 0 || epoch == 0 && step == 0) {
            throw new RunFolderException(
                    file, "no training position (epoch " + epoch + ", step " + step + "); " + RETRAIN);
        }
        return new Checkpoint(parameters, moments, steps, extra, new TrainingPosition(epoch, step));
    }

    /**
     * Puts the weights and the optimizer's state back: every parameter of the block from the
     * checkpoint, copied in place (the trainer's parameter store keeps its array objects), with
     * the shapes and the set of names checked. The experiment's own arrays are its to restore.
     */
    public void restore(Block block, StatefulAdam optimizer, NDManager owner, Path file) throws RunFolderException {
        int loaded = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray saved = parameters.get(p.getKey());
            if (saved == null) {
                continue;
            }
            if (!saved.getShape().equals(p.getValue().getArray().getShape())) {
                throw new RunFolderException(
                        file,
                        "parameter " + p.getKey() + " has shape " + saved.getShape()
                                + ", the model's is " + p.getValue().getArray().getShape()
                                + "; delete the run folder to retrain");
            }
            saved.copyTo(p.getValue().getArray());
            loaded++;
        }
        if (loaded != parameters.size() || loaded != block.getParameters().size()) {
            throw new RunFolderException(
                    file,
                    "holds " + parameters.size() + " parameters, " + loaded + " of the model's "
                            + block.getParameters().size()
                            + " among them; delete the run folder to retrain");
        }
        try {
            optimizer.restore(moments, stepCounts, owner);
        } catch (IllegalArgumentException e) {
            throw new RunFolderException(file, e.getMessage() + "; delete the run folder to retrain", e);
        }
    }

    /** SHA-256 over every parameter's values in name order: equal digests mean equal weights. */
    public static String parameterDigest(Block block) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            TreeMap<String, Parameter> sorted = new TreeMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                sorted.put(p.getKey(), p.getValue());
            }
            for (Map.Entry<String, Parameter> e : sorted.entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update(e.getValue().getArray().toByteArray());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
