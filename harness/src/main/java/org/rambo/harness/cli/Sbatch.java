package org.rambo.harness.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Submits a batch script with {@code sbatch --parsable} and reads back the job id. */
final class Sbatch {

    /** sbatch is missing or refused the job: the environment's problem, exit code 4. */
    static final class SubmitException extends Exception {
        private static final long serialVersionUID = 1L;

        SubmitException(String message) {
            super(message);
        }
    }

    private final Map<String, String> environment;

    /** environment: where PATH is looked up and what sbatch runs with (the process's own, except in tests). */
    Sbatch(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The sbatch on PATH. */
    Path executable() throws SubmitException {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "sbatch");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new SubmitException(
                "sbatch not found on PATH (run this on a Slurm login node; --dry-run only writes the scripts)");
    }

    /** Runs {@code sbatch --parsable OPTIONS SCRIPT}; returns the job id it prints ("id" or "id;cluster"). */
    String submit(List<String> options, Path script) throws SubmitException {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.add("--parsable");
        command.addAll(options);
        command.add(script.toString());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(environment);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            // both streams at once: an sbatch that fills the pipe of the one not being read would wait forever
            CompletableFuture<byte[]> errBytes = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            byte[] out = p.getInputStream().readAllBytes();
            String err;
            try {
                err = new String(errBytes.join(), StandardCharsets.UTF_8).strip();
            } catch (CompletionException e) {
                throw new SubmitException("cannot read what sbatch wrote to standard error: "
                        + e.getCause().getMessage());
            }
            int code = p.waitFor();
            String id = new String(out, StandardCharsets.UTF_8).strip().split(";", 2)[0];
            if (code != 0) {
                throw new SubmitException("sbatch " + script.getFileName() + " failed (exit " + code + ")"
                        + (err.isEmpty() ? "" : ": " + err.lines().findFirst().orElse("")));
            }
            if (!id.matches("[0-9]+")) {
                throw new SubmitException("sbatch " + script.getFileName() + " printed no job id (got '" + id + "')");
            }
            return id;
        } catch (IOException e) {
            throw new SubmitException("cannot run sbatch: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubmitException("interrupted while sbatch ran");
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
