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
        assertEquals(List.of("rambo-recall-log", "rambo-recall-loglog", "rambo-ap", "contrastive", "triplet",
                "margin", "smooth-ap"), g.methods().stream().map(MethodSpec::id).toList());
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
        return assertThrows(ConfigException.class, () -> GridLoader.parse(yaml, true, "g.yaml")).getMessage();
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

    @Test
    void unknownKeyIsNamedWithItsLineAndTheValidKeys() {
        String m = error(grid("  learning_rate: 0.1", ""));
        assertTrue(m.startsWith("g.yaml, line 11: unknown key 'protocol.learning_rate'; valid keys here: "), m);
        assertTrue(m.contains("embedding_dim") && m.contains("steps_per_epoch"), m);
    }

    @Test
    void wrongTypeIsNamed() {
        String m = error(grid("  epochs_x: 1", "").replace("epochs: 1", "epochs: ten"));
        assertTrue(m.contains("g.yaml, line") && m.contains("protocol.epochs"), m);
    }

    @Test
    void invalidValuesNameTheirKey() {
        assertTrue(error(grid("", "").replace("backbone: small-cnn", "backbone: vgg"))
                .contains("key 'protocol.backbone' must be one of [small-cnn, resnet18, resnet50]"));
        assertTrue(error(grid("", "").replace("crop: 28", "crop: 30"))
                .contains("key 'protocol.image.crop' must be > 0 and <= resize"));
        assertTrue(error(grid("", "").replace("name: fashion-mnist", "name: mnist"))
                .contains("key 'dataset.name' must be one of"));
        assertTrue(error(grid("", "").replace("{id: a, loss: \"contrastive\"}",
                "{id: a, loss: x}\n  - {id: a, loss: y}")).contains("method ids must be unique"));
        assertTrue(error(grid("", "").replace("epochs: 1", "epochs: 0")).contains("key 'protocol.epochs' must be > 0"));
    }

    @Test
    void missingFileAndMalformedYaml() {
        assertEquals("nope.yaml: no such grid file",
                assertThrows(ConfigException.class, () -> GridLoader.load(Path.of("nope.yaml"))).getMessage());
        String m = error("name: t\nseeds: [1\n");
        assertTrue(m.startsWith("g.yaml, line ") && m.contains("malformed YAML"), m);
    }

    @Test
    void selectingMethodsAndSeeds() {
        GridSpec g = GridLoader.load(CONFIGS.resolve("default.yaml"));
        GridSpec s = g.select(List.of("rambo-ap", "triplet"), List.of(9L));
        assertEquals(List.of("rambo-ap", "triplet"), s.methods().stream().map(MethodSpec::id).toList());
        assertEquals(List.of(9L), s.seeds());
        assertTrue(assertThrows(ConfigException.class, () -> g.select(List.of("nope"), null)).getMessage()
                .startsWith("no method 'nope' in grid default; methods: [rambo-recall-log"));
    }
}
