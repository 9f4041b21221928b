package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The state a checkpoint carries for RaMBO losses: the margin noise stream and the score memory. */
class LossStateTest {

    private static final float[] SCORES = {0.9f, 0.1f, 0.5f, 0.3f, 0.7f};
    private static final float[] RELEVANCE = {1, 0, 1, 0, 0};

    @Test
    void aRestoredNoiseStreamDrawsWhatTheUninterruptedOneDraws() {
        MarginNoise straight = MarginNoise.seeded(0.1f, 42L);
        MarginNoise interrupted = MarginNoise.seeded(0.1f, 42L);
        for (int i = 0; i < 3; i++) {
            straight.shift(SCORES, RELEVANCE, 1, SCORES.length);
            interrupted.shift(SCORES, RELEVANCE, 1, SCORES.length); // five Gaussians: one is left pending
        }
        MarginNoise resumed = MarginNoise.seeded(0.1f, 7L);
        resumed.restore(interrupted.state());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(
                    straight.shift(SCORES, RELEVANCE, 1, SCORES.length),
                    resumed.shift(SCORES, RELEVANCE, 1, SCORES.length),
                    "draw " + i);
        }
    }

    @Test
    void aDeterministicMarginHasNoStream() {
        MarginNoise fixed = MarginNoise.deterministic(0.1f);
        assertEquals(0, fixed.state().length);
        fixed.restore(new byte[0]);
        assertEquals(
                "a deterministic margin has no noise stream to restore",
                assertThrows(IllegalArgumentException.class, () -> fixed.restore(new byte[] {1}))
                        .getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> MarginNoise.seeded(0.1f, 1L).restore(new byte[] {1, 2}));
    }

    @Test
    void aMemorySnapshotRestoresTheSameBatchesInOrder() {
        try (NDManager m = NDManager.newBaseManager();
                CandidateMemory memory = new CandidateMemory(2);
                CandidateMemory resumed = new CandidateMemory(2)) {
            for (int b = 0; b < 3; b++) {
                memory.push(
                        "batch" + b, m.create(new float[] {b, b + 0.5f}, new Shape(1, 2)), m.create(new long[] {b}));
            }
            resumed.restore(memory.snapshot(m));
            assertEquals(2, resumed.size());
            NDList stored = resumed.stored("none", m);
            assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f}, stored.get(0).toFloatArray());
            assertArrayEquals(new long[] {1, 2}, stored.get(1).toLongArray());
            assertEquals(
                    "a memory snapshot of 2 batches does not fit a memory of 1",
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> new CandidateMemory(1).restore(memory.snapshot(m)))
                            .getMessage());
            assertEquals(
                    "a memory snapshot holds pairs of embeddings and labels, got 1 arrays",
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> resumed.restore(new NDList(m.create(new float[] {1}))))
                            .getMessage());
        }
    }
}
