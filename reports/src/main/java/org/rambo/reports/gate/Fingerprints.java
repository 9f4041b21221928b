package org.rambo.reports.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rambo.reports.ReportInputException;
import org.rambo.reports.model.Run;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.Provenance;
import org.rambo.runfolder.RunColumns;
import org.rambo.runfolder.RunFiles;

/**
 * The gate's second question: are the numbers bit-identical to the machine that wrote the
 * fingerprint reference, or only within bands? Each run's fingerprints.csv (the loss and a SHA-256
 * of the weights after steps 1, 10, 100 and the last) is compared row by row with the reference
 * ({@code <reference>-fingerprints.csv} beside the gate's reference); the first row that differs
 * says where two machines' numbers part.
 */
public final class Fingerprints {

    /** A run folder's file, as the trainer writes it. */
    public static final String RUN_FILE = RunFiles.FINGERPRINTS;

    static final String HEADER = "grid,method,seed," + String.join(",", RunColumns.FINGERPRINTS);

    /** How the run file's header line starts: its first column, then a comma. */
    private static final String RUN_HEADER_START = RunColumns.FINGERPRINTS.get(0) + ",";

    private Fingerprints() {}

    /** The fingerprint reference that goes with a gate reference: ci.csv -> ci-fingerprints.csv. */
    public static Path besides(Path reference) {
        String name = reference.getFileName().toString();
        String stem = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return reference.resolveSibling(stem + "-fingerprints.csv");
    }

    /** Rows keyed by "grid,method,seed", each the rest of its line (step onwards), in file order. */
    private static Map<String, List<String>> ofRuns(List<Run> runs) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Run r : runs) {
            Path file = r.folder().resolve(RUN_FILE);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            List<String> rows = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && !line.startsWith(RUN_HEADER_START)) {
                        rows.add(line.strip());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + AtomicWriter.describe(e), e);
            }
            out.put(r.grid() + "," + r.method() + "," + r.seed(), rows);
        }
        return out;
    }

    /** Writes the runs' fingerprints as a reference, its header naming the CPU and the CPU mode they came from. */
    public static int write(Path file, List<Run> runs) {
        Set<String> cpus = new TreeSet<>();
        Set<String> modes = new TreeSet<>();
        for (Run r : runs) {
            Provenance p = r.provenance();
            cpus.add(p == null || p.cpu() == null ? "unknown" : cpuOf(p));
            modes.add(p == null || p.numericEnv() == null ? "unknown" : String.valueOf(p.numericEnv()));
        }
        Map<String, List<String>> rows = ofRuns(runs);
        StringBuilder b = new StringBuilder();
        b.append("# Fingerprints of the ci runs for `rambo-bench check` (bit-identical or within bands).\n");
        b.append("# CPU: ").append(String.join("; ", cpus)).append('\n');
        b.append("# CPU mode: ").append(String.join("; ", modes)).append('\n');
        b.append("# Rewrite with: rambo-bench check RUNS_DIR --write-fingerprints <this file>\n");
        b.append(HEADER).append('\n');
        int n = 0;
        for (Map.Entry<String, List<String>> e : rows.entrySet()) {
            for (String row : e.getValue()) {
                b.append(e.getKey()).append(',').append(row).append('\n');
                n++;
            }
        }
        AtomicWriter.writeString(file, b.toString());
        return n;
    }

    private static String cpuOf(Provenance p) {
        return p.cpu().model() + " [" + String.join(" ", p.cpu().isaExtensions()) + "]";
    }

    /**
     * One line: "bit-identical" when every run the reference holds that was measured has the
     * reference's fingerprints, else where the first run parts from it and "within bands" or not.
     */
    public static String verdict(Path reference, List<Run> runs, boolean gatePassed) {
        Map<String, List<String>> ref = new LinkedHashMap<>();
        String cpu = "unknown";
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(reference, StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.startsWith("# CPU: ")) {
                    cpu = line.substring("# CPU: ".length()).strip();
                }
                if (line.isBlank() || line.startsWith("#") || line.equals(HEADER)) {
                    continue;
                }
                String[] c = line.split(",", -1);
                if (c.length != 8) {
                    throw new ReportInputException(
                            reference + ":" + lineNo + ": " + c.length + " values for the 8 columns " + HEADER);
                }
                ref.computeIfAbsent(c[0] + "," + c[1] + "," + c[2], k -> new ArrayList<>())
                        .add(String.join(",", List.of(c).subList(3, 8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + reference + ": " + AtomicWriter.describe(e), e);
        }
        Map<String, List<String>> measured = ofRuns(runs);
        int compared = 0;
        String parting = null;
        int partingStep = Integer.MAX_VALUE;
        for (Map.Entry<String, List<String>> e : ref.entrySet()) {
            List<String> here = measured.get(e.getKey());
            if (here == null) {
                continue;
            }
            compared++;
            List<String> there = e.getValue();
            for (int i = 0; i < there.size(); i++) {
                String mine = i < here.size() ? here.get(i) : null;
                if (!there.get(i).equals(mine)) {
                    String[] t = there.get(i).split(",", -1);
                    int step = Integer.parseInt(t[0]);
                    if (step < partingStep) {
                        partingStep = step;
                        String[] k = e.getKey().split(",");
                        String[] m = mine == null ? null : mine.split(",", -1);
                        parting = k[1] + " s" + k[2] + " after step " + step + " (loss "
                                + (m == null ? "missing" : m[3]) + " here, " + t[3] + " there"
                                + (m != null && m[3].equals(t[3]) ? "; the weights differ" : "") + ")";
                    }
                    break;
                }
            }
        }
        String from = " (" + reference + ", CPU " + cpu + ")";
        if (compared == 0) {
            return "fingerprints: no run of " + reference + " was measured here";
        }
        if (parting == null) {
            return String.format(
                    Locale.ROOT, "fingerprints: bit-identical to the reference in %d runs%s", compared, from);
        }
        return "fingerprints: not bit-identical to the reference" + from + "; first parting: " + parting + "; "
                + (gatePassed ? "the metrics are within bands" : "the metrics are NOT within bands");
    }
}
