package org.rambo.harness.train;

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
import java.util.Map;
import java.util.TreeMap;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.RunFolderException;

/**
 * checkpoint.ndlist: everything a resumed run needs, in one file written atomically. Arrays are
 * named by what they hold: {@code p:<parameter>} (running batch-norm statistics included),
 * {@code m:/v:<parameter>} the optimizer's moments, {@code t:<parameter>} its step counts,
 * {@code loss:...} the loss's state (RaMBO's memory and noise stream), and {@code meta:epoch} /
 * {@code meta:step} the {@link TrainingPosition}.
 *
 * @param parameters the model's parameter values by name
 * @param moments    the optimizer's moment arrays
 * @param stepCounts the optimizer's step count per parameter
 * @param lossState  the loss's arrays
 * @param position   where training stood when it was written
 */
record Checkpoint(
        Map<String, NDArray> parameters,
        NDList moments,
        Map<String, Integer> stepCounts,
        NDList lossState,
        TrainingPosition position) {

    private static final String EPOCH = "meta:epoch";
    private static final String STEP = "meta:step";

    /** Writes the state of a run at a position. */
    static void write(
            RunFileWriter writer,
            Path file,
            Block block,
            StatefulAdam optimizer,
            RunLoss loss,
            TrainingPosition position,
            NDManager manager) {
        try (NDManager tmp = manager.newSubManager()) {
            NDList list = new NDList();
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray a = p.getValue().getArray().duplicate();
                a.attach(tmp);
                a.setName("p:" + p.getKey());
                list.add(a);
            }
            list.addAll(optimizer.stateArrays());
            for (Map.Entry<String, Integer> e : optimizer.stepCounts().entrySet()) {
                list.add(named(tmp.create(e.getValue()), "t:" + e.getKey()));
            }
            list.addAll(loss.state(tmp));
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
     * Reads and checks a checkpoint: it decodes, every array is named, and the position is there.
     * A garbage or truncated file fails with the file named and what to do.
     */
    static Checkpoint read(Path file, NDManager manager) throws RunFolderException {
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
                    "not a readable checkpoint (" + bytes.length
                            + " bytes, damaged or cut short); delete the run folder to retrain the run",
                    e);
        }
        Map<String, NDArray> parameters = new HashMap<>();
        NDList moments = new NDList();
        Map<String, Integer> steps = new HashMap<>();
        NDList lossState = new NDList();
        int epoch = -1;
        int step = 0;
        for (NDArray a : list) {
            String name = a.getName();
            if (name == null) {
                throw new RunFolderException(file, "an array without a name; delete the run folder to retrain the run");
            } else if (name.startsWith("p:")) {
                parameters.put(name.substring(2), a);
            } else if (name.startsWith("m:") || name.startsWith("v:")) {
                moments.add(a);
            } else if (name.startsWith("t:")) {
                steps.put(name.substring(2), a.getInt());
            } else if (name.startsWith("loss:")) {
                lossState.add(a);
            } else if (name.equals(EPOCH)) {
                epoch = a.getInt();
            } else if (name.equals(STEP)) {
                step = a.getInt();
            } else {
                throw new RunFolderException(
                        file, "unknown array " + name + "; delete the run folder to retrain the run");
            }
        }
        if (epoch < 0 || step < 0 || epoch == 0 && step == 0) {
            throw new RunFolderException(
                    file,
                    "no training position (epoch " + epoch + ", step " + step
                            + "); delete the run folder to retrain the run");
        }
        return new Checkpoint(parameters, moments, steps, lossState, new TrainingPosition(epoch, step));
    }

    /** SHA-256 over every parameter's values in name order: equal digests mean equal weights. */
    static String parameterDigest(Block block) {
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
