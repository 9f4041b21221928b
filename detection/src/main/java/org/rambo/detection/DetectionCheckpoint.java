package org.rambo.detection;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.RunFolderException;

/**
 * checkpoint.ndlist of a detection run, written after every epoch: every parameter (BatchNorm's
 * running statistics included), Adam's moments and step counts, and the epoch. The random
 * streams need no state here: batch order and margin noise are derived from (seed, epoch)
 * ({@link DetectionSeeds}) and the loss's score memory starts empty every epoch.
 */
final class DetectionCheckpoint {

    private static final String PARAMETER = "p:";
    private static final String STEPS = "t:";
    private static final String EPOCH = "meta:epoch";

    private DetectionCheckpoint() {}

    static void save(Path file, Model model, DetectorAdam optimizer, int epoch) {
        try (NDManager tmp = model.getNDManager().newSubManager()) {
            NDList list = new NDList();
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                NDArray a = p.getValue().getArray().duplicate();
                a.attach(tmp);
                a.setName(PARAMETER + p.getKey());
                list.add(a);
            }
            list.addAll(optimizer.moments());
            for (Map.Entry<String, Integer> e : optimizer.stepCounts().entrySet()) {
                NDArray t = tmp.create(e.getValue());
                t.setName(STEPS + e.getKey());
                list.add(t);
            }
            NDArray done = tmp.create(epoch);
            done.setName(EPOCH);
            list.add(done);
            AtomicWriter.write(file, list.encode());
        }
    }

    /** Loads a checkpoint into the model and optimizer; returns the epoch it was taken after. */
    static int load(Path file, Model model, DetectorAdam optimizer) throws RunFolderException {
        Map<String, Parameter> params = new HashMap<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            params.put(p.getKey(), p.getValue());
        }
        try (NDManager tmp = model.getNDManager().newSubManager()) {
            NDList list = decode(file, tmp);
            NDList moments = new NDList();
            Map<String, Integer> steps = new HashMap<>();
            int epoch = -1;
            int loaded = 0;
            for (NDArray a : list) {
                String name = a.getName() == null ? "" : a.getName();
                if (name.startsWith(PARAMETER)) {
                    copyInto(file, params.get(name.substring(PARAMETER.length())), a);
                    loaded++;
                } else if (DetectorAdam.isMoment(name)) {
                    moments.add(a);
                } else if (name.startsWith(STEPS)) {
                    steps.put(name.substring(STEPS.length()), a.getInt());
                } else if (name.equals(EPOCH)) {
                    epoch = a.getInt();
                } else {
                    throw new RunFolderException(file, "unknown array '" + name + "'; delete it to restart the run");
                }
            }
            if (epoch < 1 || loaded != params.size()) {
                throw new RunFolderException(
                        file,
                        "incomplete checkpoint (epoch " + epoch + ", " + loaded + " of " + params.size()
                                + " parameters); delete it to restart the run");
            }
            optimizer.restore(moments, steps, model.getNDManager());
            return epoch;
        }
    }

    private static NDList decode(Path file, NDManager manager) throws RunFolderException {
        try {
            return NDList.decode(manager, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new RunFolderException(file, AtomicWriter.describe(e), e);
        } catch (RuntimeException e) {
            throw new RunFolderException(
                    file, "unreadable checkpoint (" + e.getMessage() + "); delete it to restart the run", e);
        }
    }

    /** In place: the trainer's parameter store keeps its array objects. */
    private static void copyInto(Path file, Parameter target, NDArray value) throws RunFolderException {
        if (target == null) {
            throw new RunFolderException(
                    file,
                    "parameter " + value.getName() + " is not in this model; "
                            + "delete the checkpoint to restart the run");
        }
        value.copyTo(target.getArray());
    }
}
