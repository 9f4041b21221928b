package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gives an IllegalArgumentException that says what was wrong. */
class BadInputTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private String messageOf(RankingLoss loss, float[] y, Shape ys, float[] t, Shape ts) {
        return assertThrows(
                        IllegalArgumentException.class,
                        () -> loss.compute(manager.create(y, ys), manager.create(t, ts)))
                .getMessage();
    }

    @Test
    void shapeMismatch() {
        String m =
                messageOf(RecallLoss.builder().build(), new float[6], new Shape(2, 3), new float[6], new Shape(3, 2));
        assertEquals("relevance shape (3, 2) does not match scores shape (2, 3)", m);
    }

    @Test
    void relevanceNotZeroOne() {
        String m = messageOf(
                ApLoss.builder().build(),
                new float[] {1, 2, 3, 4},
                new Shape(2, 2),
                new float[] {0, 1, 0.5f, 1},
                new Shape(2, 2));
        assertEquals("relevance must be 0 or 1, found 0.5 at [1, 0]", m);
    }

    @Test
    void nanAndInfiniteScores() {
        assertEquals(
                "scores must be finite, found NaN at [0, 2]",
                messageOf(
                        RecallLoss.builder().build(),
                        new float[] {1, 2, Float.NaN},
                        new Shape(1, 3),
                        new float[] {0, 1, 0},
                        new Shape(1, 3)));
        assertEquals(
                "scores must be finite, found Infinity at [1, 0]",
                messageOf(
                        ApLoss.builder().build(),
                        new float[] {1, 2, Float.POSITIVE_INFINITY, 0},
                        new Shape(2, 2),
                        new float[] {0, 1, 0, 1},
                        new Shape(2, 2)));
    }

    @Test
    void lambdaMustBePositive() {
        assertEquals(
                "lambda must be a finite number > 0, got 0.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> RecallLoss.builder().optLambda(0f).build())
                        .getMessage());
        assertEquals(
                "lambda must be a finite number > 0, got -1.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ApLoss.builder().optLambda(-1f).build())
                        .getMessage());
        assertEquals(
                "lambda must be a finite number > 0, got NaN",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ApLoss.builder().optLambda(Float.NaN).build())
                        .getMessage());
    }

    @Test
    void otherOptions() {
        assertEquals(
                "margin must be a finite number >= 0, got -0.1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> RecallLoss.builder().optMargin(-0.1f).build())
                        .getMessage());
        assertEquals(
                "apc weight beta must lie in [0, 1], got 1.5",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ApLoss.builder().optApcWeight(1.5f).build())
                        .getMessage());
        assertEquals(
                "memory size (batches) must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> new CandidateMemory(-1))
                        .getMessage());
        assertEquals(
                "a ranking loss must be set (setRankingLoss)",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> RamboRetrievalLoss.builder().build())
                        .getMessage());
    }

    @Test
    void arrayEntryPointChecksLengths() {
        BlackboxRankingLoss loss = RecallLoss.builder().build();
        assertEquals(
                "scores length 5 is not rows x cols = 2 x 3",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> loss.lossAndGradient(new float[5], new float[5], 2, 3))
                        .getMessage());
    }
}
