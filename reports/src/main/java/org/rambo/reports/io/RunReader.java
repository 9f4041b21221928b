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
        Path configFile = folder.resolve(RunFiles.CONFIG);
        JsonNode config = Json.read(configFile);
        String grid = Json.text(configFile, config, "grid", true);
        // The harness writes the dataset spec as an object ({name, root, max_train, ...});
        // a bare name is accepted too.
        JsonNode datasetNode = config.get("dataset");
        String dataset;
        if (datasetNode != null && datasetNode.isObject()) {
            dataset = Json.text(configFile, datasetNode, "name", false);
            if (dataset == null) {
                throw ReportInputException.at(configFile, "missing key 'dataset.name'");
            }
        } else {
            dataset = Json.text(configFile, config, "dataset", true);
        }
        String method = Json.text(configFile, config, "method", true);
        String loss = Json.text(configFile, config, "loss", false);
        long seed = Json.integer(configFile, config, "seed", true);
        JsonNode protocol = Json.object(configFile, config, "protocol", false);
        // What every run of a grid must share: the dataset spec (when an object) and the protocol.
        String protocolJson = null;
        if (protocol != null) {
            ObjectNode shared = Json.MAPPER.createObjectNode();
            if (datasetNode.isObject()) {
                shared.set("dataset", datasetNode);
            }
            shared.set("protocol", protocol);
            protocolJson = Json.canonical(shared);
        }
        Integer epochsPlanned = protocol != null && protocol.path("epochs").isIntegralNumber()
                ? protocol.get("epochs").asInt()
                : null;

        Provenance provenance = null;
        if (Files.isRegularFile(folder.resolve(RunFiles.PROVENANCE))) {
            try {
                provenance = Provenance.read(folder);
            } catch (RunFolderException e) {
                notes.add(e.getMessage());
            }
        } else {
            notes.add(RunFiles.PROVENANCE + " is missing");
        }

        List<EpochRow> epochs = List.of();
        Path epochsFile = folder.resolve(RunFiles.EPOCHS);
        if (Files.isRegularFile(epochsFile)) {
            epochs = RunCsv.readEpochs(epochsFile);
        }
        StepTimes steps = null;
        Path stepsFile = folder.resolve(RunFiles.STEPS);
        if (Files.isRegularFile(stepsFile)) {
            steps = RunCsv.readSteps(stepsFile);
        }

        RunState status = RunState.UNFINISHED;
        Integer epochsDone =
                epochs.isEmpty() ? null : epochs.get(epochs.size() - 1).epoch();
        FinalRecord fin = null;
        String failure = null;
        if (FinalRecord.exists(folder)) {
            try {
                fin = FinalRecord.read(folder);
                checkIdentity(folder.resolve(RunFiles.FINAL), fin, grid, dataset, method, seed);
                status = fin.status() == RunStatus.FINISHED ? RunState.FINISHED : RunState.FAILED;
                failure = fin.failure();
            } catch (RunFolderException e) {
                // Listed with its reason, never counted: a damaged record is not a result.
                status = RunState.DAMAGED;
                failure = e.getMessage();
                fin = null;
            }
        }
        Map<String, Double> last = Map.of();
        Map<String, Double> best = Map.of();
        Integer bestEpoch = null;
        Map<String, Object> details = Map.of();
        Double wall = null;
        Double meanStep = null;
        Double meanSort = null;
        if (fin != null) {
            epochsDone = fin.epochs();
            last = metrics(fin.last(), null);
            best = metrics(fin.best(), "epoch");
            Double be = fin.best().get("epoch");
            bestEpoch = be == null ? null : be.intValue();
            details = fin.details() == null ? Map.of() : fin.details();
            if (status == RunState.FINISHED) {
                wall = fin.wallSeconds();
                meanStep = fin.meanStepMs();
                meanSort = fin.meanSortMs();
            }
            if (status == RunState.FAILED && failure == null) {
                notes.add("final.json says failed but gives no 'failure' message");
            }
        }
        if (status == RunState.FINISHED) {
            if (epochs.isEmpty()) {
                notes.add("epochs.csv is missing or empty: no per-epoch curve");
            }
            if (steps == null) {
                notes.add("steps.csv is missing: no timing breakdown");
            }
        }
        String relative = runsDir.relativize(folder).toString().replace('\\', '/');
        if (relative.isEmpty()) {
            relative = ".";
        }
        return new Run(
                folder,
                relative,
                grid,
                dataset,
                method,
                loss,
                seed,
                status,
                protocolJson,
                provenance,
                epochsDone,
                epochsPlanned,
                last,
                best,
                bestEpoch,
                wall,
                meanStep,
                meanSort,
                failure,
                details,
                epochs,
                steps,
                notes);
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
                        file, "\"" + p[0] + "\" is \"" + p[2] + "\" but config.json says \"" + p[1] + "\"");
            }
        }
        if (fin.seed() != seed) {
            throw new RunFolderException(file, "\"seed\" is " + fin.seed() + " but config.json says " + seed);
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
