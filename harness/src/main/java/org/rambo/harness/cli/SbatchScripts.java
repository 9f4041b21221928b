package org.rambo.harness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The two batch scripts `rambo-bench slurm` writes for a grid: a job array that trains one run per
 * task, and a report job that runs once the array has ended. Both are plain bash a user can read,
 * edit and submit by hand.
 *
 * @param grid       the grid's name (runs/<grid>/)
 * @param gridFile   the grid file, absolute
 * @param runsDir    the runs folder, absolute
 * @param reportDir  where the report job writes results.csv, summary.csv and report.html, absolute
 * @param workDir    the folder the jobs start in (dataset roots in the grid are relative to it), absolute
 * @param launcher   the rambo-bench command line, as shell words
 * @param selection  the --set/--only/--seeds arguments the task numbers were computed under
 * @param retryFailed whether the tasks train failed runs again (run --retry-failed)
 * @param resources  what each training task asks Slurm for
 */
record SbatchScripts(
        String grid,
        Path gridFile,
        Path runsDir,
        Path reportDir,
        Path workDir,
        String launcher,
        List<String> selection,
        boolean retryFailed,
        Resources resources) {

    /** The trainer's exit code after it checkpointed on a signal; the task is then requeued. */
    static final int INTERRUPTED = ExitCode.INTERRUPTED;

    /**
     * What each training task asks for; null (or empty) leaves the cluster's default.
     *
     * @param extraOptions further sbatch options, one per #SBATCH line, e.g. --qos=high
     */
    record Resources(
            String partition,
            String account,
            String time,
            Integer gpusPerTask,
            Integer cpusPerTask,
            String mem,
            Integer maxParallel,
            List<String> extraOptions) {

        Resources {
            extraOptions = extraOptions == null ? List.of() : List.copyOf(extraOptions);
        }
    }

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    SbatchScripts {
        selection = List.copyOf(selection);
    }

    /** runs/<grid>/slurm/: the scripts and the jobs' logs. */
    Path slurmDir() {
        return runsDir.resolve(grid).resolve("slurm");
    }

    Path trainScriptFile() {
        return slurmDir().resolve("train.sbatch");
    }

    Path reportScriptFile() {
        return slurmDir().resolve("report.sbatch");
    }

    /** The array's log files: one per task (%A the array's job id, %a the task id), appended across requeues. */
    Path trainLog() {
        return slurmDir().resolve("%A_%a.out");
    }

    Path reportLog() {
        return slurmDir().resolve("report-%j.out");
    }

    /** The job array script: task I trains run I of the grid (numbered as `rambo-bench list` shows). */
    String trainScript(List<Integer> tasks) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# Trains grid ").append(grid).append(": one array task per run still to train.\n");
        s.append("# Task I trains run I as numbered by: rambo-bench list ")
                .append(listArguments())
                .append('\n');
        s.append("# Written by rambo-bench slurm; the report job (report.sbatch) runs after the array.\n");
        option(s, "--job-name=rambo-" + grid);
        option(s, "--array=" + arraySpec(tasks, resources.maxParallel()));
        option(s, "--chdir=" + workDir);
        option(s, "--output=" + trainLog());
        option(s, "--open-mode=append");
        option(s, "--requeue");
        option(s, "--signal=USR1@120");
        resourceOptions(s, true);
        s.append('\n');
        s.append(launcherLine());
        s.append('\n');
        s.append("# srun makes the trainer a job step, so the USR1 that Slurm sends 120 s before the time limit\n");
        s.append("# reaches it: it checkpoints at the next step boundary and exits ")
                .append(INTERRUPTED)
                .append(" (interrupted).\n");
        s.append("srun ");
        if (resources.cpusPerTask() != null) {
            // srun does not take the batch job's --cpus-per-task in every Slurm release: say it again
            s.append("--cpus-per-task=").append(resources.cpusPerTask()).append(' ');
        }
        s.append("\"${RAMBO_BENCH[@]}\" run ")
                .append(quote(gridFile.toString()))
                .append(" --runs-dir ")
                .append(quote(runsDir.toString()));
        for (String a : selection) {
            s.append(' ').append(quote(a));
        }
        s.append(retryFailed ? " --retry-failed" : "").append(" --task \"$SLURM_ARRAY_TASK_ID\" --no-progress\n");
        s.append("status=$?\n");
        s.append("if [ \"$status\" -eq ").append(INTERRUPTED).append(" ]; then\n");
        s.append("  # back into the queue: the task's next start resumes from the checkpoint\n");
        s.append("  scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"\n");
        s.append("fi\n");
        s.append("exit \"$status\"\n");
        return s.toString();
    }

    /** The report job: submitted with --dependency=afterany:<array job id>, so it runs once every task has ended. */
    String reportScript() {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# Reports grid ")
                .append(grid)
                .append(": results.csv, summary.csv and report.html into ")
                .append(reportDir)
                .append('\n');
        s.append("# Written by rambo-bench slurm; submitted with --dependency=afterany:<training array job id>.\n");
        option(s, "--job-name=rambo-" + grid + "-report");
        option(s, "--chdir=" + workDir);
        option(s, "--output=" + reportLog());
        resourceOptions(s, false);
        s.append('\n');
        s.append(launcherLine());
        s.append('\n');
        s.append("\"${RAMBO_BENCH[@]}\" report ")
                .append(quote(runsDir.resolve(grid).toString()))
                .append(" --out ")
                .append(quote(reportDir.toString()))
                .append('\n');
        return s.toString();
    }

    /**
     * Slurm's --array value: runs of consecutive ids as ranges ({@code 0-3,5,7}), then {@code %K}
     * for at most K tasks at a time.
     */
    static String arraySpec(List<Integer> tasks, Integer maxParallel) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a job array needs at least one task");
        }
        List<String> parts = new ArrayList<>();
        int start = tasks.get(0);
        int prev = start;
        for (int i = 1; i <= tasks.size(); i++) {
            if (i < tasks.size() && tasks.get(i) == prev + 1) {
                prev = tasks.get(i);
                continue;
            }
            parts.add(start == prev ? String.valueOf(start) : start + "-" + prev);
            if (i < tasks.size()) {
                start = tasks.get(i);
                prev = start;
            }
        }
        return String.join(",", parts) + (maxParallel == null ? "" : "%" + maxParallel);
    }

    /** A word for bash: as it is when it needs no quoting, else in single quotes. */
    static String quote(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private String launcherLine() {
        return "# The rambo-bench command line (the jar `make build` writes); change it here to use another launcher.\n"
                + "RAMBO_BENCH=(" + launcher + ")\n";
    }

    private String listArguments() {
        List<String> words = new ArrayList<>();
        words.add(quote(gridFile.toString()));
        words.add("--runs-dir");
        words.add(quote(runsDir.toString()));
        selection.forEach(a -> words.add(quote(a)));
        return String.join(" ", words);
    }

    /** Partition, account and extra options go to both jobs; time, GPUs, CPUs and memory only to the training tasks. */
    private void resourceOptions(StringBuilder s, boolean training) {
        optional(s, "--partition=", resources.partition());
        optional(s, "--account=", resources.account());
        if (training) {
            optional(s, "--time=", resources.time());
            optional(s, "--gpus-per-task=", resources.gpusPerTask());
            optional(s, "--cpus-per-task=", resources.cpusPerTask());
            optional(s, "--mem=", resources.mem());
        }
        resources.extraOptions().forEach(o -> option(s, o));
    }

    private static void optional(StringBuilder s, String prefix, Object value) {
        if (value != null && !value.toString().isEmpty()) {
            option(s, prefix + value);
        }
    }

    private static void option(StringBuilder s, String option) {
        s.append("#SBATCH ").append(option).append('\n');
    }
}
