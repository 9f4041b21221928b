package org.rambo.rank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Base of the RaMBO losses: validates the input, computes loss and blackbox gradient on Java
 * arrays, and returns a DJL scalar that carries that gradient.
 *
 * <p>DJL has no custom autograd function, so the gradient is injected with a surrogate whose
 * value is the loss and whose derivative is the blackbox gradient g:
 * {@code L + sum(s * g) - stopGradient(sum(s * g))}. The gradient is the one for an upstream
 * gradient of 1 (the loss used directly as the objective); scaling the returned loss scales
 * the gradient linearly, whereas a true blackbox layer would scale its perturbation.
 */
public abstract class BlackboxRankingLoss implements RankingLoss {

    private final float lambda;

    protected BlackboxRankingLoss(float lambda) {
        this.lambda = lambda;
    }

    public float lambda() {
        return lambda;
    }

    @Override
    public final NDArray compute(NDArray scores, NDArray relevance) {
        ScoreMatrix m = ScoreMatrix.of(scores, relevance);
        LossAndGradient result = evaluate(m.scores(), m.relevance(), m.rows(), m.cols());
        return withGradient(scores, result);
    }

    /**
     * Loss and gradient w.r.t. the scores on row-major arrays; validates like {@link #compute}.
     */
    public final LossAndGradient lossAndGradient(float[] scores, float[] relevance, int rows, int cols) {
        if (rows < 1 || cols < 1 || scores.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "scores length " + scores.length + " is not rows x cols = " + rows + " x " + cols);
        }
        if (relevance.length != scores.length) {
            throw new IllegalArgumentException(
                    "relevance length " + relevance.length + " does not match scores length " + scores.length);
        }
        ScoreMatrix.checkScores(scores, cols);
        ScoreMatrix.checkRelevance(relevance, cols);
        return evaluate(scores, relevance, rows, cols);
    }

    /**
     * The loss of a retrieval batch from its full score matrix {@code B × N} (query i is
     * candidate i): each row is ranked without its own column i, relevance is "same label".
     * Gives exactly what {@link #compute} gives on the matrix with the diagonal gathered out and
     * the label-equality matrix, without building either in the engine: one copy of the scores
     * out, the row without the diagonal and its relevance filled in Java, one copy of the
     * gradient (zero on the diagonal) back in.
     */
    final NDArray computeWithoutDiagonal(NDArray fullScores, long[] candidateLabels, int batch) {
        int total = candidateLabels.length;
        int cols = total - 1;
        // rows are copied straight from the engine's buffer into the matrix without the diagonal
        FloatBuffer full = ScoreMatrix.floatBuffer(fullScores);
        float[] y = new float[batch * cols];
        float[] t = new float[batch * cols];
        boolean[] nonFinite = new boolean[1];
        Blackbox.forEachRow(batch, cols, i -> {
            int src = i * total;
            int dst = i * cols;
            // columns 0..i-1 then i+1..total-1: the query itself is left out of its row
            full.get(src, y, dst, i);
            full.get(src + i + 1, y, dst + i, total - 1 - i);
            long label = candidateLabels[i];
            for (int j = 0; j < i; j++) {
                t[dst + j] = candidateLabels[j] == label ? 1f : 0f;
            }
            for (int j = i + 1; j < total; j++) {
                t[dst + j - 1] = candidateLabels[j] == label ? 1f : 0f;
            }
            for (int j = dst; j < dst + cols; j++) {
                if (!Float.isFinite(y[j])) {
                    nonFinite[0] = true; // racy but only ever set to true; the message comes below
                }
            }
        });
        if (nonFinite[0]) {
            ScoreMatrix.checkScores(y, cols); // throws, naming the first bad element as compute does
        }
        LossAndGradient result = evaluate(y, t, batch, cols);
        float[] g = result.gradient();
        // the gradient goes back with a zero diagonal, written into the engine's direct buffer
        ByteBuffer bytes = fullScores.getManager().allocateDirect(batch * total * Float.BYTES);
        FloatBuffer fullGradient = bytes.asFloatBuffer();
        Blackbox.forEachRow(batch, cols, i -> {
            fullGradient.put(i * total, g, i * cols, i);
            fullGradient.put(i * total + i + 1, g, i * cols + i, total - 1 - i);
        });
        NDArray gradient = fullScores.getManager().create(bytes, fullScores.getShape(), DataType.FLOAT32);
        return withGradient(fullScores, gradient, result.value());
    }

    /** The loss's own math on validated arrays. */
    protected abstract LossAndGradient evaluate(float[] scores, float[] relevance, int rows, int cols);

    static NDArray withGradient(NDArray scores, LossAndGradient result) {
        return withGradient(scores, scores.getManager().create(result.gradient(), scores.getShape()), result.value());
    }

    private static NDArray withGradient(NDArray scores, NDArray g, double value) {
        NDArray linear = scores.mul(g).sum();
        return linear.sub(linear.stopGradient()).add((float) value);
    }

    static float checkLambda(float lambda) {
        if (!(lambda > 0f) || !Float.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number > 0, got " + lambda);
        }
        return lambda;
    }

    static float checkMargin(float margin) {
        if (!(margin >= 0f) || !Float.isFinite(margin)) {
            throw new IllegalArgumentException("margin must be a finite number >= 0, got " + margin);
        }
        return margin;
    }
}
