package org.rambo.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The grid files in configs/ load; bad configs fail naming the file, line and key. */
class GridLoaderTest {

    static final Path CONFIGS = Path.of("..", "configs");

    @ParameterizedTest
    @ValueSource(strings = {"default.yaml", "ci.yaml", "paper/cub.yaml", "paper/sop.yaml", "paper/inshop.yaml"})
    void repositoryGridsLoad(String file) {
        GridSpec g = GridLoader.load(CONFIGS.resolve(file));
        assertTrue(g.methods().size() >= 2);
    }

    @Test
    void defaultGridHasTheSevenMethodsAndThreeSeeds() {
        GridSpec g = GridLoader.load(CONFIGS.resolve("default.yaml"));
        assertEquals(
                List.of(
                        "rambo-recall-log",
                        "rambo-recall-loglog",
                        "rambo-ap",
                        "contrastive",
                        "triplet",
                        "margin",
                        "smooth-ap"),
                g.methods().stream().map(MethodSpec::id).toList());
        assertEquals(List.of(0L, 1L, 2L), g.seeds());
        assertEquals("fashion-mnist", g.dataset().name());
        assertEquals(80, g.protocol().sampler().batchSize());
        assertEquals(List.of(1, 2, 4, 8), g.protocol().eval().ks());
        assertEquals(10.0, g.protocol().optimizer().embeddingLrMultiplier());
    }

