package org.rambo.harness.tune;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.harness.config.FoldSpec;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.config.MethodSpec;
import org.rambo.harness.config.ProtocolSpec;
import org.rambo.harness.config.TuneSpec;
import org.rambo.harness.config.TunedLoss;
import org.rambo.harness.train.GridRunner;
import org.rambo.harness.train.RunConfig;

/**
 * The ordinary runs tuning is made of. A trial x fold is a one-run grid named
 * {@code <grid>-tune}: the grid's dataset with {@code fold} set, its protocol with the trial's
 * learning rate and the tune section's sampler, the trial's loss spec and the grid's first seed.
 * A final run is the grid's method under its chosen setting, in a grid named {@code <grid>-tuned},
 * for each of the grid's seeds. Being ordinary runs, they resume, lock and skip when finished.
 */
public final class TuneRuns {

    public static final String TUNE_SUFFIX = "-tune";
    public static final String FINAL_SUFFIX = "-tuned";

    private TuneRuns() {}

    /** The grid's tune section, or a one-line error saying the grid has none. */
    public static TuneSpec tuneOf(GridSpec grid) {
        if (grid.tune() == null) {
            throw new IllegalArgumentException("grid " + grid.name()
                    + " has no tune section (budget, folds and a search space per method); see configs/tune-demo.yaml");
        }
        return grid.tune();
    }

    /** The loss spec and learning rate a setting (key -> value) gives a method. */
    public record Setting(String loss, double learningRate) {}

    public static Setting setting(GridSpec grid, MethodSpec method, Map<String, String> values) {
        Map<String, String> lossKeys = new LinkedHashMap<>(values);
        String lr = lossKeys.remove(TuneSpec.LEARNING_RATE);
        return new Setting(
                TunedLoss.apply(method.loss(), lossKeys),
                lr == null ? grid.protocol().optimizer().learningRate() : Double.parseDouble(lr));
    }

    /** The one-run grid of a trial's fold. */
    public static GridSpec trialGrid(GridSpec grid, MethodSpec method, Setting setting, int fold) {
        TuneSpec tune = tuneOf(grid);
        ProtocolSpec.SamplerSpec sampler =
                tune.sampler() == null ? grid.protocol().sampler() : tune.sampler();
        return new GridSpec(
                grid.name() + TUNE_SUFFIX,
                grid.dataset().withFold(new FoldSpec(tune.folds(), fold)),
                protocol(grid.protocol(), setting.learningRate(), sampler),
                List.of(grid.seeds().get(0)),
                List.of(new MethodSpec(method.id(), setting.loss())));
    }

    /** The grid of a method's final runs: its chosen setting, all training classes, the grid's seeds. */
    public static GridSpec finalGrid(GridSpec grid, MethodSpec method, Setting setting) {
        return new GridSpec(
                grid.name() + FINAL_SUFFIX,
                grid.dataset(),
                protocol(
                        grid.protocol(), setting.learningRate(), grid.protocol().sampler()),
                grid.seeds(),
                List.of(new MethodSpec(method.id(), setting.loss())));
    }

    /** The single run of a one-run grid and its folder under runsDir. */
    public static RunConfig onlyRun(GridSpec oneRun) {
        return GridRunner.runConfigs(oneRun).get(0);
    }

    public static Path folder(Path runsDir, RunConfig run) {
        return runsDir.resolve(run.grid()).resolve(run.folderName());
    }

    static ProtocolSpec protocol(ProtocolSpec p, double learningRate, ProtocolSpec.SamplerSpec sampler) {
        ProtocolSpec.OptimizerSpec o = p.optimizer();
        return new ProtocolSpec(
                p.backbone(),
                p.pretrained(),
                p.embeddingDim(),
                p.image(),
                sampler,
                new ProtocolSpec.OptimizerSpec(o.name(), learningRate, o.embeddingLrMultiplier(), o.weightDecay()),
                p.schedule(),
                p.epochs(),
                p.stepsPerEpoch(),
                p.evalEvery(),
                p.eval(),
                p.threads(),
                p.device());
    }
}
