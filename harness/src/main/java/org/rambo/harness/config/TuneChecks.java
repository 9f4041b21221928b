package org.rambo.harness.config;

import java.util.List;
import java.util.Map;

/**
 * The tune section against the grid it tunes: every method it names exists, and every key of
 * a search space is the learning rate or a key of the method's loss that takes the range's
 * ends and every choice.
 */
final class TuneChecks {

    private TuneChecks() {}

    static void check(Located<GridSpec> grid) {
        GridSpec g = grid.value();
        TuneSpec tune = g.tune();
        if (tune == null) {
            return;
        }
        List<String> ids = g.methods().stream().map(MethodSpec::id).toList();
        for (String id : tune.methods().keySet()) {
            if (!ids.contains(id)) {
                fail(grid, "tune.methods." + id, "no method '" + id + "' in the grid; methods: " + ids);
            }
        }
        for (MethodSpec m : g.methods()) {
            for (Map.Entry<String, ParamSpec> e : tune.space(m.id()).entrySet()) {
                String key = (tune.methods().getOrDefault(m.id(), Map.of()).containsKey(e.getKey())
                                ? "tune.methods." + m.id()
                                : "tune.shared")
                        + "." + e.getKey();
                if (e.getValue() == null) {
                    fail(grid, key, "needs a distribution, e.g. {dist: uniform, low: 0, high: 1}");
                }
                if (e.getKey().equals(TuneSpec.LEARNING_RATE)) {
                    if (e.getValue().dist().equals("choice")) {
                        fail(grid, key, "the learning rate takes a range (uniform or log-uniform), not a choice");
                    }
                    continue;
                }
                ParamSpec p = e.getValue();
                List<String> tried = p.dist().equals("choice")
                        ? p.values()
                        : List.of(TunedLoss.format(p, p.low()), TunedLoss.format(p, p.high()));
                for (String v : tried) {
                    try {
                        TunedLoss.apply(m.loss(), Map.of(e.getKey(), v));
                    } catch (IllegalArgumentException refused) {
                        fail(grid, key, "(method '" + m.id() + "', value " + v + "): " + refused.getMessage());
                    }
                }
            }
        }
    }

    private static void fail(Located<GridSpec> grid, String key, String problem) {
        throw grid.fail(key, problem);
    }
}
