package org.rambo.detection;

/** The training loss became NaN or infinite: the run ends as failed, with this one-line reason. */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
