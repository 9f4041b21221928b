package org.rambo.harness.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.runfolder.MetricNames;

/**
 * How {@code rambo-bench tune} searches each method's settings: the same {@code budget} of
 * trials for every method, each trial trained once per class-disjoint fold of the training
 * classes ({@code folds}) and scored by the mean over the folds of {@code objective} on the
 * held-out fold. The first {@code initialTrials} trials are a Latin hypercube; the rest are
 * proposed by a tree-structured Parzen estimator, all seeded by {@code seed}.
 *
 * @param budget        trials per method
 * @param folds         k of the class-disjoint k-fold split (>= 2)
 * @param initialTrials space-filling trials before the model-based search (default: min(budget, 5))
 * @param seed          the optimiser's seed (default 0); the tuning runs train with the grid's first seed
 * @param objective     the final.json metric maximised (default map_at_r)
 * @param sampler       P x K for the tuning runs, which see fewer classes (default: the protocol's)
 * @param shared        keys tuned for every method (e.g. learning_rate)
 * @param methods       method id -> its own keys (loss spec keys, or learning_rate)
 */
public record TuneSpec(
        Integer budget,
        Integer folds,
        Integer initialTrials,
        Long seed,
        String objective,
        ProtocolSpec.SamplerSpec sampler,
        Map<String, ParamSpec> shared,
        Map<String, Map<String, ParamSpec>> methods) {

    /** The protocol key a search space may name besides the loss spec's keys. */
    public static final String LEARNING_RATE = "learning_rate";

    public static final List<String> OBJECTIVES =
            List.of(MetricNames.MAP_AT_R, MetricNames.R_PRECISION, MetricNames.recallAt(1), MetricNames.PRECISION_AT_1);

    public TuneSpec {
        Checks.require(budget != null && budget > 0, "budget", "must be > 0 (trials per method)");
        Checks.require(folds != null && folds >= 2, "folds", "must be at least 2");
        initialTrials = initialTrials == null ? Math.min(budget, 5) : initialTrials;
        Checks.require(initialTrials >= 1, "initial_trials", "must be >= 1");
        seed = seed == null ? 0L : seed;
        objective = objective == null ? "map_at_r" : objective;
        Checks.require(OBJECTIVES.contains(objective), "objective", "must be one of " + OBJECTIVES);
        shared = shared == null ? Map.of() : new LinkedHashMap<>(shared);
        methods = methods == null ? Map.of() : new LinkedHashMap<>(methods);
    }

    /** The same search with another budget (the CLI's --budget). */
    public TuneSpec withBudget(int newBudget) {
        return new TuneSpec(
                newBudget, folds, Math.min(initialTrials, newBudget), seed, objective, sampler, shared, methods);
    }

    /** The keys tuned for a method: the shared ones, then its own, in the order written. */
    public Map<String, ParamSpec> space(String method) {
        Map<String, ParamSpec> out = new LinkedHashMap<>(shared);
        out.putAll(methods.getOrDefault(method, Map.of()));
        return out;
    }
}
