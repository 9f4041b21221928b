package org.rambo.reports.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.reports.ReportInputException;
import org.rambo.reports.model.EpochRow;
import org.rambo.reports.model.Metrics;
import org.rambo.reports.model.Run;
import org.rambo.reports.model.RunState;
import org.rambo.reports.model.StepTimes;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.Provenance;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunStatus;

/**
 * Reads run folders (docs/run-folders.md) and nothing else. A run folder is any directory
 * under RUNS_DIR holding config.json; RUNS_DIR may be the runs root (runs/) or one grid
 * (runs/ci). Malformed files stop the read with a message naming file and line/key;
 * absent optional files (steps.csv before the first epoch, say) become notes on the run.
 */
public final class RunReader {

    /** runs/ -> grid/ -> run folder; a little slack for users who nest their runs roots. */
    private static final int MAX_DEPTH = 4;

    private RunReader() {}

    /** All run folders under {@code runsDir}, sorted by grid, dataset, method, seed, folder. */
    public static List<Run> readAll(Path runsDir) {
        if (!Files.isDirectory(runsDir)) {
            throw new ReportInputException(
                    runsDir + ": runs directory does not exist (expected <runs>/<grid>/<method>-s<seed>-<hash>/)");
        }
        List<Path> folders = findRunFolders(runsDir);
        if (folders.isEmpty()) {
            throw new ReportInputException(runsDir + ": no run folders (directories holding config.json) found");
        }
        List<Run> runs = new ArrayList<>();
        for (Path f : folders) {
            runs.add(read(runsDir, f));
        }
        runs.sort(Comparator.comparing(Run::grid)
                .thenComparing(Run::dataset)
                .thenComparing(Run::method, Metrics.METHOD_COMPARATOR)
                .thenComparingLong(Run::seed)
                .thenComparing(Run::relative));
        return runs;
    }

    static List<Path> findRunFolders(Path runsDir) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(runsDir, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (Files.isRegularFile(dir.resolve(RunFiles.CONFIG))) {
                        found.add(dir);
                        // checkpoint/ and friends belong to the run, not new runs.
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ReportInputException(runsDir + ": cannot list: " + e.getMessage(), e);
        }
        found.sort(Comparator.naturalOrder());
        return found;
    }

    /** One run folder. */
    public static Run read(Path runsDir, Path folder) {
        List<String> notes = new ArrayList<>();
        Identity id = identity(folder.resolve(RunFiles.CONFIG));
        Provenance provenance = provenance(folder, notes);
        List<EpochRow> epochs = epochs(folder);
        StepTimes steps = steps(folder);
        Outcome outcome = outcome(folder, id);
        FinalRecord fin = outcome.record();
        RunState status = outcome.status();
        if (status == RunState.FAILED && fin != null && outcome.failure() == null) {
            notes.add(RunFiles.FINAL + " says failed but gives no 'failure' message");
        }
        if (status == RunState.FINISHED) {
            notes.addAll(missingTables(epochs, steps));
        }
        boolean finished = status == RunState.FINISHED;
        return new Run(
                folder,
                relative(runsDir, folder),
                id.grid(),
                id.dataset(),
                id.method(),
                id.loss(),
                id.seed(),
                status,
                id.protocolJson(),
                provenance,
                fin != null ? Integer.valueOf(fin.epochs()) : lastEpoch(epochs),
                id.epochsPlanned(),
                fin == null ? Map.of() : metrics(fin.last(), null),
                fin == null ? Map.of() : metrics(fin.best(), BEST_EPOCH),
                fin == null ? null : bestEpoch(fin),
                finished ? fin.wallSeconds() : null,
                finished ? fin.meanStepMs() : null,
                finished ? fin.meanSortMs() : null,
                outcome.failure(),
                fin == null || fin.details() == null ? Map.of() : fin.details(),
                epochs,
                steps,
                notes);
    }

    /** The key of final.json's "best" that names the epoch rather than a metric. */
    private static final String BEST_EPOCH = "epoch";

    /** What config.json says a run is: its identity and what every run of its grid must share. */
    private record Identity(
            String grid,
            String dataset,
            String method,
            String loss,
            long seed,
            String protocolJson,
            Integer epochsPlanned) {}

    private static Identity identity(Path configFile) {
        JsonNode config = Json.read(configFile);
        String grid = Json.text(configFile, config, "grid", true);
        JsonNode datasetNode = config.get("dataset");
        String dataset = datasetName(configFile, config, datasetNode);
        String method = Json.text(configFile, config, "method", true);
        String loss = Json.text(configFile, config, "loss", false);
        long seed = Json.integer(configFile, config, "seed", true);
        JsonNode protocol = Json.object(configFile, config, "protocol", false);
        Integer epochsPlanned = protocol != null && protocol.path("epochs").isIntegralNumber()
                ? protocol.get("epochs").asInt()
                : null;
        return new Identity(grid, dataset, method, loss, seed, shared(datasetNode, protocol), epochsPlanned);
    }

