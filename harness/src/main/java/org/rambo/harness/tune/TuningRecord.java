package org.rambo.harness.tune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.config.MethodSpec;
import org.rambo.harness.config.ParamSpec;
import org.rambo.harness.config.TuneSpec;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.CanonicalJson;

/**
 * {@code tuning.json} beside the final runs ({@code runs/<grid>-tuned/}): the search (budget,
 * folds, seed, objective), every method's trials in order with their fold values, and the
 * chosen setting. Reports read it for the tuning section and to mark claims tuned.
 */
public record TuningRecord(
        String grid,
        int budget,
        int folds,
        int initialTrials,
        long seed,
        String objective,
        long trainSeed,
        String tuneRuns,
        List<MethodTuning> methods) {

    public static final String FILE = "tuning.json";

    /** One method's search: its space, its trials and the best of them. */
    public record MethodTuning(
            String method,
            Map<String, String> space,
            int chosenTrial,
            Map<String, String> chosen,
            String loss,
            double learningRate,
            double validation,
            List<TrialRecord> trials) {}

    /** One trial: its setting, its folds' values and their mean (null when a fold failed). */
    public record TrialRecord(
            int trial,
            String phase,
            Map<String, String> values,
            String loss,
            double learningRate,
            List<Double> folds,
            Double objective) {}

    public static TuningRecord of(GridSpec grid, Map<MethodSpec, List<Trial>> trials) {
        TuneSpec tune = TuneRuns.tuneOf(grid);
        List<MethodTuning> methods = new ArrayList<>();
        for (Map.Entry<MethodSpec, List<Trial>> e : trials.entrySet()) {
            Trial best = FinalStage.best(e.getKey().id(), e.getValue(), tune.budget());
            Map<String, String> space = new LinkedHashMap<>();
            for (Map.Entry<String, ParamSpec> p : tune.space(e.getKey().id()).entrySet()) {
                ParamSpec s = p.getValue();
                space.put(
                        p.getKey(),
                        s.dist()
                                + (s.dist().equals("choice")
                                        ? " " + s.values()
                                        : " [" + s.low() + ", " + s.high() + "]"));
            }
            List<TrialRecord> rows = new ArrayList<>();
            for (Trial t : e.getValue()) {
                rows.add(new TrialRecord(
                        t.index(),
                        t.phase(),
                        t.values(),
                        t.setting().loss(),
                        t.setting().learningRate(),
                        t.folds().stream().map(FoldRun::value).toList(),
                        t.objective()));
            }
            methods.add(new MethodTuning(
                    e.getKey().id(),
                    space,
                    best.index(),
                    best.values(),
                    best.setting().loss(),
                    best.setting().learningRate(),
                    best.objective(),
                    rows));
        }
        return new TuningRecord(
                grid.name(),
                tune.budget(),
                tune.folds(),
                tune.initialTrials(),
                tune.seed(),
                tune.objective(),
                grid.seeds().get(0),
                grid.name() + TuneRuns.TUNE_SUFFIX,
                methods);
    }

    /** Writes runs/<grid>-tuned/tuning.json atomically. */
    public Path writeTo(Path runsDir) {
        Path file = runsDir.resolve(grid + TuneRuns.FINAL_SUFFIX).resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicWriter.writeString(file, CanonicalJson.pretty(this));
        return file;
    }
}
