package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.harness.config.GridLoader;
import org.rambo.harness.train.GridRunner;

/** `rambo-bench run GRID --set KEY=VALUE`: the resolved config is what runs, is hashed and is written. */
class RunSetOptionTest {

    @TempDir
    Path tmp;

    private Path grid() throws Exception {
        Path data = CliFixtures.fashion(tmp.resolve("fm"), 4, 2, 0.0, 3);
        Path grid = tmp.resolve("tiny.yaml");
        Files.writeString(grid, """
                name: tiny
                dataset: {name: fashion-mnist, root: "%s", verify_checksums: false}
                protocol:
                  backbone: small-cnn
                  embedding_dim: 4
                  image: {resize: 28, crop: 28, channels: 1}
                  sampler: {classes_per_batch: 2, samples_per_class: 2}
                  optimizer: {name: adam, learning_rate: 0.001}
                  epochs: 3
                  steps_per_epoch: 1
                  eval: {ks: [1]}
                  threads: 1
                seeds: [0]
                methods:
                  - {id: contrastive, loss: "contrastive:pos=0,neg=0.5"}
                """.formatted(data.toString().replace("\\", "/")));
        return grid;
    }

    @Test
    void setEpochsRunsOneEpochAndNamesTheFolderByTheResolvedConfig() throws Exception {
        Path grid = grid();
        Path runs = tmp.resolve("runs");
        CliRun r = CliRun.of(
                "run", grid.toString(), "--runs-dir", runs.toString(), "--no-progress", "--set", "protocol.epochs=1");
        assertEquals(0, r.code(), r.err());
        List<Path> folders;
        try (Stream<Path> s = Files.list(runs.resolve("tiny"))) {
            folders = s.toList();
        }
        assertEquals(1, folders.size(), folders.toString());
        Path folder = folders.get(0);
        List<String> epochs = Files.readAllLines(folder.resolve("epochs.csv"));
        assertEquals(2, epochs.size(), epochs.toString()); // the header and epoch 1
        assertEquals("1", epochs.get(1).split(",")[0]);
        byte[] config = Files.readAllBytes(folder.resolve("config.json"));
        JsonNode json = new ObjectMapper().readTree(config);
        assertEquals(1, json.get("protocol").get("epochs").asInt());
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(config))
                .substring(0, 12);
        assertEquals("contrastive-s0-" + hash, folder.getFileName().toString());
        String withoutSet = GridRunner.runConfigs(GridLoader.load(grid)).get(0).folderName();
        assertNotEquals(withoutSet, folder.getFileName().toString());
        assertEquals(
                3,
                new ObjectMapper()
                        .readTree(GridRunner.runConfigs(GridLoader.load(grid))
                                .get(0)
                                .canonicalJson()
                                .getBytes(StandardCharsets.UTF_8))
                        .get("protocol")
                        .get("epochs")
                        .asInt());
    }

    @Test
    void aBadValueIsOneLine() throws Exception {
        CliRun r = CliRun.of(
                "run", grid().toString(), "--runs-dir", tmp.resolve("runs").toString(), "--set", "protocol.epochs=ten");
        assertEquals(1, r.code(), r.err());
        assertEquals(
                "rambo-bench run: --set protocol.epochs=ten: key 'protocol.epochs': Cannot deserialize value of"
                        + " type `java.lang.Integer` from String \"ten\": not a valid `java.lang.Integer` value"
                        + System.lineSeparator(),
                r.err());
        CliRun zero = CliRun.of("run", grid().toString(), "--set", "protocol.epochs=0");
        assertEquals(1, zero.code(), zero.err());
        assertEquals(
                "rambo-bench run: --set protocol.epochs=0: key 'protocol.epochs' must be > 0" + System.lineSeparator(),
                zero.err());
    }

    @Test
    void anUnknownKeyListsTheValidOnes() throws Exception {
        CliRun r = CliRun.of("run", grid().toString(), "--set", "protocol.epoch=1");
        assertEquals(1, r.code(), r.err());
        assertEquals(
                "rambo-bench run: --set protocol.epoch=1: unknown key 'protocol.epoch'; valid keys here: backbone,"
                        + " device, embedding_dim, epochs, eval, eval_every, image, optimizer, pretrained, sampler, schedule,"
                        + " steps_per_epoch, threads" + System.lineSeparator(),
                r.err());
    }
}
