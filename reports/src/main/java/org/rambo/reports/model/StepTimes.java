package org.rambo.reports.model;

/**
 * Mean milliseconds per training step of one run, from steps.csv. The phases are the
 * ones training times separately; {@code sortMs} is the time inside the ranking sort
 * of RaMBO losses (0 for other losses), which happens within the loss and backward phases.
 */
public record StepTimes(
        long steps,
        double dataMs,
        double forwardMs,
        double lossMs,
        double sortMs,
        double backwardMs,
        double optimizerMs) {

    /** Phase names in the order the report shows them (also the steps.csv column stems). */
    public static final java.util.List<String> PHASES =
            java.util.List.of("data", "forward", "loss", "sort", "backward", "optimizer");

    public double phase(String name) {
        return switch (name) {
            case "data" -> dataMs;
            case "forward" -> forwardMs;
            case "loss" -> lossMs;
            case "sort" -> sortMs;
            case "backward" -> backwardMs;
            case "optimizer" -> optimizerMs;
            default -> throw new IllegalArgumentException("unknown phase " + name);
        };
    }

    /** A whole step: the five disjoint phases (sort is already inside loss and backward). */
    public double totalMs() {
        return dataMs + forwardMs + lossMs + backwardMs + optimizerMs;
    }
}
