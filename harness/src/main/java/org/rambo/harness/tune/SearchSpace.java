package org.rambo.harness.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.harness.config.ParamSpec;
import org.rambo.harness.config.TunedLoss;

/**
 * A method's tuned keys as the unit cube the optimiser searches: each key is one coordinate in
 * [0, 1], mapped to its range linearly (uniform), in logarithm (log-uniform), to equal-width
 * bins of the integers (integer) or of the choices (choice, a categorical coordinate).
 */
public final class SearchSpace {

    private final List<String> keys;
    private final List<ParamSpec> params;

    public SearchSpace(Map<String, ParamSpec> space) {
        this.keys = List.copyOf(space.keySet());
        this.params = List.copyOf(space.values());
    }

    public int dimensions() {
        return keys.size();
    }

    public List<String> keys() {
        return keys;
    }

    /** Per coordinate: 0 for a continuous or integer key, else the number of choices. */
    public int[] levels() {
        int[] out = new int[params.size()];
        for (int d = 0; d < out.length; d++) {
            out[d] = params.get(d).dist().equals("choice")
                    ? params.get(d).values().size()
                    : 0;
        }
        return out;
    }

    /** The setting a point of the unit cube stands for: key -> value as written into a spec. */
    public Map<String, String> setting(double[] point) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int d = 0; d < keys.size(); d++) {
            out.put(keys.get(d), value(params.get(d), point[d]));
        }
        return out;
    }

    static String value(ParamSpec p, double u) {
        double x = Math.min(1.0, Math.max(0.0, u));
        return switch (p.dist()) {
            case "uniform" -> TunedLoss.format(p, p.low() + x * (p.high() - p.low()));
            case "log-uniform" -> TunedLoss.format(p, Math.exp(Math.log(p.low()) + x * Math.log(p.high() / p.low())));
            case "integer" -> {
                long n = Math.round(p.high() - p.low()) + 1;
                yield TunedLoss.format(p, p.low() + bin(x, n));
            }
            case "choice" -> p.values().get((int) bin(x, p.values().size()));
            default -> throw new IllegalStateException("unknown distribution " + p.dist());
        };
    }

    /** Which of n equal bins of [0, 1] holds x (1 falls in the last). */
    static long bin(double x, long n) {
        return Math.min(n - 1, (long) Math.floor(x * n));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (int d = 0; d < keys.size(); d++) {
            ParamSpec p = params.get(d);
            parts.add(keys.get(d) + "~" + p.dist()
                    + (p.dist().equals("choice") ? p.values() : "[" + p.low() + ", " + p.high() + "]"));
        }
        return String.join(" ", parts);
    }
}
