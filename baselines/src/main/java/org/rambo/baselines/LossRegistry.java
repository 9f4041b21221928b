package org.rambo.baselines;

import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.rambo.rank.ApLoss;
import org.rambo.rank.RamboRetrievalLoss;
import org.rambo.rank.RecallLoss;

/**
 * Builds every loss, RaMBO's included, from the spec strings grids use:
 * {@code name[:key=value[,key=value...]]}, e.g. {@code triplet:margin=0.1,mining=semihard}.
 * Unknown names, unknown keys and values of the wrong type are errors that list the valid
 * ones. {@code parse(s).toString()} is the canonical spec (all keys, defaults filled in).
 */
public final class LossRegistry {

    /** The type of a spec key's value. */
    public enum Type { NUMBER, INTEGER, BOOLEAN, CHOICE }

    /** One key of a loss: its type, default, allowed values (CHOICE) and where the default comes from. */
    public record Key(String name, Type type, String defaultValue, List<String> choices, String source) {
        static Key number(String name, String dflt, String source) {
            return new Key(name, Type.NUMBER, dflt, List.of(), source);
        }

        static Key integer(String name, String dflt, String source) {
            return new Key(name, Type.INTEGER, dflt, List.of(), source);
        }

        static Key bool(String name, String dflt, String source) {
            return new Key(name, Type.BOOLEAN, dflt, List.of(), source);
        }

        static Key choice(String name, String dflt, List<String> choices, String source) {
            return new Key(name, Type.CHOICE, dflt, choices, source);
        }

        String canonical(String lossName, String value) {
            try {
                return switch (type) {
                    case NUMBER -> {
                        float f = Float.parseFloat(value);
                        if (!Float.isFinite(f)) {
                            throw new NumberFormatException();
                        }
                        yield Float.toString(f);
                    }
                    case INTEGER -> Integer.toString(Integer.parseInt(value));
                    case BOOLEAN -> {
                        if (!value.equals("true") && !value.equals("false")) {
                            throw new NumberFormatException();
                        }
                        yield value;
                    }
                    case CHOICE -> {
                        if (!choices.contains(value)) {
                            throw new NumberFormatException();
                        }
                        yield value;
                    }
                };
            } catch (NumberFormatException e) {
                String expected = switch (type) {
                    case NUMBER -> "a number";
                    case INTEGER -> "an integer";
                    case BOOLEAN -> "true or false";
                    case CHOICE -> "one of " + choices;
                };
                throw new IllegalArgumentException("loss '" + lossName + "': key '" + name + "' expects "
                        + expected + ", got '" + value + "'");
            }
        }
    }

    /** A loss the registry can build. */
    public record Definition(String name, String description, List<Key> keys, Function<LossSpec, Loss> factory) {}

    private static final String PML = "pytorch-metric-learning default";
    private static final Map<String, Definition> DEFINITIONS = new LinkedHashMap<>();

    static {
        List<String> distances = List.of("l2", "cosine");
        List<String> reductions = List.of("nonzero", "all");
        add(new Definition("contrastive", "relu(d_ap - pos) + relu(neg - d_an) over all pairs",
                List.of(Key.number("pos", "0", PML), Key.number("neg", "1", PML + " (DESIGN §4: m_neg 1 on L2)"),
                        Key.choice("distance", "l2", distances, "DESIGN §4; pytorch-metric-learning default (LpDistance)"),
                        Key.choice("reduction", "nonzero", reductions, PML)),
                s -> ContrastiveLoss.builder().optPositiveMargin(s.getFloat("pos"))
                        .optNegativeMargin(s.getFloat("neg")).optDistance(Distance.of(s.get("distance")))
                        .optReduction(Reduction.of(s.get("reduction"))).build()));
        add(new Definition("triplet", "relu(d_ap - d_an + margin) over mined triplets",
                List.of(Key.number("margin", "0.05", PML + " (Reality Check tuned 0.05-0.12)"),
                        Key.choice("mining", "all", List.of("all", "semihard", "batchhard"), PML + " (all triplets)"),
                        Key.choice("distance", "l2", distances, PML),
                        Key.choice("reduction", "nonzero", reductions, PML)),
                s -> TripletLoss.builder().optMargin(s.getFloat("margin")).optMiner(TripletMiner.of(s.get("mining")))
                        .optDistance(Distance.of(s.get("distance"))).optReduction(Reduction.of(s.get("reduction")))
                        .build()));
        add(new Definition("margin", "Wu et al. 2017: relu(alpha + y (D - beta)), learnable beta, "
                + "distance-weighted sampling",
                List.of(Key.number("alpha", "0.2", "Wu et al. 2017"),
                        Key.number("beta", "1.2", "Wu et al. 2017 (initial value; beta is trained)"),
                        Key.integer("classes", "0", "ours: 0 = one global beta; Wu et al.'s code learns one per class"),
                        Key.number("nu", "0", "Wu et al. 2017 code default"),
                        Key.number("cutoff", "0.5", "Wu et al. 2017"),
                        Key.number("nonzero_cutoff", "1.4", "Wu et al. 2017"),
                        Key.integer("seed", "0", "ours (sampling stream)")),
                s -> MarginLoss.builder().optAlpha(s.getFloat("alpha")).optBeta(s.getFloat("beta"))
                        .optClasses(s.getInt("classes")).optNu(s.getFloat("nu"))
                        .optSampler(DistanceWeightedSampler.builder().optCutoff(s.getFloat("cutoff"))
                                .optNonzeroLossCutoff(s.getFloat("nonzero_cutoff")).optSeed(s.getLong("seed")).build())
                        .build()));
        add(new Definition("smooth-ap", "Brown et al. 2020: 1 - mean AP with sigmoid-smoothed ranks",
                List.of(Key.number("tau", "0.01", "Brown et al. 2020 (and pytorch-metric-learning)"),
                        Key.integer("chunk", "16", "ours (queries per chunk, memory O(chunk B^2))")),
                s -> SmoothApLoss.builder().optTemperature(s.getFloat("tau")).optChunk(s.getInt("chunk")).build()));
        add(new Definition("fastap", "Cakir et al. 2019: 1 - mean AP from soft distance histograms",
                List.of(Key.integer("bins", "10", "Cakir et al. 2019 (suggested L), pytorch-metric-learning default")),
                s -> FastApLoss.builder().optBins(s.getInt("bins")).build()));
        add(new Definition("rambo-recall", "RaMBO recall loss (blackbox ranking)",
                List.of(Key.number("lambda", "4", "later retrieval reimplementation (DESIGN §3)"),
                        Key.number("margin", "0.02", "public reference code default"),
                        Key.choice("weight", "log1p", List.of("identity", "log1p", "loglog1p"), "paper: RaMBO log"),
                        Key.integer("memory", "0", "ours (paper used memory on SOP/In-shop)"),
                        Key.choice("reduction", "reference", List.of("reference", "per-query"),
                                "public reference code")),
                s -> RamboRetrievalLoss.builder().optName("rambo-recall")
                        .setRankingLoss(RecallLoss.builder().optLambda(s.getFloat("lambda"))
                                .optMargin(s.getFloat("margin"))
                                .optWeight(RecallLoss.Weight.valueOf(s.get("weight").toUpperCase(java.util.Locale.ROOT)))
                                .optReduction(s.get("reduction").equals("reference") ? RecallLoss.Reduction.REFERENCE
                                        : RecallLoss.Reduction.PER_QUERY_MEAN)
                                .build())
                        .optMemory(s.getInt("memory")).build()));
        add(new Definition("rambo-ap", "RaMBO mAP (+ APC) loss (blackbox ranking)",
                List.of(Key.number("lambda", "4", "later retrieval reimplementation (detection: 0.5)"),
                        Key.number("margin", "0.02", "public reference code default (detection: 0.15)"),
                        Key.integer("memory", "0", "ours (detection: 7)"),
                        Key.number("apc", "0", "pure mAP (detection: 1/3, i.e. 2:1)"),
                        Key.bool("noise", "false", "ours; the reference AP code scales the margin by abs(N(0,1))"),
                        Key.integer("seed", "0", "ours (noise stream)")),
                s -> RamboRetrievalLoss.builder().optName("rambo-ap")
                        .setRankingLoss(ApLoss.builder().optLambda(s.getFloat("lambda")).optMargin(s.getFloat("margin"))
                                .optApcWeight(s.getFloat("apc")).optMarginNoise(s.getBoolean("noise"), s.getLong("seed"))
                                .build())
                        .optMemory(s.getInt("memory")).build()));
    }

