package org.rambo.rank;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * The margin shift {@code y - alpha * d * (rel - 0.5)}. Deterministic mode uses d = 1 (the
 * recall reference); noisy mode draws d = |N(0,1)| per element from a seeded stream, as the
 * public AP reference does.
 */
final class MarginNoise {

    private final float margin;
    private Random random;
    private final long seed;

    private MarginNoise(float margin, Random random, long seed) {
        this.margin = margin;
        this.random = random;
        this.seed = seed;
    }

    static MarginNoise deterministic(float margin) {
        return new MarginNoise(margin, null, 0L);
    }

    static MarginNoise seeded(float margin, long seed) {
        return new MarginNoise(margin, new Random(seed), seed);
    }

    boolean isNoisy() {
        return random != null;
    }

    long seed() {
        return seed;
    }

    float margin() {
        return margin;
    }

    /** The shifted scores: positives pushed down, negatives up, by margin / 2 (times noise). */
    float[] shift(float[] scores, float[] relevance, int rows, int cols) {
        float[] shifted = new float[scores.length];
        if (random == null) {
            // element by element, so rows can go to several threads
            // margin * (relevance - 0.5) takes two values (relevance is 0 or 1), both exact
            double down = (double) margin * 0.5;
            double up = (double) margin * -0.5;
            Blackbox.forEachRow(rows, cols, r -> {
                for (int i = r * cols; i < (r + 1) * cols; i++) {
                    shifted[i] = (float) (scores[i] - (relevance[i] != 0f ? down : up));
                }
            });
        } else {
            // one stream in element order: the draws must not depend on the number of threads
            synchronized (this) {
                for (int i = 0; i < scores.length; i++) {
                    double d = Math.abs(random.nextGaussian());
                    shifted[i] = (float) (scores[i] - (double) margin * d * (relevance[i] - 0.5));
                }
            }
        }
        return shifted;
    }

    /**
     * The noise stream's exact position (java.util.Random's serial form: seed and the pending
     * Gaussian), so a resumed run draws the numbers an uninterrupted one would. Empty when
     * deterministic.
     */
    synchronized byte[] state() {
        if (random == null) {
            return new byte[0];
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the margin noise stream", e);
        }
        return bytes.toByteArray();
    }

    /** Continues the stream from a {@link #state()}. */
    synchronized void restore(byte[] state) {
        if (random == null) {
            if (state.length != 0) {
                throw new IllegalArgumentException("a deterministic margin has no noise stream to restore");
            }
            return;
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(state))) {
            Object restored = in.readObject();
            if (restored.getClass() != Random.class) {
                throw new IllegalArgumentException(
                        "not a margin noise state: " + restored.getClass().getName());
            }
            random = (Random) restored;
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("not a margin noise state: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return random == null ? "margin=" + margin : "margin=" + margin + " x |N(0,1)| seed=" + seed;
    }
}
