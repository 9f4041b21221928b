package org.rambo.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The margin loss's sampling stream: the JDK's numbers, seeded by the caller, checkpointed and resumed exactly. */
class SamplerStateTest {

    static final int N = 12;
    static final int DIM = 5;

    private final int[] y = LossesAgainstBruteForceTest.labels(N, 3);

    @Test
    void theStreamIsSplittableRandomsWithAReadableState() {
        for (long seed : new long[] {0, 1, -42, 0x5deece66dL}) {
            SplittableRandom jdk = new SplittableRandom(seed);
            SplitMix ours = new SplitMix(seed);
            assertEquals(seed, ours.state(), "a fresh stream's state is its seed");
            for (int k = 0; k < 20_000; k++) {
                int bound = k % 5 == 0 ? 64 : 1 + (k * 7919) % 1_000_000_007;
                if (k % 2 == 0) {
                    assertEquals(jdk.nextDouble(), ours.nextDouble(), 0.0, "draw " + k);
                } else {
                    assertEquals(jdk.nextInt(bound), ours.nextInt(bound), "draw " + k + " bound " + bound);
                }
            }
        }
    }

    @Test
    void aRestoredSamplerDrawsWhatTheUninterruptedOneDraws() {
        double[] d = BruteForce.distances(
                "l2", BruteForce.normalised(LossesAgainstBruteForceTest.randomEmbeddings(3, N, DIM, 1f), DIM), N, DIM);
        DistanceWeightedSampler straight =
                DistanceWeightedSampler.builder().optSeed(11).build();
        List<List<Pair>> rounds = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            rounds.add(straight.mine(d, y, DIM));
        }
        assertNotEquals(rounds.get(1), rounds.get(2), "the stream moves on between batches");
        DistanceWeightedSampler first =
                DistanceWeightedSampler.builder().optSeed(11).build();
        assertEquals(11, first.state());
        assertEquals(rounds.get(0), first.mine(d, y, DIM));
        long saved = first.state();
        DistanceWeightedSampler resumed =
                DistanceWeightedSampler.builder().optSeed(999).build();
        resumed.restoreState(saved);
        assertEquals(rounds.get(1), resumed.mine(d, y, DIM));
        assertEquals(rounds.get(2), resumed.mine(d, y, DIM));
    }

    private float value(MarginLoss loss, long embeddingSeed) {
        float[] x = LossesAgainstBruteForceTest.randomEmbeddings(embeddingSeed, N, DIM, 1f);
        try (NDManager m = NDManager.newBaseManager()) {
            return loss.evaluate(
                            new NDList(m.create(LossesAgainstBruteForceTest.asFloats(y))),
                            new NDList(m.create(x, new Shape(N, DIM)), m.create(new float[] {1.1f})))
                    .getFloat();
        }
    }

    /** The loss on batches 1..3 (embeddings seeded 21, 22, 23). */
    private float[] run(MarginLoss loss) {
        return new float[] {value(loss, 21), value(loss, 22), value(loss, 23)};
    }

    @Test
    void theSeedDecidesThePairsAndDefaultsToZero() {
        float[] unseeded = run(MarginLoss.builder().build());
        assertArrayEquals(unseeded, run(MarginLoss.builder().optSeed(0).build()), 0f);
        MarginLoss fromSpec = (MarginLoss) LossRegistry.build("margin");
        assertEquals(0, fromSpec.samplerState());
        assertArrayEquals(unseeded, run(fromSpec), 0f);
        float[] seeded = run(MarginLoss.builder().optSeed(7).build());
        assertNotEquals(unseeded[0], seeded[0]);
        assertEquals(seeded[1], run((MarginLoss) LossRegistry.build("margin:seed=7"))[1], 0f);
        // the same pairs as an independent sampler with that seed, through the brute force
        float[] x = LossesAgainstBruteForceTest.randomEmbeddings(21, N, DIM, 1f);
        List<Pair> pairs = DistanceWeightedSampler.builder()
                .optSeed(7)
                .build()
                .mine(BruteForce.distances("l2", BruteForce.normalised(x, DIM), N, DIM), y, DIM);
        assertEquals(BruteForce.margin(x, y, DIM, pairs, 0.2, new double[] {1.1}, 0), seeded[0], 1e-5);
    }

    @Test
    void aCheckpointedLossResumesItsStream() {
        float[] straight = run(MarginLoss.builder().optSeed(3).build());
        assertNotEquals(
                straight[1],
                value(MarginLoss.builder().optSeed(3).build(), 22),
                "a loss rebuilt per epoch would repeat the first draws");
        MarginLoss interrupted = MarginLoss.builder().optSeed(3).build();
        assertEquals(3, interrupted.samplerState());
        assertEquals(straight[0], value(interrupted, 21), 0f);
        long saved = interrupted.samplerState();
        assertNotEquals(3, saved);
        MarginLoss resumed = (MarginLoss) LossRegistry.build("margin");
        resumed.restoreSamplerState(saved);
        assertEquals(straight[1], value(resumed, 22), 0f);
        assertEquals(straight[2], value(resumed, 23), 0f);
        MarginLoss reseeded = (MarginLoss) LossRegistry.build("margin");
        reseeded.restoreSamplerState(3);
        assertEquals(straight[0], value(reseeded, 21), 0f, "restoring a seed is seeding");
    }

    @Test
    void aSamplerWithoutStateIsNamed() {
        MarginLoss fixed = MarginLoss.builder()
                .optSampler(new LossesAgainstBruteForceTest.FixedPairs(List.of(new Pair(0, 1, true))))
                .build();
        assertEquals(
                "the margin loss's pair miner 'fixed' is not the distance-weighted sampler and has no state",
                assertThrows(IllegalStateException.class, fixed::samplerState).getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> MarginLoss.builder()
                        .optSeed(1)
                        .optSampler(DistanceWeightedSampler.builder().build())
                        .build());
    }
}