    /**
     * The harness writes the dataset spec as an object ({name, root, max_train, ...}); a bare
     * name is accepted too.
     */
    private static String datasetName(Path configFile, JsonNode config, JsonNode datasetNode) {
        if (datasetNode != null && datasetNode.isObject()) {
            String dataset = Json.text(configFile, datasetNode, "name", false);
            if (dataset == null) {
                throw ReportInputException.at(configFile, "missing key 'dataset.name'");
            }
            return dataset;
        }
        return Json.text(configFile, config, "dataset", true);
    }

    /** What every run of a grid must share, as canonical JSON: the dataset spec (when an object) and the protocol. */
    private static String shared(JsonNode datasetNode, JsonNode protocol) {
        if (protocol == null) {
            return null;
        }
        ObjectNode shared = Json.MAPPER.createObjectNode();
        if (datasetNode.isObject()) {
            shared.set("dataset", datasetNode);
        }
        shared.set("protocol", protocol);
        return Json.canonical(shared);
    }

    /** provenance.json, or null with a note saying why there is none. */
    private static Provenance provenance(Path folder, List<String> notes) {
        if (!Files.isRegularFile(folder.resolve(RunFiles.PROVENANCE))) {
            notes.add(RunFiles.PROVENANCE + " is missing");
            return null;
        }
        try {
            return Provenance.read(folder);
        } catch (RunFolderException e) {
            notes.add(e.getMessage());
            return null;
        }
    }

    private static List<EpochRow> epochs(Path folder) {
        Path file = folder.resolve(RunFiles.EPOCHS);
        return Files.isRegularFile(file) ? RunCsv.readEpochs(file) : List.of();
    }

    private static StepTimes steps(Path folder) {
        Path file = folder.resolve(RunFiles.STEPS);
        return Files.isRegularFile(file) ? RunCsv.readSteps(file) : null;
    }

    private static Integer lastEpoch(List<EpochRow> epochs) {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1).epoch();
    }

    /**
     * How a run ended, from final.json.
     *
     * @param record  the final record, null when there is none or it is damaged
     * @param failure the failed run's message, or why the record is damaged
     */
    private record Outcome(RunState status, FinalRecord record, String failure) {}

    private static Outcome outcome(Path folder, Identity id) {
        if (!FinalRecord.exists(folder)) {
            return new Outcome(RunState.UNFINISHED, null, null);
        }
        try {
            FinalRecord fin = FinalRecord.read(folder);
            checkIdentity(folder.resolve(RunFiles.FINAL), fin, id.grid(), id.dataset(), id.method(), id.seed());
            RunState status = fin.status() == RunStatus.FINISHED ? RunState.FINISHED : RunState.FAILED;
            return new Outcome(status, fin, fin.failure());
        } catch (RunFolderException e) {
            // Listed with its reason, never counted: a damaged record is not a result.
            return new Outcome(RunState.DAMAGED, null, e.getMessage());
        }
    }

    private static Integer bestEpoch(FinalRecord fin) {
        Double be = fin.best().get(BEST_EPOCH);
        return be == null ? null : be.intValue();
    }

    /** A finished run without its tables has no curve or no timings: say which. */
    private static List<String> missingTables(List<EpochRow> epochs, StepTimes steps) {
        List<String> notes = new ArrayList<>();
        if (epochs.isEmpty()) {
            notes.add(RunFiles.EPOCHS + " is missing or empty: no per-epoch curve");
        }
        if (steps == null) {
            notes.add(RunFiles.STEPS + " is missing: no timing breakdown");
        }
        return notes;
    }

    /** The run folder under the runs directory, with forward slashes; "." for the runs directory itself. */
    private static String relative(Path runsDir, Path folder) {
        String relative = runsDir.relativize(folder).toString().replace('\\', '/');
        return relative.isEmpty() ? "." : relative;
    }

    /** final.json repeats the identity; a mismatch means files from two runs got mixed. */
    private static void checkIdentity(Path file, FinalRecord fin, String grid, String dataset, String method, long seed)
            throws RunFolderException {
        String[][] pairs = {
            {"grid", grid, fin.grid()}, {"dataset", dataset, fin.dataset()}, {"method", method, fin.method()}
        };
        for (String[] p : pairs) {
            if (p[2] != null && !p[2].equals(p[1])) {
                throw new RunFolderException(
                        file, "\"" + p[0] + "\" is \"" + p[2] + "\" but " + RunFiles.CONFIG + " says \"" + p[1] + "\"");
            }
        }
        if (fin.seed() != seed) {
            throw new RunFolderException(
                    file, "\"seed\" is " + fin.seed() + " but " + RunFiles.CONFIG + " says " + seed);
        }
    }

    /** Metric values without the JSON nulls (a metric not computed) and without a non-metric key. */
    private static Map<String, Double> metrics(Map<String, Double> raw, String skip) {
        Map<String, Double> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (v != null && !k.equals(skip)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
