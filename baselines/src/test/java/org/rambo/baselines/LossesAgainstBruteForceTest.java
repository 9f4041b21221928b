package org.rambo.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every loss against its plain-Java double-precision brute force, on small random batches. */
class LossesAgainstBruteForceTest {

    static final int N = 12;
    static final int DIM = 5;

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

    private double value(Loss loss, float[] x, int[] y) {
        NDArray emb = manager.create(x, new Shape(y.length, x.length / y.length));
        float[] yf = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            yf[i] = y[i];
        }
        return loss.evaluate(new NDList(manager.create(yf)), new NDList(emb)).getFloat();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void contrastive(long seed) {
        float[] x = randomEmbeddings(seed, N, DIM, 0.4f);
        int[] y = labels(N, 3);
        for (boolean nonzero : new boolean[] {true, false}) {
            Loss loss = ContrastiveLoss.builder().optPositiveMargin(0.2f).optNegativeMargin(1.1f)
                    .optReduction(nonzero ? Reduction.MEAN_NONZERO : Reduction.MEAN_ALL).build();
            assertEquals(BruteForce.contrastive(x, y, DIM, 0.2, 1.1, nonzero), value(loss, x, y), 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"all", "semihard", "batchhard"})
    void triplet(String mining) {
        for (long seed = 1; seed <= 3; seed++) {
            float[] x = randomEmbeddings(seed, N, DIM, 0.5f);
            int[] y = labels(N, 4);
            double[] d = new double[N * N];
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < N; j++) {
                    d[i * N + j] = BruteForce.l2(x, i, j, DIM);
                }
            }
            TripletMiner miner = TripletMiner.of(mining);
            List<Triplet> triplets = miner.mine(d, y, 0.3);
            Loss loss = TripletLoss.builder().optMargin(0.3f).optMiner(miner).build();
            assertEquals(BruteForce.triplet(x, DIM, triplets, 0.3, true), value(loss, x, y), 1e-5,
                    mining + " seed " + seed);
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {0.01f, 0.1f, 0.5f})
    void smoothAp(float tau) {
        float[] x = randomEmbeddings(7, N, DIM, 1f);
        int[] y = labels(N, 3);
        for (int chunk : new int[] {1, 5, 64}) {
            Loss loss = SmoothApLoss.builder().optTemperature(tau).optChunk(chunk).build();
            assertEquals(BruteForce.smoothAp(x, y, DIM, tau), value(loss, x, y), 1e-5, "tau " + tau + " chunk " + chunk);
        }
    }

    @Test
    void smoothApWithUnequalClassesAndASingleton() {
        float[] x = randomEmbeddings(8, 9, DIM, 1f);
        int[] y = {0, 0, 0, 0, 1, 1, 2, 1, 3}; // class 2 and 3 have no positive: those queries are skipped
        Loss loss = SmoothApLoss.builder().optTemperature(0.05f).build();
        assertEquals(BruteForce.smoothAp(x, y, DIM, 0.05), value(loss, x, y), 1e-5);
    }

    @Test
    void smoothApApproachesOneMinusExactApAsTauShrinks() {
        float[] x = randomEmbeddings(9, 16, DIM, 1f);
        int[] y = labels(16, 4);
        double exact = BruteForce.oneMinusExactAp(x, y, DIM);
        double previous = Double.POSITIVE_INFINITY;
        for (float tau : new float[] {0.5f, 0.1f, 0.01f, 0.0001f}) {
            double gap = Math.abs(value(SmoothApLoss.builder().optTemperature(tau).build(), x, y) - exact);
            assertTrue(gap < previous, "gap should shrink with tau: " + gap + " at tau " + tau);
            previous = gap;
        }
        assertTrue(previous < 1e-3, "at tau 1e-4 Smooth-AP is 1 - AP up to " + previous);
    }

    @Test
    void marginLossOnItsSampledPairs() {
        float[] x = randomEmbeddings(10, N, DIM, 1f);
        int[] y = labels(N, 3);
        // normalise as the loss does, then compute pairs with the same sampler stream
        float[] xn = x.clone();
        for (int i = 0; i < N; i++) {
            double norm = 0;
            for (int d = 0; d < DIM; d++) {
                norm += xn[i * DIM + d] * xn[i * DIM + d];
            }
            for (int d = 0; d < DIM; d++) {
                xn[i * DIM + d] /= (float) Math.sqrt(norm + 1e-12);
            }
        }
        float[] dist = new float[N * N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                dist[i * N + j] = (float) BruteForce.l2(xn, i, j, DIM);
            }
        }
        List<long[]> pairs = MarginLoss.builder().optSeed(5).build().samplePairs(dist, y, DIM);
        assertEquals(2 * N * 3, pairs.size(), "every (anchor, positive) plus one negative each");
        MarginLoss loss = MarginLoss.builder().optSeed(5).optAlpha(0.2f).optBeta(1.2f).build();
        NDArray emb = manager.create(x, new Shape(N, DIM));
        float[] yf = new float[N];
        for (int i = 0; i < N; i++) {
            yf[i] = y[i];
        }
        float got = loss.evaluate(new NDList(manager.create(yf)), new NDList(emb, manager.create(new float[] {1.2f})))
                .getFloat();
        assertEquals(BruteForce.margin(xn, DIM, pairs, 0.2, 1.2), got, 1e-5);
    }

    /** Central finite differences of the smooth losses against DJL autograd. */
    @Test
    void gradientsMatchFiniteDifferences() {
        float[] x = randomEmbeddings(11, 8, 4, 1f);
        int[] y = labels(8, 2);
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i];
        }
        check(SmoothApLoss.builder().optTemperature(0.2f).build(), x, y,
                v -> BruteForce.smoothAp(v, y, 4, 0.2));
        check(ContrastiveLoss.builder().optPositiveMargin(0f).optNegativeMargin(1.5f)
                .optReduction(Reduction.MEAN_ALL).build(), x, y,
                v -> BruteForce.contrastive(v, y, 4, 0, 1.5, false));
    }

    private void check(Loss loss, float[] x, int[] y, java.util.function.ToDoubleFunction<float[]> bruteForce) {
        NDArray emb = manager.create(x, new Shape(y.length, x.length / y.length));
        emb.setRequiresGradient(true);
        float[] yf = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            yf[i] = y[i];
        }
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            c.backward(loss.evaluate(new NDList(manager.create(yf)), new NDList(emb)));
        }
        float[] grad = emb.getGradient().toFloatArray();
        double h = 1e-3;
        for (int i = 0; i < x.length; i++) {
            float[] plus = x.clone();
            float[] minus = x.clone();
            plus[i] += (float) h;
            minus[i] -= (float) h;
            double fd = (bruteForce.applyAsDouble(plus) - bruteForce.applyAsDouble(minus)) / (2 * h);
            assertEquals(fd, grad[i], 2e-3, "d loss / d x[" + i + "]");
        }
    }
}
