package org.rambo.harness.train;

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

/**
 * One file per run holding everything a resumed run needs: every parameter (running
 * batch-norm statistics included), the optimizer's moments and step counts, and the epoch.
 * Written atomically, so a kill leaves the previous epoch's checkpoint intact.
 */
final class Checkpoints {

    private Checkpoints() {}

    static void save(Path file, Model model, StatefulAdam optimizer, int epoch) {
        NDManager manager = model.getNDManager();
        try (NDManager tmp = manager.newSubManager()) {
            NDList list = new NDList();
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                NDArray a = p.getValue().getArray().duplicate();
                a.attach(tmp);
                a.setName("p:" + p.getKey());
                list.add(a);
            }
            list.addAll(optimizer.stateArrays());
            for (Map.Entry<String, Integer> e : optimizer.stepCounts().entrySet()) {
                NDArray t = tmp.create(e.getValue());
                t.setName("t:" + e.getKey());
                list.add(t);
            }
            NDArray meta = tmp.create(epoch);
            meta.setName("meta:epoch");
            list.add(meta);
            AtomicFiles.write(file, list.encode());
        }
    }

    /** SHA-256 over every parameter's values in name order: equal digests mean equal weights. */
    static String parameterDigest(ai.djl.nn.Block block) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            java.util.TreeMap<String, Parameter> sorted = new java.util.TreeMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                sorted.put(p.getKey(), p.getValue());
            }
            for (Map.Entry<String, Parameter> e : sorted.entrySet()) {
                md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(e.getValue().getArray().toByteArray());
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads a checkpoint into the model and optimizer; returns the epoch it was taken after. */
    static int load(Path file, Model model, StatefulAdam optimizer) throws IOException {
        NDManager manager = model.getNDManager();
        Map<String, Parameter> params = new HashMap<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            params.put(p.getKey(), p.getValue());
        }
        try (NDManager tmp = manager.newSubManager()) {
            NDList list;
            try {
                list = NDList.decode(tmp, Files.readAllBytes(file));
            } catch (RuntimeException e) {
                throw new IOException(file + ": unreadable checkpoint (" + e.getMessage() + "); delete it to restart the run", e);
            }
            NDList moments = new NDList();
            Map<String, Integer> steps = new HashMap<>();
            int epoch = -1;
            int loaded = 0;
            for (NDArray a : list) {
                String name = a.getName();
                if (name == null) {
                    throw new IOException(file + ": checkpoint array without a name");
                }
                if (name.startsWith("p:")) {
                    Parameter p = params.get(name.substring(2));
                    if (p == null) {
                        throw new IOException(file + ": parameter " + name.substring(2) + " is not in this model");
                    }
                    // copy in place: the trainer's parameter store keeps its array objects
                    a.copyTo(p.getArray());
                    loaded++;
                } else if (name.startsWith("m:") || name.startsWith("v:")) {
                    moments.add(a);
                } else if (name.startsWith("t:")) {
                    steps.put(name.substring(2), a.getInt());
                } else if (name.equals("meta:epoch")) {
                    epoch = a.getInt();
                }
            }
            if (epoch < 1 || loaded != params.size()) {
                throw new IOException(file + ": incomplete checkpoint (epoch " + epoch + ", " + loaded + " of "
                        + params.size() + " parameters); delete it to restart the run");
            }
            optimizer.restore(moments, steps, manager);
            return epoch;
        }
    }
}
