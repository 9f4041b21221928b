package org.rambo.detection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A detection run in its own JVM, for {@link KillAndResumeTest}: {@code CONFIG FOLDER [PAUSED]}.
 * With PAUSED, after the first epoch's checkpoint it creates that file and waits to be killed.
 */
public final class ResumableRunMain {

    private ResumableRunMain() {}

    public static void main(String[] args) throws Exception {
        DetectionConfig config = TestConfigs.read(Path.of(args[0]));
        Path paused = args.length > 2 ? Path.of(args[2]) : null;
        DetectionRun.run(config, Path.of(args[1]), false, new DetectionRun.Observer() {
            @Override
            public void checkpointed(int epoch) {
                if (paused != null && epoch == 1) {
                    pauseForever(paused);
                }
            }
        });
    }

    private static void pauseForever(Path marker) {
        try {
            Files.createFile(marker);
            Thread.sleep(Long.MAX_VALUE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the child with one PyTorch thread each way, output into {@code log}. */
    static Process start(Path config, Path folder, Path paused, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp",
                System.getProperty("java.class.path"),
                ResumableRunMain.class.getName(),
                config.toString(),
                folder.toString()));
        if (paused != null) {
            command.add(paused.toString());
        }
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }
}
