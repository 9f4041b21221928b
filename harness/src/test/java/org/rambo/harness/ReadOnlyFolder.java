package org.rambo.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Makes a folder read-only for a test, really: root ignores file permissions, so as root the
 * folder is bind-mounted read-only onto itself; otherwise its permissions drop write. Closing
 * undoes it. {@link #isReadOnly} says whether it took (a test skips when it did not).
 */
public final class ReadOnlyFolder implements AutoCloseable {

    private final Path dir;
    private final boolean mounted;

    private ReadOnlyFolder(Path dir, boolean mounted) {
        this.dir = dir;
        this.mounted = mounted;
    }

    /** The folder and everything under it read-only until closed. */
    public static ReadOnlyFolder of(Path dir) throws IOException, InterruptedException {
        if ("root".equals(System.getProperty("user.name"))) {
            boolean bound = run("mount", "--bind", dir.toString(), dir.toString());
            if (bound && run("mount", "-o", "remount,bind,ro", dir.toString())) {
                return new ReadOnlyFolder(dir, true);
            }
            if (bound) {
                run("umount", dir.toString());
            }
            return new ReadOnlyFolder(dir, false);
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
            }
        }
        return new ReadOnlyFolder(dir, false);
    }

    /** Whether writing under the folder now fails. */
    public boolean isReadOnly() {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Override
    public void close() throws IOException {
        if (mounted) {
            try {
                run("umount", dir.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
