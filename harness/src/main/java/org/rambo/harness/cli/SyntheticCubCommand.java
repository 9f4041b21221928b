package org.rambo.harness.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rambo.harness.data.SyntheticCub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rambo-bench synthetic-cub DIR}: a CUB-format tree of synthetic JPEGs for timing and smoke runs. */
@Command(
        name = "synthetic-cub",
        mixinStandardHelpOptions = true,
        description = "Write a CUB-200-2011 tree of synthetic JPEGs (the real on-disk format, meaningless"
                + " pictures) for timing the paper protocol where the data is not at hand.")
public final class SyntheticCubCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the folder to write (dataset.root of a cub grid)")
    Path dir;

    @Option(
            names = "--classes",
            defaultValue = "32",
            description = "classes per split, 1..100 (default: ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--images", defaultValue = "8", description = "images per class (default: ${DEFAULT-VALUE})")
    int images;

    @Option(
            names = "--side",
            defaultValue = "320",
            description = "image width in pixels; height 3/4 of it (default: ${DEFAULT-VALUE})")
    int side;

    @Override
    public Integer call() throws Exception {
        SyntheticCub.write(dir, classes, images, side, 0);
        spec.commandLine()
                .getOut()
                .printf(
                        "%s: %d training and %d test classes of %d synthetic images each%n",
                        dir, classes, classes, images);
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
