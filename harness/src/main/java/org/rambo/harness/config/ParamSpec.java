package org.rambo.harness.config;

import java.util.List;

/**
 * One tuned key's distribution: {@code uniform} or {@code log-uniform} over [low, high],
 * {@code integer} over the integers low..high, or {@code choice} among {@code values}.
 */
public record ParamSpec(String dist, Double low, Double high, List<String> values) {

    public static final List<String> DISTRIBUTIONS = List.of("uniform", "log-uniform", "integer", "choice");

    public ParamSpec {
        Checks.require(dist != null && DISTRIBUTIONS.contains(dist), "dist", "must be one of " + DISTRIBUTIONS);
        if (dist.equals("choice")) {
            Checks.require(
                    values != null && !values.isEmpty() && values.stream().allMatch(v -> v != null && !v.isBlank()),
                    "values",
                    "must list at least one value for a choice");
            Checks.require(low == null && high == null, "low", "is not used by a choice (it takes values)");
            values = List.copyOf(values);
        } else {
            Checks.require(values == null, "values", "is only for a choice; " + dist + " takes low and high");
            Checks.require(low != null && Double.isFinite(low), "low", "is required (a number)");
            Checks.require(high != null && Double.isFinite(high), "high", "is required (a number)");
            Checks.require(high > low, "high", "must be greater than low (" + low + ")");
            Checks.require(!dist.equals("log-uniform") || low > 0, "low", "must be > 0 for log-uniform");
            Checks.require(
                    !dist.equals("integer") || low == Math.rint(low) && high == Math.rint(high),
                    "low",
                    "and high must be whole numbers for integer");
        }
    }
}
