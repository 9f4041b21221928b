package org.rambo.training;

/** The loss (or the embeddings) became NaN or infinite: the run stops and keeps its last good checkpoint. */
public final class NonFiniteLossException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NonFiniteLossException(int epoch, int step, float value, String what) {
        super(what + " became " + (what.equals("loss") ? String.valueOf(value) : "NaN or infinite")
                + " at epoch " + epoch + ", step " + step
                + "; the run stopped and kept the checkpoint of the last finished epoch");
    }
}
