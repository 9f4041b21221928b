package org.rambo.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden values of the seed split, computed outside this code (SplittableRandom's published
 * mixing, seed * 0x9E3779B97F4A7C15 + concern, sign bit cleared): a change of the derivation
 * changes every run's numbers and must show here.
 */
class SeedsTest {

    @Test
    void runSeedSevenSplitsIntoTheseConcernSeeds() {
        Seeds s = Seeds.split(7);
        assertEquals(
                new Seeds(7, 425514363213284725L, 4410382683507778947L, 7170589470788784662L, 8277778672505814866L), s);
        // the loss specs' 31-bit seed: the top bits of the loss stream's seed
        assertEquals(1927320536L, s.loss());
        assertEquals((int) (425514363213284725L & 0x7fffffff), s.engineSeed());
    }

    @Test
    void perEpochStreamsAreDerivedFromTheirConcernSeed() {
        Seeds s = Seeds.split(7);
        assertEquals(9036389724795351268L, s.batchOrder(3));
        assertEquals(4174900936979441219L, s.loss(3));
    }

    @Test
    void provenanceRecordsEveryConcernInOrder() {
        Seeds s = Seeds.split(7);
        assertEquals(
                List.of(7L, s.modelInit(), s.batchOrder(), s.augmentation(), 1927320536L, s.lossStream()),
                List.copyOf(s.byConcern().values()));
        assertEquals(
                List.of("run", "model_init", "batch_order", "augmentation", "loss", "loss_stream"),
                List.copyOf(s.byConcern().keySet()));
    }
}
