package org.rambo.harness.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * The batch scripts of the tuning stages, in the form `rambo-bench slurm` writes for a grid: an
 * array whose task I runs `rambo-bench tune GRID --stage STAGE --task I`, requeued when the
 * trainer stops on Slurm's warning signal, and one follow-up job after the array.
 *
 * @param jobName   the array's job name
 * @param slurmDir  where the scripts and logs go
 * @param workDir   the folder the jobs start in, absolute
 * @param launcher  the rambo-bench command line, as shell words
 * @param resources what each task asks Slurm for
 */
record StageScripts(String jobName, Path slurmDir, Path workDir, String launcher, SbatchScripts.Resources resources) {

    Path arrayLog() {
        return slurmDir.resolve("%A_%a.out");
    }

    Path afterLog() {
        return slurmDir.resolve("after-%j.out");
    }

    /** The array: task I runs {@code command} (shell words) with {@code --task I}. */
    String arrayScript(String what, List<Integer> tasks, List<String> command) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("# ").append(what).append('\n');
        s.append("# Written by rambo-bench slurm --stage; after.sbatch runs once the array has ended.\n");
        option(s, "--job-name=" + jobName);
        option(s, "--array=" + SbatchScripts.arraySpec(tasks, resources.maxParallel()));
        option(s, "--chdir=" + workDir);
        option(s, "--output=" + arrayLog());
        option(s, "--open-mode=append");
        option(s, "--requeue");
        option(s, "--signal=USR1@120");
        resourceOptions(s, true);
        s.append('\n').append(launcherLine()).append('\n');
        s.append("srun ");
        if (resources.cpusPerTask() != null) {
            s.append("--cpus-per-task=").append(resources.cpusPerTask()).append(' ');
        }
        s.append(words(command)).append(" --task \"$SLURM_ARRAY_TASK_ID\" --no-progress\n");
        s.append("status=$?\n");
        s.append("if [ \"$status\" -eq ").append(ExitCode.INTERRUPTED).append(" ]; then\n");
        s.append("  # back into the queue: the task's next start resumes from the checkpoint\n");
        s.append("  scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"\n");
        s.append("fi\n");
        s.append("exit \"$status\"\n");
        return s.toString();
    }

    /** The job after the array: runs {@code command} once. */
    String afterScript(String what, List<String> command) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("# ").append(what).append('\n');
        s.append("# Written by rambo-bench slurm --stage; submitted with --dependency=afterany:<array job id>.\n");
        option(s, "--job-name=" + jobName + "-after");
        option(s, "--chdir=" + workDir);
        option(s, "--output=" + afterLog());
        resourceOptions(s, false);
        s.append('\n').append(launcherLine()).append('\n');
        s.append(words(command)).append('\n');
        return s.toString();
    }

    private String launcherLine() {
        return "RAMBO_BENCH=(" + launcher + ")\n";
    }

    private static String words(List<String> command) {
        StringBuilder b = new StringBuilder("\"${RAMBO_BENCH[@]}\"");
        for (String w : command) {
            b.append(' ').append(SbatchScripts.quote(w));
        }
        return b.toString();
    }

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
