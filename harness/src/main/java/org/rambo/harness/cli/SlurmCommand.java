package org.rambo.harness.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.rambo.harness.config.GridSpec;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rambo-bench slurm GRID}: a Slurm job array with one task per run still to train, and a
 * report job after it. The scripts go to runs/<grid>/slurm/ and stay there to read or resubmit.
 */
@Command(
        name = "slurm",
        mixinStandardHelpOptions = true,
        description = {
            "Write and submit a Slurm job array that trains a grid (one task per new or unfinished run, "
                    + "task I = `rambo-bench run GRID --task I`) and a report job that runs after it.",
            "Tasks requeue themselves when the trainer stops on Slurm's warning signal after a checkpoint."
        })
public final class SlurmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GridSelection selection;

    @Option(
            names = "--report-dir",
            paramLabel = "R",
            description = "where the report job writes (default: results/<grid>)")
    Path reportDir;

    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition")
    String partition;

    @Option(names = "--account", paramLabel = "A", description = "Slurm account")
    String account;

    @Option(names = "--time", paramLabel = "T", description = "time limit per task, e.g. 24:00:00")
    String time;

    @Option(names = "--gpus-per-task", paramLabel = "N", description = "GPUs per task")
    Integer gpusPerTask;

    @Option(names = "--cpus-per-task", paramLabel = "C", description = "CPUs per task")
    Integer cpusPerTask;

    @Option(names = "--mem", paramLabel = "M", description = "memory per task, e.g. 32G")
    String mem;

    @Option(names = "--max-parallel", paramLabel = "K", description = "at most K tasks at a time (--array=...%%K)")
    Integer maxParallel;

    @Option(
            names = "--sbatch-option",
            paramLabel = "OPTION",
            description = "another #SBATCH line for both jobs, e.g. --sbatch-option=--qos=high (repeatable)")
    List<String> sbatchOptions;

    @Option(
            names = "--launcher",
            paramLabel = "COMMAND",
            description = "the rambo-bench command line in the scripts "
                    + "(default: bin/rambo-bench beside this jar, else java -Dai.djl.offline=true -jar <this jar>)")
    String launcher;

    @Option(names = "--retry-failed", description = "also train failed runs again (each task runs with --retry-failed)")
    boolean retryFailed;

    @Option(names = "--dry-run", description = "write the scripts, submit nothing")
    boolean dryRun;

    @Option(
            names = "--stage",
            paramLabel = "STAGE",
            description = "tune: an array of the tuning trials that can run now (then a job that submits the next "
                    + "ones, and the final stage once the budget is spent); final: each method's best setting with "
                    + "the grid's seeds, then the report (rambo-bench tune)")
    String stage;

    /** Where sbatch is looked up and what it runs with; tests put a fake sbatch here. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws RunFolderException {
        checkOptions();
        if (stage != null) {
            return new TuneSlurm(this).call();
        }
        GridSpec selected = selection.load();
        List<GridTasks.Task> tasks = selection.tasks(selected);
        List<Integer> toTrain = tasks.stream()
                .filter(t -> t.toTrain() || retryFailed && t.status() == RunStatus.FAILED)
                .map(GridTasks.Task::index)
                .toList();
        Path cwd = Path.of("").toAbsolutePath();
        sbatchLinePath("the working directory", cwd);
        sbatchLinePath("--runs-dir", selection.runsDir.toAbsolutePath().normalize());
        SbatchScripts scripts = new SbatchScripts(
                selected.name(),
                selection.grid.toAbsolutePath().normalize(),
                selection.runsDir.toAbsolutePath().normalize(),
                (reportDir == null ? Path.of("results", selected.name()) : reportDir)
                        .toAbsolutePath()
                        .normalize(),
                cwd,
                launcher == null ? defaultLauncher() : launcher,
                selection.arguments(),
                retryFailed,
                new SbatchScripts.Resources(
                        partition, account, time, gpusPerTask, cpusPerTask, mem, maxParallel, sbatchOptions));

        PrintWriter out = spec.commandLine().getOut();
        out.println(countLine(selected.name(), tasks, toTrain, retryFailed));
        if (!toTrain.isEmpty()) {
            AtomicWriter.writeString(scripts.trainScriptFile(), scripts.trainScript(toTrain));
            out.println("wrote " + scripts.trainScriptFile());
        }
        AtomicWriter.writeString(scripts.reportScriptFile(), scripts.reportScript());
        out.println("wrote " + scripts.reportScriptFile());
        if (dryRun) {
            out.println("dry run: nothing submitted; to submit:");
            if (!toTrain.isEmpty()) {
                out.println("  sbatch --parsable " + scripts.trainScriptFile());
                out.println("  sbatch --parsable --dependency=afterany:<array job id> " + scripts.reportScriptFile());
            } else {
                out.println("  sbatch --parsable " + scripts.reportScriptFile());
            }
            out.flush();
            return ExitCode.OK;
        }
        try {
            Sbatch sbatch = new Sbatch(environment);
            List<String> reportOptions = new ArrayList<>();
            if (!toTrain.isEmpty()) {
                String array = sbatch.submit(List.of(), scripts.trainScriptFile());
                out.println("submitted training array: job " + array + " (tasks "
                        + SbatchScripts.arraySpec(toTrain, maxParallel) + ")");
                out.flush();
                reportOptions.add("--dependency=afterany:" + array);
                out.println("logs: "
                        + scripts.trainLog().toString().replace("%A", array).replace("%a", "<task>"));
            }
            String report = sbatch.submit(reportOptions, scripts.reportScriptFile());
            out.println("submitted report job: job " + report
                    + (toTrain.isEmpty() ? "" : " (after the array)") + "; it writes "
                    + scripts.reportDir().resolve("report.html"));
            out.println("logs: " + scripts.reportLog().toString().replace("%j", report));
            out.flush();
            return ExitCode.OK;
        } catch (Sbatch.SubmitException e) {
            out.flush();
            spec.commandLine().getErr().println("rambo-bench slurm: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCode.ENVIRONMENT;
        }
    }

    /**
     * The launcher beside the jar this process runs from ({@code <checkout>/bin/rambo-bench}: the
     * suite's JVM options and the CPU pin, so array tasks give the numbers {@code make check} gives),
     * else that jar with plain {@code java}.
     */
    static String defaultLauncher() {
        Path jar = Path.of("harness", "target", "rambo-bench.jar").toAbsolutePath();
        try {
            Path self = Path.of(SlurmCommand.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isRegularFile(self) && self.getFileName().toString().endsWith(".jar")) {
                jar = self;
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source to read: the conventional jar path stands
        }
        return launcherFor(jar);
    }

    /** {@code <root>/bin/rambo-bench} for a jar at {@code <root>/harness/target/}, when it is there. */
    static String launcherFor(Path jar) {
        Path root = jar.toAbsolutePath().getParent();
        for (int up = 0; up < 2 && root != null; up++) {
            root = root.getParent();
        }
        if (root != null && Files.isExecutable(root.resolve("bin").resolve("rambo-bench"))) {
            return SbatchScripts.quote(
                    root.resolve("bin").resolve("rambo-bench").toString());
        }
        return "java -Dai.djl.offline=true -jar " + SbatchScripts.quote(jar.toString());
    }

    private static String countLine(
            String name, List<GridTasks.Task> tasks, List<Integer> toTrain, boolean retryFailed) {
        long finished =
                tasks.stream().filter(t -> t.status() == RunStatus.FINISHED).count();
        long failed = tasks.stream().filter(t -> t.status() == RunStatus.FAILED).count();
        return "grid " + name + ": " + tasks.size() + (tasks.size() == 1 ? " run; " : " runs; ")
                + toTrain.size() + " to train"
                + (toTrain.isEmpty() ? "" : " (tasks " + SbatchScripts.arraySpec(toTrain, null) + ")")
                + ", " + finished + " finished, " + failed + " failed"
                + (failed == 0
                        ? ""
                        : retryFailed ? " (trained again)" : " (left out: --retry-failed trains them again)");
    }

    /**
     * sbatch's time formats (its manual): minutes, minutes:seconds, hours:minutes:seconds,
     * days-hours, days-hours:minutes, days-hours:minutes:seconds; 0 is no limit.
     */
    static final Pattern SLURM_TIME = Pattern.compile("[0-9]+(:[0-9]+){0,2}|[0-9]+-[0-9]+(:[0-9]+){0,2}");

    /** sbatch's --mem: a whole number of megabytes, or with the unit K, M, G or T. */
    static final Pattern SLURM_MEM = Pattern.compile("[0-9]+[KMGT]?");

    /** A value goes on an #SBATCH line: one word, no line break, or the script would say something else. */
    private void checkOptions() {
        word("--partition", partition);
        word("--account", account);
        word("--time", time);
        word("--mem", mem);
        format("--time", time, SLURM_TIME, "minutes, M:S, H:M:S, D-H, D-H:M or D-H:M:S, e.g. 24:00:00 or 1-12");
        format("--mem", mem, SLURM_MEM, "a whole number with the unit K, M, G or T, e.g. 32G");
        atLeast("--gpus-per-task", gpusPerTask, 0);
        atLeast("--cpus-per-task", cpusPerTask, 1);
        atLeast("--max-parallel", maxParallel, 1);
        if (sbatchOptions != null) {
            for (String o : sbatchOptions) {
                if (!o.startsWith("-") || o.contains("\n") || o.contains("\r")) {
                    // the value is shown with its line breaks written out, so the message stays one line
                    throw new IllegalArgumentException("--sbatch-option '" + oneLine(o.strip())
                            + "': must be one sbatch option on one line, e.g. --qos=high");
                }
            }
        }
        if (launcher != null && (launcher.isBlank() || launcher.contains("\n"))) {
            throw new IllegalArgumentException("--launcher: must be a command line on one line");
        }
    }

    private static void word(String option, String value) {
        if (value != null && !value.matches("\\S+")) {
            throw new IllegalArgumentException(
                    option + " '" + oneLine(value.strip()) + "': must be one word (no spaces or line breaks)");
        }
    }

    private static void format(String option, String value, Pattern pattern, String formats) {
        if (value != null && !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(option + " '" + value + "': not a Slurm value; use " + formats);
        }
    }

    /**
     * A path that goes on an #SBATCH line (--chdir, --output): sbatch splits those lines at blanks
     * and reads % as a file-name pattern, so such a path would name another folder.
     */
    static void sbatchLinePath(String what, Path path) {
        String p = path.toString();
        if (!p.matches("[^\\s%\"'\\\\]+")) {
            throw new IllegalArgumentException(
                    what + " '" + oneLine(p) + "': an #SBATCH line cannot hold a path with"
                            + " blanks, quotes, backslashes or '%'; use a path without them (a symbolic link to the folder will do)");
        }
    }

    private static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static void atLeast(String option, Integer value, int min) {
        if (value != null && value < min) {
            throw new IllegalArgumentException(option + " " + value + ": must be at least " + min);
        }
    }
}
