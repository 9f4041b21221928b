package org.rambo.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rambo.harness.train.RunConfig;

/** The tune section and dataset.fold: loaded as written, a bad search space is one line naming file:line and key. */
class TuneSectionTest {

    private static final String GRID = """
            name: t
            dataset: {name: fashion-mnist, root: data}
            protocol:
              backbone: small-cnn
              embedding_dim: 8
              image: {resize: 28, crop: 28}
              sampler: {classes_per_batch: 2, samples_per_class: 2}
              optimizer: {name: adam, learning_rate: 0.001}
              epochs: 1
              eval: {ks: [1]}
            seeds: [0]
            methods:
              - {id: ap, loss: "rambo-ap:lambda=4"}
              - {id: con, loss: "contrastive:neg=0.5"}
            tune:
              budget: 6
              folds: 3
              shared:
                learning_rate: {dist: log-uniform, low: 0.0001, high: 0.01}
              methods:
                ap:
                  %s
            """;

    private static GridSpec parse(String apSpace) {
        return GridLoader.parse(GRID.formatted(apSpace), true, "g.yaml");
    }

    private static String error(String apSpace) {
        return assertThrows(ConfigException.class, () -> parse(apSpace)).getMessage();
    }

    @Test
    void loadsTheSpaceInOrderWithDefaults() {
        GridSpec g = parse("memory: {dist: integer, low: 0, high: 3}");
        TuneSpec t = g.tune();
        assertEquals(6, t.budget());
        assertEquals(5, t.initialTrials(), "min(budget, 5)");
        assertEquals(0L, t.seed());
        assertEquals("map_at_r", t.objective());
        assertEquals(
                List.of("learning_rate", "memory"), List.copyOf(t.space("ap").keySet()));
        assertEquals(List.of("learning_rate"), List.copyOf(t.space("con").keySet()));
        assertEquals(new ParamSpec("integer", 0.0, 3.0, null), t.space("ap").get("memory"));
    }

    @Test
    void aBadRangeNamesItsKeyAndLine() {
        assertEquals(
                "g.yaml:22: key 'tune.methods.ap.lambda.high' must be greater than low (4.0)",
                error("lambda: {dist: uniform, low: 4, high: 1}"));
        assertEquals(
                "g.yaml:22: key 'tune.methods.ap.lambda.low' must be > 0 for log-uniform",
                error("lambda: {dist: log-uniform, low: 0, high: 1}"));
        assertEquals(
                "g.yaml:22: key 'tune.methods.ap.lambda.dist' must be one of [uniform, log-uniform, integer, choice]",
                error("lambda: {dist: normal, low: 0, high: 1}"));
    }

    @Test
    void aKeyTheLossDoesNotHaveIsNamed() {
        String e = error("neg: {dist: uniform, low: 0, high: 1}");
        assertEquals(
                "g.yaml:22: key 'tune.methods.ap.neg' (method 'ap', value 0.0): loss 'rambo-ap' has no key 'neg'; "
                        + "its keys: lambda, margin, memory, apc, seed",
                e.replaceFirst("its keys: .*", "its keys: lambda, margin, memory, apc, seed"));
    }

    @Test
    void aValueOfTheWrongTypeForTheLossKeyIsNamed() {
        // memory is an integer key: a uniform range writes 0.5 into it
        String e = error("memory: {dist: uniform, low: 0.5, high: 3}");
        assertEquals(true, e.startsWith("g.yaml:22: key 'tune.methods.ap.memory' (method 'ap', value 0.5): "), e);
    }

    @Test
    void aMethodTheGridLacksIsNamed() {
        String yaml = GRID.formatted("lambda: {dist: uniform, low: 1, high: 8}") + "    nope: {}\n";
        ConfigException e = assertThrows(ConfigException.class, () -> GridLoader.parse(yaml, true, "g.yaml"));
        assertEquals(
                "g.yaml:23: key 'tune.methods.nope' no method 'nope' in the grid; methods: [ap, con]", e.getMessage());
    }

    @Test
    void aFoldOutOfRangeIsNamed() {
        String yaml = GRID.formatted("lambda: {dist: uniform, low: 1, high: 8}")
                .replace("root: data}", "root: data, fold: {of: 3, index: 3}}");
        ConfigException e = assertThrows(ConfigException.class, () -> GridLoader.parse(yaml, true, "g.yaml"));
        assertEquals("g.yaml:2: key 'dataset.fold.index' must be from 0 to of - 1", e.getMessage());
    }

    @Test
    void aGridWithoutAFoldKeepsItsRunHashes() {
        // config.json leaves an absent fold out, so runs trained before folds existed keep their folders
        GridSpec g = parse("lambda: {dist: uniform, low: 1, high: 8}");
        assertNull(g.dataset().fold());
        RunConfig run = RunConfig.of(g, g.methods().get(0), 0);
        assertEquals(false, run.canonicalJson().contains("fold"), run.canonicalJson());
        RunConfig folded = new RunConfig(
                "t",
                g.dataset().withFold(new FoldSpec(3, 1)),
                "ap",
                new org.rambo.baselines.LossSpec("x", java.util.Map.of()),
                0,
                g.protocol());
        assertEquals(true, folded.canonicalJson().contains("\"fold\":{\"index\":1,\"of\":3}"), folded.canonicalJson());
    }
}
