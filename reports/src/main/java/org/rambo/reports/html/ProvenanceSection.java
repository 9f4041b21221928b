package org.rambo.reports.html;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.rambo.reports.model.Run;
import org.rambo.runfolder.CpuInfo;
import org.rambo.runfolder.Provenance;

/**
 * Where every number came from: the facts all runs share (or how they differ), one row per run
 * folder (commit, machine, CPU model and ISA extensions, numeric environment, engine, threads,
 * seeds, data checksum), and the runs that did not finish.
 */
final class ProvenanceSection {

    private ProvenanceSection() {}

    /** Each fact, read from a provenance record; null where the record does not say. */
    private static Map<String, Function<Provenance, String>> facts() {
        Map<String, Function<Provenance, String>> f = new LinkedHashMap<>();
        f.put("git commit", ProvenanceSection::commit);
        f.put("Java", p -> Format.join(p.javaVersion(), p.javaVendor()));
        f.put("machine", p -> Format.join(p.os(), p.arch()));
        f.put("CPU model", p -> p.cpu() == null ? null : p.cpu().model());
        f.put("CPU ISA extensions", ProvenanceSection::isa);
        f.put("numeric environment", ProvenanceSection::numericEnv);
        f.put("engine", ProvenanceSection::engine);
        f.put("device", p -> p.engine() == null ? null : p.engine().device());
        f.put("threads", ProvenanceSection::threads);
        f.put("dataset checksum", Provenance::datasetChecksum);
        return f;
    }

    static View.ProvenanceSummary summary(List<Run> runs) {
        List<View.KeyValue> shared = new ArrayList<>();
        facts().forEach((name, f) -> {
            Set<String> vals = new TreeSet<>();
            runs.forEach(r -> vals.add(
                    r.provenance() == null
                            ? "(missing)"
                            : Objects.requireNonNullElse(f.apply(r.provenance()), "(missing)")));
            shared.add(new View.KeyValue(
                    name,
                    vals.size() == 1
                            ? "all runs: " + vals.iterator().next()
                            : vals.size() + " different values: " + String.join("; ", vals)));
        });
        return new View.ProvenanceSummary(shared);
    }

    static List<View.ProvenanceRow> rows(List<Run> runs, Path outDir) {
        return runs.stream().map(r -> row(r, outDir)).toList();
    }

    private static View.ProvenanceRow row(Run r, Path outDir) {
        Provenance p = r.provenance();
        if (p == null) {
            String m = "(missing)";
            return new View.ProvenanceRow(
                    href(r, outDir),
                    r.relative(),
                    r.status().label(),
                    r.dataset(),
                    r.method(),
                    r.seed(),
                    m,
                    m,
                    m,
                    m,
                    m,
                    m,
                    m,
                    m,
                    m,
                    m,
                    m,
                    m,
                    m);
        }
        String commit = p.gitCommit() == null
                ? "(missing)"
                : p.gitCommit().substring(0, Math.min(10, p.gitCommit().length()))
                        + (Boolean.TRUE.equals(p.gitDirty()) ? "-dirty" : "");
        String cs = p.datasetChecksum();
        return new View.ProvenanceRow(
                href(r, outDir),
                r.relative(),
                r.status().label(),
                r.dataset(),
                r.method(),
                r.seed(),
                commit,
                Format.orMissing(Format.join(p.javaVersion(), p.javaVendor())),
                Format.orMissing(Format.join(p.os(), p.arch())),
                Format.orMissing(p.cpu() == null ? null : p.cpu().model()),
                Format.orMissing(isa(p)),
                Objects.requireNonNullElse(numericEnv(p), "(none set)"),
                Format.orMissing(engine(p)),
                Format.orMissing(p.engine() == null ? null : p.engine().device()),
                Format.orMissing(threads(p)),
                Format.orMissing(p.seeds() == null ? null : flat(p.seeds())),
                Format.orMissing(cs),
                cs == null ? "(missing)" : cs.substring(0, Math.min(12, cs.length())),
                Format.orMissing(p.startedAt()));
    }

    private static String commit(Provenance p) {
        return p.gitCommit() == null ? null : p.gitCommit() + (Boolean.TRUE.equals(p.gitDirty()) ? " (dirty)" : "");
    }

    private static String isa(Provenance p) {
        CpuInfo cpu = p.cpu();
        return cpu == null || cpu.isaExtensions() == null ? null : String.join(" ", cpu.isaExtensions());
    }

    /** The numeric libraries' variables that were set, or null when none was. */
    private static String numericEnv(Provenance p) {
        return p.numericEnv() == null || p.numericEnv().isEmpty() ? null : flat(p.numericEnv());
    }

    private static String engine(Provenance p) {
        Provenance.EngineInfo e = p.engine();
        if (e == null) {
            return null;
        }
        return Format.join(
                e.djlVersion() == null ? null : "DJL " + e.djlVersion(),
                e.name() == null && e.version() == null ? null : Format.join(e.name(), e.version()),
                e.nativeFlavor());
    }

    private static String threads(Provenance p) {
        Provenance.Threads t = p.threads();
        if (t == null) {
            return null;
        }
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("java", t.javaAvailableProcessors());
        m.put("intra-op", t.torchIntraOp());
        m.put("inter-op", t.torchInterOp());
        m.put("data", t.dataWorkers());
        return Format.join(m.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
    }

    /** {a: 1, b: 2} -> "a=1 b=2" for a table cell. */
    private static String flat(Map<String, ?> m) {
        return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    static List<View.NotFinishedRow> notFinished(List<Run> runs, Path outDir) {
        return runs.stream()
                .filter(r -> !r.finished())
                .map(r -> {
                    String epochs =
                            (r.epochsDone() == null ? "0" : r.epochsDone().toString())
                                    + (r.epochsPlanned() == null ? "" : " of " + r.epochsPlanned());
                    return new View.NotFinishedRow(
                            href(r, outDir),
                            r.relative(),
                            r.status().label(),
                            r.grid(),
                            r.dataset(),
                            r.method(),
                            r.seed(),
                            epochs,
                            r.failure() == null ? "" : r.failure(),
                            String.join("; ", r.notes()));
                })
                .toList();
    }

    /** A link from report.html to the run folder, relative so the pair can be moved together. */
    static String href(Run r, Path outDir) {
        Path target = r.folder().toAbsolutePath().normalize();
        Path from = outDir.toAbsolutePath().normalize();
        String rel;
        try {
            rel = from.relativize(target).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return target.toUri().toString();
        }
        StringBuilder sb = new StringBuilder();
        for (String seg : rel.split("/")) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.append('/').toString();
    }
}
