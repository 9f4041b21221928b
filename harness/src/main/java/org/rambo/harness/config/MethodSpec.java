package org.rambo.harness.config;

/** One method of a grid: an id (used in run folder names and reports) and its loss spec. */
public record MethodSpec(String id, String loss) {

    public MethodSpec {
        Checks.require(
                id != null && id.matches("[a-z0-9][a-z0-9_.-]*"),
                "methods[].id",
                "must be lower-case letters, digits, '.', '_' or '-', got " + id);
        Checks.require(loss != null && !loss.isBlank(), "methods[" + id + "].loss", "is required (a loss spec)");
    }
}
