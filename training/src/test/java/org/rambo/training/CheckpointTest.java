package org.rambo.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.runfolder.RunFolderException;

/** checkpoint.ndlist: one format for every experiment, its own arrays under its own prefixes. */
class CheckpointTest {

    @TempDir
    Path tmp;

    private static Block linear(NDManager manager) {
        Block block = Linear.builder().setUnits(2).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        return block;
    }

    private static Map<String, String> namesById(Block block) {
        Map<String, String> names = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            names.put(p.getValue().getId(), p.getKey());
        }
        return names;
    }

    @Test
    void weightsOptimizerPositionAndExtrasComeBack() throws Exception {
        Path file = tmp.resolve("checkpoint.ndlist");
        try (NDManager manager = NDManager.newBaseManager()) {
            Block saved = linear(manager);
            StatefulAdam adam = StatefulAdam.fusedAdam(0.1f, namesById(saved));
            for (Pair<String, Parameter> p : saved.getParameters()) {
                NDArray w = p.getValue().getArray();
                adam.update(p.getValue().getId(), w, w.onesLike());
            }
            Checkpoint.write(
                    RunFileWriter.ATOMIC,
                    file,
                    saved,
                    adam,
                    arrays -> new NDList(named(arrays.create(new float[] {4f, 2f}), "loss:memory")),
                    new TrainingPosition(3, 5),
                    manager);

            Checkpoint read = Checkpoint.read(file, manager, List.of("loss:"));
            assertEquals(new TrainingPosition(3, 5), read.position());
            assertEquals(Map.of("weight", 1, "bias", 1), read.stepCounts());
            assertEquals(4, read.moments().size());
            assertEquals(1, read.extra().size());
            assertArrayEquals(new float[] {4f, 2f}, read.extra().head().toFloatArray());

            Block restored = linear(manager);
            StatefulAdam again = StatefulAdam.fusedAdam(0.1f, namesById(restored));
            read.restore(restored, again, manager, file);
            for (String name : List.of("weight", "bias")) {
                assertArrayEquals(
                        parameter(saved, name).toFloatArray(),
                        parameter(restored, name).toFloatArray(),
                        name);
            }
            assertEquals(adam.stepCounts(), again.stepCounts());
        }
    }

    @Test
    void anArrayOfNoKnownPrefixIsRefusedNamingTheFile() throws Exception {
        Path file = tmp.resolve("checkpoint.ndlist");
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = linear(manager);
            Checkpoint.write(
                    RunFileWriter.ATOMIC,
                    file,
                    block,
                    StatefulAdam.fusedAdam(0.1f, namesById(block)),
                    arrays -> new NDList(named(arrays.create(1f), "loss:noise")),
                    new TrainingPosition(1, 0),
                    manager);
            RunFolderException e =
                    assertThrows(RunFolderException.class, () -> Checkpoint.read(file, manager, List.of()));
            assertEquals(file + ": unknown array loss:noise; delete the run folder to retrain the run", e.getMessage());
        }
    }

    @Test
    void aCutFileIsRefusedNamingTheFile() throws Exception {
        Path file = tmp.resolve("checkpoint.ndlist");
        Files.write(file, new byte[] {1, 2, 3});
        try (NDManager manager = NDManager.newBaseManager()) {
            RunFolderException e =
                    assertThrows(RunFolderException.class, () -> Checkpoint.read(file, manager, List.of()));
            assertEquals(
                    file + ": not a readable checkpoint (3 bytes, damaged or cut short); "
                            + "delete the run folder to retrain the run",
                    e.getMessage());
        }
    }

    private static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }

    private static NDArray parameter(Block block, String name) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getKey().equals(name)) {
                return p.getValue().getArray();
            }
        }
        throw new AssertionError("no parameter " + name);
    }
}
