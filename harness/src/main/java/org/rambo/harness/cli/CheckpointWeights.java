package org.rambo.harness.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.rambo.runfolder.RunFolderException;

/**
 * The weights in a run's checkpoint.ndlist: every array named {@code p:<parameter>} (the
 * optimizer state and epoch beside them are for resuming, not for embedding).
 */
final class CheckpointWeights {

    private CheckpointWeights() {}

    /** Copies the checkpoint's parameters ("p:" arrays) into the block; every parameter must be there. */
    static void load(Path file, Block block, NDManager manager) throws RunFolderException, IOException {
        Map<String, Parameter> params = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            params.put(p.getKey(), p.getValue());
        }
        Set<String> loaded = new HashSet<>();
        try (NDManager tmp = manager.newSubManager()) {
            NDList list;
            try {
                list = NDList.decode(tmp, Files.readAllBytes(file));
            } catch (RuntimeException e) {
                throw new RunFolderException(file, "unreadable checkpoint (" + e.getMessage() + ")", e);
            }
            for (NDArray a : list) {
                String name = a.getName();
                if (name == null || !name.startsWith("p:")) {
                    continue;
                }
                Parameter p = params.get(name.substring(2));
                if (p == null) {
                    throw new RunFolderException(
                            file, "parameter " + name.substring(2) + " is not in the model" + " config.json describes");
                }
                NDArray target = p.getArray();
                if (!target.getShape().equals(a.getShape())) {
                    throw new RunFolderException(
                            file,
                            "parameter " + name.substring(2) + " has shape " + a.getShape()
                                    + ", the model config.json describes " + target.getShape());
                }
                // the same bits as copyTo (0 * w + a == a for finite w), without the deprecation warning
                // PyTorch prints straight to the terminal for a copy into a parameter
                target.muli(0).addi(a);
                loaded.add(name.substring(2));
            }
        }
        if (loaded.size() != params.size()) {
            throw new RunFolderException(
                    file, "holds " + loaded.size() + " of the model's " + params.size() + " parameters");
        }
    }
}