    private static String grid(String protocolExtra, String datasetExtra) {
        return """
                name: t
                dataset: {name: fashion-mnist, root: data%s}
                protocol:
                  backbone: small-cnn
                  embedding_dim: 8
                  image: {resize: 28, crop: 28}
                  sampler: {classes_per_batch: 2, samples_per_class: 2}
                  optimizer: {name: adam, learning_rate: 0.001}
                  epochs: 1
                  eval: {ks: [1]}
                %s
                seeds: [1]
                methods:
                  - {id: a, loss: "contrastive"}
                """.formatted(datasetExtra, protocolExtra);
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> GridLoader.parse(yaml, true, "g.yaml"))
                .getMessage();
    }

    @Test
    void minimalGridGetsDefaults() {
        GridSpec g = GridLoader.parse(grid("", ""), true, "g.yaml");
        assertEquals(1, g.protocol().evalEvery());
        assertEquals("cpu", g.protocol().device());
        assertEquals("constant", g.protocol().schedule().type());
        assertEquals(2, g.protocol().threads());
        assertTrue(g.dataset().verifyChecksums());
    }

    private static final String PROTOCOL_KEYS = "backbone, device, embedding_dim, epochs, eval, eval_every, image,"
            + " optimizer, pretrained, sampler, schedule, steps_per_epoch, threads";

    @Test
    void unknownKeyIsNamedWithItsLineAndTheValidKeys() {
        assertEquals(
                "g.yaml:11: unknown key 'protocol.learning_rate'; valid keys here: " + PROTOCOL_KEYS,
                error(grid("  learning_rate: 0.1", "")));
        assertEquals(
                "g.yaml:2: unknown key 'dataset.max_trian'; valid keys here: fold, max_eval, max_train, name,"
                        + " root, verify_checksums",
                error(grid("", ", max_trian: 5")));
        assertEquals(
                "g.yaml:14: unknown key 'methods[0].los'; valid keys here: id, loss",
                error(grid("", "").replace("loss: \"contrastive\"", "los: \"contrastive\"")));
    }

    @Test
    void aTypoIsNamedEvenWhereTheRequiredKeyIsThenMissing() {
        assertEquals(
                "g.yaml:9: unknown key 'protocol.epoch'; valid keys here: " + PROTOCOL_KEYS,
                error(grid("", "").replace("epochs: 1", "epoch: 1")));
    }

    @Test
    void aKeyGivenTwiceNamesBothLines() {
        assertEquals(
                "g.yaml:11: key 'protocol.epochs' is given twice (first at g.yaml:9)", error(grid("  epochs: 3", "")));
        assertEquals("g.yaml:11: key 'name' is given twice (first at g.yaml:1)", error(grid("name: u", "")));
    }

    @Test
    void wrongTypeIsNamedAtItsLine() {
        String m = error(grid("", "").replace("epochs: 1", "epochs: ten"));
        assertTrue(
                m.startsWith("g.yaml:9: key 'protocol.epochs': Cannot deserialize value of type"
                        + " `java.lang.Integer` from String \"ten\""),
                m);
    }

    @Test
    void invalidValuesNameTheirKeyAtItsLine() {
        assertEquals(
                "g.yaml:4: key 'protocol.backbone' must be one of [small-cnn, resnet18, resnet50]",
                error(grid("", "").replace("backbone: small-cnn", "backbone: vgg")));
        assertEquals(
                "g.yaml:6: key 'protocol.image.crop' must be > 0 and <= resize",
                error(grid("", "").replace("crop: 28", "crop: 30")));
        assertEquals(
                "g.yaml:2: key 'dataset.name' must be one of [fashion-mnist, cub, sop, inshop, imagefolder]",
                error(grid("", "").replace("name: fashion-mnist", "name: mnist")));
        assertEquals(
                "g.yaml:13: key 'methods' method ids must be unique",
                error(grid("", "")
                        .replace(
                                "{id: a, loss: \"contrastive\"}",
                                "{id: a, loss: contrastive}\n  - {id: a, loss: triplet}")));
        assertEquals(
                "g.yaml:9: key 'protocol.epochs' must be > 0",
                error(grid("", "").replace("epochs: 1", "epochs: 0")));
        assertEquals(
                "g.yaml:14: key 'methods[0].id' must be lower-case letters, digits, '.', '_' or '-', got A",
                error(grid("", "").replace("id: a", "id: A")));
    }

    @Test
    void aMissingKeyPointsAtItsBlock() {
        assertEquals(
                "g.yaml:3: key 'protocol.epochs' must be > 0",
                error(grid("", "").replace("  epochs: 1\n", "")));
    }

    @Test
    void aBadLossSpecIsNamedAtItsLine() {
        String m = error(grid("", "").replace("loss: \"contrastive\"", "loss: \"contrastiv\""));
        assertTrue(m.startsWith("g.yaml:14: key 'methods[0].loss' (method 'a'): "), m);
    }

    @Test
    void missingFileAndMalformedYaml() {
        assertEquals(
                "nope.yaml: no such grid file",
                assertThrows(ConfigException.class, () -> GridLoader.load(Path.of("nope.yaml")))
                        .getMessage());
        String m = error("name: t\nseeds: [1\n");
        assertTrue(m.startsWith("g.yaml:2: malformed YAML: while parsing a flow sequence"), m);
        assertEquals("g.yaml: empty config file", error(""));
        assertEquals(
                "g.yaml:1: the config is a mapping of keys: dataset, methods, name, protocol, seeds, tune",
                error("- 1\n"));
    }

    @Test
    void setReplacesAKeyTypedLikeTheFile() {
        GridSpec g = GridLoader.parse(
                grid("", ""),
                true,
                "g.yaml",
                List.of(
                        "protocol.epochs=3",
                        "protocol.eval.ks=[1, 4]",
                        "seeds=[5, 6]",
                        "dataset.max_train=40",
                        "protocol.schedule.type=step",
                        "methods.a.loss=triplet:margin=0.2"));
        assertEquals(3, g.protocol().epochs());
        assertEquals(List.of(1, 4), g.protocol().eval().ks());
        assertEquals(List.of(5L, 6L), g.seeds());
        assertEquals(40, g.dataset().maxTrain());
        assertEquals("step", g.protocol().schedule().type());
        assertEquals("triplet", g.methods().get(0).loss().name());
        assertEquals("0.2", g.methods().get(0).loss().get("margin"));
        // which of two values was meant is not for the loader to guess
        ConfigException twice = assertThrows(
                ConfigException.class,
                () -> GridLoader.parse(
                        grid("", ""), true, "g.yaml", List.of("protocol.epochs=3", "protocol.epochs=2")));
        assertEquals(
                "--set protocol.epochs=2: key 'protocol.epochs' is also set by --set protocol.epochs=3;"
                        + " give each key once",
                twice.getMessage());
    }

    @Test
    void setAddressesMethodsByIdEvenWithDots() {
        String yaml = grid("", "")
                .replace("{id: a, loss: \"contrastive\"}", "{id: a, loss: contrastive}\n  - {id: a.b, loss: triplet}");
        GridSpec g = GridLoader.parse(yaml, true, "g.yaml", List.of("methods.a.b.loss=margin"));
        assertEquals("contrastive", g.methods().get(0).loss().name());
        assertEquals("margin", g.methods().get(1).loss().name());
    }

    @Test
    void setErrorsNameTheOption() {
        assertEquals(
                "--set protocol.epoch=1: unknown key 'protocol.epoch'; valid keys here: " + PROTOCOL_KEYS,
                setError("protocol.epoch=1"));
        assertEquals(
                "--set protocl.epochs=1: unknown key 'protocl'; valid keys here: dataset, methods, name,"
                        + " protocol, seeds, tune",
                setError("protocl.epochs=1"));
        assertEquals("--set protocol.epochs=0: key 'protocol.epochs' must be > 0", setError("protocol.epochs=0"));
        assertTrue(setError("protocol.epochs=ten")
                .startsWith("--set protocol.epochs=ten: key 'protocol.epochs':"
                        + " Cannot deserialize value of type `java.lang.Integer` from String \"ten\""));
        assertEquals("--set epochs: expected KEY=VALUE, e.g. protocol.epochs=1", setError("epochs"));
        assertEquals(
                "--set methods.b.loss=x: 'b.loss' does not start with the id of an entry of 'methods'; ids: a",
                setError("methods.b.loss=x"));
        assertEquals(
                "--set methods.a.lr=1: unknown key 'methods[0].lr'; valid keys here: id, loss",
                setError("methods.a.lr=1"));
        assertEquals(
                "--set protocol.epochs.x=1: key 'protocol.epochs' has no keys under it; set the whole value,"
                        + " e.g. protocol.epochs=[1, 2]",
                setError("protocol.epochs.x=1"));
        assertTrue(setError("methods.a.loss=nope")
                .startsWith("--set methods.a.loss=nope: key 'methods[0].loss'" + " (method 'a'): "));
    }

    private static String setError(String set) {
        return assertThrows(ConfigException.class, () -> GridLoader.parse(grid("", ""), true, "g.yaml", List.of(set)))
                .getMessage();
    }

    @Test
    void selectingMethodsAndSeeds() {
        GridSpec g = GridLoader.load(CONFIGS.resolve("default.yaml"));
        GridSpec s = g.select(List.of("rambo-ap", "triplet"), List.of(9L));
        assertEquals(
                List.of("rambo-ap", "triplet"),
                s.methods().stream().map(MethodSpec::id).toList());
        assertEquals(List.of(9L), s.seeds());
        assertTrue(assertThrows(ConfigException.class, () -> g.select(List.of("nope"), null))
                .getMessage()
                .startsWith("no method 'nope' in grid default; methods: [rambo-recall-log"));
    }
}