    private LossRegistry() {}

    private static void add(Definition d) {
        DEFINITIONS.put(d.name(), d);
    }

    /** Every loss the registry knows, in a fixed order. */
    public static List<Definition> definitions() {
        return List.copyOf(DEFINITIONS.values());
    }

    /** Parses and checks a spec, filling in defaults. */
    public static LossSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty loss spec; valid losses: " + DEFINITIONS.keySet());
        }
        String s = spec.strip();
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        Definition def = DEFINITIONS.get(name);
        if (def == null) {
            throw new IllegalArgumentException("unknown loss '" + name + "' in spec '" + spec + "'; valid losses: "
                    + DEFINITIONS.keySet());
        }
        Map<String, String> given = new LinkedHashMap<>();
        if (colon >= 0 && colon < s.length() - 1) {
            for (String part : s.substring(colon + 1).split(",", -1)) {
                int eq = part.indexOf('=');
                if (eq <= 0 || part.substring(0, eq).isBlank()) {
                    throw new IllegalArgumentException("loss spec '" + spec + "': '" + part
                            + "' is not key=value");
                }
                String key = part.substring(0, eq).strip();
                String value = part.substring(eq + 1).strip();
                if (given.put(key, value) != null) {
                    throw new IllegalArgumentException("loss spec '" + spec + "': key '" + key + "' given twice");
                }
            }
        }
        List<String> validKeys = def.keys().stream().map(Key::name).toList();
        for (String key : given.keySet()) {
            if (!validKeys.contains(key)) {
                throw new IllegalArgumentException("loss '" + name + "': unknown key '" + key + "'; valid keys: "
                        + String.join(", ", validKeys));
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Key k : def.keys()) {
            params.put(k.name(), k.canonical(name, given.getOrDefault(k.name(), k.defaultValue())));
        }
        return new LossSpec(name, params);
    }

    /** Builds the DJL loss a spec describes. */
    public static Loss build(String spec) {
        return build(parse(spec));
    }

    public static Loss build(LossSpec spec) {
        return DEFINITIONS.get(spec.name()).factory().apply(spec);
    }

    /** A Markdown table of every loss, key, default and the default's source (for the README). */
    public static String markdownTable() {
        List<String> rows = new ArrayList<>();
        rows.add("| loss | key | default | values | default from |");
        rows.add("|---|---|---|---|---|");
        for (Definition d : DEFINITIONS.values()) {
            for (Key k : d.keys()) {
                String values = switch (k.type()) {
                    case CHOICE -> String.join(" / ", k.choices());
                    case BOOLEAN -> "true / false";
                    case INTEGER -> "integer";
                    case NUMBER -> "number";
                };
                rows.add("| `" + d.name() + "` | `" + k.name() + "` | " + k.defaultValue() + " | " + values + " | "
                        + k.source() + " |");
            }
        }
        return rows.stream().collect(Collectors.joining("\n"));
    }
}
