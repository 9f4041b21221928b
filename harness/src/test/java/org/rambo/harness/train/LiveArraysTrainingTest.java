package org.rambo.harness.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rambo.engine.LiveArrays;
import org.rambo.harness.config.GridSpec;

/**
 * The training loop holds a constant number of live engine arrays from step to step, for every
 * method of the default grid: whatever a step makes is released with the step (on a GPU, device
 * memory). Counted after step 10 (Adam's moments and the memory's batches exist by then) and
 * after the last step but one of one epoch. The losses alone run 2,000 steps each in the rambo
 * and detection modules' growth tests.
 */
class LiveArraysTrainingTest {

    static final String WITH_MEMORY = """
              - {id: rambo-recall, loss: "rambo-recall:lambda=4,margin=0.02,weight=log1p,memory=3"}
              - {id: rambo-ap, loss: "rambo-ap:lambda=4,margin=0.02,memory=3"}
            """;
    static final String BASELINES = """
              - {id: contrastive, loss: "contrastive:pos=0,neg=0.5"}
              - {id: triplet, loss: "triplet:margin=0.1,mining=semihard"}
              - {id: margin, loss: "margin:alpha=0.2,beta=1.2"}
              - {id: smooth-ap, loss: "smooth-ap:tau=0.01"}
            """;

    static Path data;

    @BeforeAll
    static void fixture() throws IOException {
        data = FashionFixture.write(Files.createTempDirectory("fmnist-fixture"), 30, 4, 99);
    }

    static final int STEPS = 60;

    @Test
    void ramboWithAMemoryOfThreeHoldsItsArraysFlat() throws Exception {
        assertFlat(WITH_MEMORY, STEPS);
    }

    @Test
    void everyBaselineHoldsItsArraysFlat() throws Exception {
        assertFlat(BASELINES, STEPS);
    }

    private static void assertFlat(String methods, int steps) throws Exception {
        GridSpec grid = TinyGrids.grid(data, methods, "3", 1, steps);
        Map<String, Integer> after10 = new ConcurrentHashMap<>();
        Map<String, Integer> beforeLast = new ConcurrentHashMap<>();
        RunObserver observer = new RunObserver() {
            @Override
            public void batch(RunConfig c, int epoch, int step, int[] indices, float[] pixels) {
                if (step == 11) {
                    after10.put(c.method(), LiveArrays.count());
                } else if (step == steps) {
                    beforeLast.put(c.method(), LiveArrays.count());
                }
            }
        };
        var runs = GridRunner.run(
                grid,
                Files.createTempDirectory("runs"),
                Path.of(""),
                RunOptions.quiet().withObserver(observer));
        runs.forEach(r -> assertEquals(RunOutcome.Status.FINISHED, r.status(), r.toString()));
        assertEquals(grid.methods().size(), after10.size());
        for (String method : after10.keySet()) {
            assertEquals(
                    after10.get(method),
                    beforeLast.get(method),
                    method + ": live engine arrays after step " + (steps - 1) + " against after step 10");
        }
    }

    /** Every parameter of the model (trunk, head, the margin loss's beta) on the protocol's device. */
    @Test
    void everyParameterLivesOnTheConfiguredDevice() {
        GridSpec grid = TinyGrids.grid(data, BASELINES, "3", 1, 1);
        try (TrainingData d = TrainingDataFactory.open(grid.dataset(), grid.protocol(), Path.of(""))) {
            for (RunConfig config : GridRunner.runConfigs(grid)) {
                try (TrainingSession session = new TrainingSession(config, d)) {
                    assertEquals(TrainingDevice.of(grid.protocol()), session.device());
                    assertTrue(session.block().getParameters().size() > 0);
                    for (Pair<String, Parameter> p : session.block().getParameters()) {
                        assertEquals(
                                session.device(),
                                p.getValue().getArray().getDevice(),
                                config.method() + " parameter " + p.getKey());
                    }
                }
            }
        }
    }
}
