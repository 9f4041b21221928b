package org.rambo.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rambo.reports.io.Json;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.Run;

/** Per grid: the protocol its runs share, any run that differs, and each method's loss spec. */
final class ProtocolSection {

    private ProtocolSection() {}

    static List<View.Protocol> of(List<Run> runs) {
        Map<String, List<Run>> byGrid = new TreeMap<>();
        runs.forEach(
                r -> byGrid.computeIfAbsent(r.grid(), g -> new ArrayList<>()).add(r));
        List<View.Protocol> out = new ArrayList<>();
        byGrid.forEach((grid, rs) -> {
            Map<String, List<Run>> byProtocol = new LinkedHashMap<>();
            rs.forEach(r -> byProtocol
                    .computeIfAbsent(Objects.requireNonNullElse(r.protocolJson(), "null"), k -> new ArrayList<>())
                    .add(r));
            // The protocol most runs used is shown; any run that differs is named, since the
            // whole point of the suite is that all methods share one protocol.
            String main = byProtocol.entrySet().stream()
                    .max((a, b) ->
                            Integer.compare(a.getValue().size(), b.getValue().size()))
                    .orElseThrow()
                    .getKey();
            List<String> diffs = new ArrayList<>();
            byProtocol.forEach((p, prs) -> {
                if (!p.equals(main)) {
                    prs.forEach(r -> diffs.add(r.relative()));
                }
            });
            Map<String, Set<String>> losses = new TreeMap<>(Metrics.METHOD_COMPARATOR);
            rs.forEach(r -> losses.computeIfAbsent(r.method(), k -> new TreeSet<>())
                    .add(Objects.requireNonNullElse(r.loss(), "(not recorded)")));
            List<View.KeyValue> methods = losses.entrySet().stream()
                    .map(e -> new View.KeyValue(e.getKey(), String.join(" | ", e.getValue())))
                    .toList();
            out.add(new View.Protocol(
                    grid,
                    rs.size(),
                    main.equals("null") ? "(config.json has no protocol)" : Json.pretty(main),
                    methods,
                    diffs));
        });
        return out;
    }

    /** The warning a grid with differing protocols gets. */
    static List<String> warnings(List<View.Protocol> protocols) {
        return protocols.stream()
                .filter(View.Protocol::hasDifferences)
                .map(p -> "grid " + p.grid() + ": " + p.differences().size()
                        + " run(s) used a different protocol than the rest: " + String.join(", ", p.differences()))
                .toList();
    }
}
