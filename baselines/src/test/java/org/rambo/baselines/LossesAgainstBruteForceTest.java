package org.rambo.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every loss against its plain-Java double-precision brute force, on small random batches: within 1e-5. */
class LossesAgainstBruteForceTest {

    static final int N = 12;
    static final int DIM = 5;
    static final double TOLERANCE = 1e-5;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static float[] randomEmbeddings(long seed, int n, int dim, float scale) {
        Random r = new Random(seed);
        float[] x = new float[n * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = scale * (float) r.nextGaussian();
        }
        return x;
    }

    static int[] labels(int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
        }
        return y;
    }

    static float[] asFloats(int[] y) {
        float[] f = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            f[i] = y[i];
        }
        return f;
    }

    private double value(Loss loss, float[] x, int[] y, NDArray... extra) {
        NDList predictions = new NDList(manager.create(x, new Shape(y.length, x.length / y.length)));
        for (NDArray e : extra) {
            predictions.add(e);
        }
        return loss.evaluate(new NDList(manager.create(asFloats(y))), predictions)
                .getFloat();
    }

    @ParameterizedTest
    @CsvSource({"l2, 1", "l2, 2", "l2, 3", "cosine, 1", "cosine, 2", "cosine, 3"})
    void contrastive(String distance, long seed) {
        float[] x = randomEmbeddings(seed, N, DIM, 0.4f);
        int[] y = labels(N, 3);
        double neg = distance.equals("l2") ? 1.1 : 0.9;
        for (boolean nonzero : new boolean[] {true, false}) {
            Loss loss = ContrastiveLoss.builder()
                    .optPositiveMargin(0.2f)
                    .optNegativeMargin((float) neg)
                    .optDistance(Distance.of(distance))
                    .optReduction(nonzero ? Reduction.MEAN_NONZERO : Reduction.MEAN_ALL)
                    .build();
            double expected = BruteForce.contrastive(x, y, DIM, distance, 0.2, neg, nonzero);
            assertTrue(expected > 0.05, "a batch where the loss is not trivially 0");
            assertEquals(expected, value(loss, x, y), TOLERANCE, distance + " nonzero=" + nonzero);
        }
    }

    @ParameterizedTest
    @CsvSource({"all, l2", "semihard, l2", "batchhard, l2", "all, cosine", "semihard, cosine", "batchhard, cosine"})
    void triplet(String mining, String distance) {
        for (long seed = 1; seed <= 3; seed++) {
            float[] x = randomEmbeddings(seed, N, DIM, 0.5f);
            int[] y = labels(N, 4);
            double margin = 0.3;
            // the brute force mines on its own, with its own double-precision distances
            List<Triplet> triplets =
                    BruteForce.minedTriplets(mining, BruteForce.distances(distance, x, N, DIM), y, margin);
            assertTrue(!triplets.isEmpty(), "some triplets are mined");
            for (boolean nonzero : new boolean[] {true, false}) {
                Loss loss = TripletLoss.builder()
                        .optMargin((float) margin)
                        .optMiner(TripletMiner.of(mining, margin))
                        .optDistance(Distance.of(distance))
                        .optReduction(nonzero ? Reduction.MEAN_NONZERO : Reduction.MEAN_ALL)
                        .build();
                assertEquals(
                        BruteForce.triplet(x, DIM, distance, triplets, margin, nonzero),
                        value(loss, x, y),
                        TOLERANCE,
                        mining + " " + distance + " seed " + seed);
            }
        }
    }

    @Test
    void tripletAllMinerIsTheBruteForceEnumeration() {
        int[] y = labels(N, 4);
        float[] x = randomEmbeddings(4, N, DIM, 0.5f);
        assertEquals(
                BruteForce.allTriplets(y), new AllTripletsMiner().mine(BruteForce.distances("l2", x, N, DIM), y, DIM));
        assertEquals(N * 2 * (N - 3), BruteForce.allTriplets(y).size());
    }

    @ParameterizedTest
    @ValueSource(floats = {0.01f, 0.1f, 0.5f})
    void smoothAp(float tau) {
        float[] x = randomEmbeddings(7, N, DIM, 1f);
        int[] y = labels(N, 3);
        for (int chunk : new int[] {1, 5, 64}) {
            Loss loss =
                    SmoothApLoss.builder().optTemperature(tau).optChunk(chunk).build();
            assertEquals(
                    BruteForce.smoothAp(x, y, DIM, tau),
                    value(loss, x, y),
                    TOLERANCE,
                    "tau " + tau + " chunk " + chunk);
        }
    }

    @Test
    void smoothApWithUnequalClassesAndSingletons() {
        float[] x = randomEmbeddings(8, 9, DIM, 1f);
        int[] y = {0, 0, 0, 0, 1, 1, 2, 1, 3}; // classes 2 and 3 have no positive: those queries are skipped
        Loss loss = SmoothApLoss.builder().optTemperature(0.05f).optChunk(4).build();
        assertEquals(BruteForce.smoothAp(x, y, DIM, 0.05), value(loss, x, y), TOLERANCE);
    }

    @Test
    void smoothApApproachesOneMinusExactApAsTauShrinks() {
        float[] x = randomEmbeddings(9, 16, DIM, 1f);
        int[] y = labels(16, 4);
        double exact = BruteForce.oneMinusExactAp(x, y, DIM);
        assertTrue(exact > 0.2 && exact < 0.8, "a batch whose AP is far from 0 and 1: " + exact);
        double previous = Double.POSITIVE_INFINITY;
        for (float tau : new float[] {0.5f, 0.1f, 0.01f, 0.001f, 0.0001f}) {
            double gap =
                    Math.abs(value(SmoothApLoss.builder().optTemperature(tau).build(), x, y) - exact);
            assertTrue(gap < previous, "gap should shrink with tau: " + gap + " at tau " + tau);
            previous = gap;
        }
        assertTrue(previous < 1e-4, "at tau 1e-4 Smooth-AP is 1 - AP up to " + previous);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 10, 25})
    void fastAp(int bins) {
        for (long seed = 1; seed <= 3; seed++) {
            float[] x = randomEmbeddings(20 + seed, N, DIM, 1f);
            int[] y = labels(N, 3);
            assertEquals(
                    BruteForce.fastAp(x, y, DIM, bins),
                    value(FastApLoss.builder().optBins(bins).build(), x, y),
                    TOLERANCE,
                    "bins " + bins + " seed " + seed);
        }
        int[] uneven = {0, 0, 0, 1, 1, 2, 3, 3, 3, 3, 4, 0};
        float[] x = randomEmbeddings(30, N, DIM, 1f);
        assertEquals(
                BruteForce.fastAp(x, uneven, DIM, bins),
                value(FastApLoss.builder().optBins(bins).build(), x, uneven),
                TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"l2", "squared-l2"})
    void smoothApRanksByTheSimilarityOfItsDistancePiece(String distance) {
        float[] x = randomEmbeddings(16, N, DIM, 1f);
        int[] y = labels(N, 3);
        Loss loss = SmoothApLoss.builder()
                .optTemperature(0.05f)
                .optChunk(5)
                .optDistance(Distance.of(distance))
                .build();
        double expected = BruteForce.smoothAp(x, y, DIM, 0.05, distance);
        assertEquals(expected, value(loss, x, y), TOLERANCE);
        double cosine = BruteForce.smoothAp(x, y, DIM, 0.05);
        assertTrue(Math.abs(expected - cosine) > 1e-3, "the distance matters: " + expected + " vs " + cosine);
    }

    @ParameterizedTest
    @CsvSource({"l2, 3", "l2, 5", "l2, 10"})
    void fastApBinsTheDistanceOfItsDistancePiece(String distance, int bins) {
        float[] x = randomEmbeddings(17, N, DIM, 1f);
        int[] y = labels(N, 3);
        Loss loss = FastApLoss.builder()
                .optBins(bins)
                .optDistance(Distance.of(distance))
                .build();
        double expected = BruteForce.fastAp(x, y, DIM, bins, distance, 2);
        assertEquals(expected, value(loss, x, y), TOLERANCE);
        double squared = BruteForce.fastAp(x, y, DIM, bins);
        assertTrue(Math.abs(expected - squared) > 1e-3, "the distance matters: " + expected + " vs " + squared);
    }

    @Test
    void fastApOnCosineDistanceIsFastApOnSquaredL2() {
        // on unit vectors 1 - cos = |a - b|² / 2, and the histogram spans [0, 2] instead of [0, 4]:
        // every kernel sees the same relative position, so the loss is the same
        float[] x = randomEmbeddings(17, N, DIM, 1f);
        int[] y = labels(N, 3);
        assertEquals(
                BruteForce.fastAp(x, y, DIM, 10),
                value(FastApLoss.builder().optDistance(new CosineDistance()).build(), x, y),
                TOLERANCE);
    }

    @Test
    void marginLossWithTheCosineDistancePiece() {
        float[] x = randomEmbeddings(18, 6, DIM, 1f);
        int[] y = {0, 0, 1, 1, 2, 2};
        List<Pair> pairs = List.of(
                new Pair(0, 1, true),
                new Pair(0, 2, false),
                new Pair(3, 2, true),
                new Pair(3, 5, false),
                new Pair(5, 4, true),
                new Pair(4, 1, false));
        MarginLoss loss = MarginLoss.builder()
                .optAlpha(0.3f)
                .optBeta(0.6f)
                .optDistance(new CosineDistance())
                .optSampler(new FixedPairs(pairs))
                .build();
        double expected = BruteForce.margin(x, y, DIM, pairs, 0.3, new double[] {0.6}, 0, true, "cosine");
        assertTrue(
                Math.abs(expected - BruteForce.margin(x, y, DIM, pairs, 0.3, new double[] {0.6}, 0)) > 1e-3,
                "cosine and L2 differ on this batch");
        assertEquals(expected, value(loss, x, y, manager.create(new float[] {0.6f})), TOLERANCE);
    }

    @Test
    void fastApOfAPerfectRankingIsNearZeroAndOfAReversedOneIsLarge() {
        // two tight, opposite clusters: every positive is nearer than every negative
        float[] x = {1, 0, 0.99f, 0.1f, -1, 0, -0.99f, -0.1f};
        int[] y = {0, 0, 1, 1};
        assertEquals(0.0, value(FastApLoss.builder().build(), x, y), 1e-6);
        // now each item's positive is antipodal (d² = 4, the last bin) and both negatives are nearer:
        // the positive is ranked 3rd of 3, AP = 1/3 for every query
        int[] swapped = {0, 1, 0, 1};
        assertEquals(2.0 / 3.0, value(FastApLoss.builder().build(), x, swapped), 1e-5);
    }

    /**
     * Pairs in the shape the distance-weighted sampler draws them: every anchor with one positive
     * and one negative, labels i % 3 (class 0 = 0, 3, 6, 9; class 1 = 1, 4, 7, 10; class 2 = 2, 5,
     * 8, 11); one negative drawn twice, as sampling with replacement can.
     */
    static final List<Pair> HAND_LISTED_PAIRS = List.of(
            new Pair(0, 3, true),
            new Pair(0, 1, false),
            new Pair(3, 9, true),
            new Pair(3, 8, false),
            new Pair(6, 0, true),
            new Pair(6, 11, false),
            new Pair(9, 6, true),
            new Pair(9, 4, false),
            new Pair(1, 4, true),
            new Pair(1, 2, false),
            new Pair(1, 2, false),
            new Pair(4, 7, true),
            new Pair(4, 9, false),
            new Pair(7, 10, true),
            new Pair(7, 0, false),
            new Pair(10, 1, true),
            new Pair(10, 5, false),
            new Pair(2, 5, true),
            new Pair(2, 3, false),
            new Pair(5, 11, true),
            new Pair(5, 10, false),
            new Pair(8, 2, true),
            new Pair(8, 9, false),
            new Pair(11, 8, true),
            new Pair(11, 7, false));

    @ParameterizedTest
    @CsvSource({"0, 0.0", "0, 0.3", "3, 0.0", "3, 0.2"})
    void marginLossOnHandListedPairs(int classes, float nu) {
        float[] x = randomEmbeddings(10, N, DIM, 1f);
        int[] y = labels(N, 3);
        double[] beta = classes == 0 ? new double[] {1.1} : new double[] {1.0, 1.25, 0.9};
        float[] betaF = new float[beta.length];
        for (int i = 0; i < beta.length; i++) {
            betaF[i] = (float) beta[i];
        }
        for (Pair p : HAND_LISTED_PAIRS) {
            assertEquals(p.positive(), y[p.anchor()] == y[p.other()], p + " is listed with the wrong sign");
        }
        MarginLoss loss = MarginLoss.builder()
                .optAlpha(0.2f)
                .optClasses(classes)
                .optNu(nu)
                .optSampler(new FixedPairs(HAND_LISTED_PAIRS))
                .build();
        double expected = BruteForce.margin(x, y, DIM, HAND_LISTED_PAIRS, 0.2, beta, nu);
        assertTrue(expected > 0.05, "a batch where the margin loss is not trivially 0");
        double zeroed = BruteForce.margin(x, y, DIM, HAND_LISTED_PAIRS, 0.2, beta, nu, false);
        assertTrue(Math.abs(expected - zeroed) > 1e-3, "some pairs are past the margin and left out of the mean");
        assertEquals(expected, value(loss, x, y, manager.create(betaF)), TOLERANCE);
    }

    @Test
    void marginLossOnFixedPairs() {
        float[] x = randomEmbeddings(12, 6, DIM, 1f);
        int[] y = {0, 0, 1, 1, 2, 2};
        List<Pair> pairs = List.of(
                new Pair(0, 1, true),
                new Pair(0, 2, false),
                new Pair(0, 2, false),
                new Pair(3, 2, true),
                new Pair(3, 5, false),
                new Pair(5, 4, true));
        MarginLoss loss = MarginLoss.builder()
                .optAlpha(0.3f)
                .optClasses(3)
                .optSampler(new FixedPairs(pairs))
                .build();
        double[] beta = {1.3, 0.8, 1.05};
        assertEquals(
                BruteForce.margin(x, y, DIM, pairs, 0.3, beta, 0),
                value(loss, x, y, manager.create(new float[] {1.3f, 0.8f, 1.05f})),
                TOLERANCE);
    }

    @Test
    void integerAndFloatLabelsGiveTheSameValue() {
        float[] x = randomEmbeddings(13, N, DIM, 0.5f);
        int[] y = labels(N, 3);
        for (String spec : new String[] {
            "contrastive", "triplet:mining=semihard,margin=0.3", "smooth-ap:tau=0.1", "fastap", "rambo-recall"
        }) {
            Loss loss = LossRegistry.build(spec);
            NDArray emb = manager.create(x, new Shape(N, DIM));
            float asFloat = loss.evaluate(new NDList(manager.create(asFloats(y))), new NDList(emb))
                    .getFloat();
            float asInt = loss.evaluate(new NDList(manager.create(y)), new NDList(emb))
                    .getFloat();
            float asLong = loss.evaluate(new NDList(manager.create(y).toType(DataType.INT64, false)), new NDList(emb))
                    .getFloat();
            assertEquals(asFloat, asInt, 0f, spec);
            assertEquals(asFloat, asLong, 0f, spec);
        }
    }

    @Test
    void aBatchWithoutPositivesGivesZero() {
        float[] x = randomEmbeddings(14, 4, DIM, 1f);
        int[] y = {0, 1, 2, 3};
        for (String spec : new String[] {"triplet", "smooth-ap", "fastap"}) {
            assertEquals(0.0, value(LossRegistry.build(spec), x, y), 0.0, spec);
        }
        assertEquals(0.0, value(LossRegistry.build("margin"), x, y, manager.create(new float[] {1.2f})), 0.0);
        // contrastive still pushes the negatives apart
        assertEquals(
                BruteForce.contrastive(x, y, DIM, "l2", 0, 1, true),
                value(LossRegistry.build("contrastive"), x, y),
                TOLERANCE);
    }

    /** A pair selection fixed in advance (to test a loss's math apart from its sampler). */
    record FixedPairs(List<Pair> pairs) implements PairMiner {
        @Override
        public List<Pair> mine(double[] distances, int[] labels, int dim) {
            return pairs;
        }

        @Override
        public String name() {
            return "fixed";
        }
    }
}
