package org.rambo.harness.config;

import java.util.List;

/**
 * A grid: one protocol, declared once, and the methods (loss specs) that all run under it,
 * for each seed. Only the loss differs between the runs of a grid.
 */
public record GridSpec(
        String name,
        DatasetSpec dataset,
        ProtocolSpec protocol,
        List<Long> seeds,
        List<MethodSpec> methods,
        TuneSpec tune) {

    /** A grid without a tune section. */
    public GridSpec(
            String name, DatasetSpec dataset, ProtocolSpec protocol, List<Long> seeds, List<MethodSpec> methods) {
        this(name, dataset, protocol, seeds, methods, null);
    }

    public GridSpec {
        Checks.require(
                name != null && name.matches("[A-Za-z0-9_.-]+"),
                "name",
                "must be a non-empty name of letters, digits, '.', '_' or '-'");
        Checks.require(dataset != null, "dataset", "is required");
        Checks.require(protocol != null, "protocol", "is required");
        Checks.require(seeds != null && !seeds.isEmpty(), "seeds", "must list at least one seed");
        Checks.require(methods != null && !methods.isEmpty(), "methods", "must list at least one method");
        seeds = List.copyOf(seeds);
        methods = List.copyOf(methods);
        long distinct = methods.stream().map(MethodSpec::id).distinct().count();
        Checks.require(distinct == methods.size(), "methods", "method ids must be unique");
    }

    /** The same grid restricted to some methods and/or seeds (CLI --only / --seeds). */
    public GridSpec select(List<String> onlyMethods, List<Long> onlySeeds) {
        List<MethodSpec> m = methods;
        if (onlyMethods != null && !onlyMethods.isEmpty()) {
            for (String id : onlyMethods) {
                if (methods.stream().noneMatch(x -> x.id().equals(id))) {
                    throw new ConfigException("no method '" + id + "' in grid " + name + "; methods: "
                            + methods.stream().map(MethodSpec::id).toList());
                }
            }
            m = methods.stream().filter(x -> onlyMethods.contains(x.id())).toList();
        }
        List<Long> s = onlySeeds == null || onlySeeds.isEmpty() ? seeds : onlySeeds;
        return new GridSpec(name, dataset, protocol, s, m, tune);
    }
}
