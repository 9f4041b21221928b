package org.rambo.harness.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

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
        Checks.require(seeds.stream().allMatch(Objects::nonNull), "seeds", "must be whole numbers, got " + seeds);
        // a seed twice would be two runs with one folder: the second would find the first finished
        Checks.require(
                seeds.stream().distinct().count() == seeds.size(), "seeds", "must not repeat a seed, got " + seeds);
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
        if (s.stream().distinct().count() != s.size()) {
            throw new ConfigException(
                    "--seeds " + s.stream().map(String::valueOf).collect(Collectors.joining(","))
                            + ": a seed is given twice; give each seed once");
        }
        return new GridSpec(name, dataset, protocol, s, m, tune);
    }
}
