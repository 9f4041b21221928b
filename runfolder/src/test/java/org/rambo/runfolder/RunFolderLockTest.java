package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderLockTest {

    @TempDir
    Path run;

    /** Holds the lock of the folder given as argument until killed. */
    public static void main(String[] args) throws Exception {
        Optional<RunFolderLock> lock = RunFolderLock.tryAcquire(Path.of(args[0]));
        System.out.println(lock.isPresent() ? "locked" : "busy");
        System.out.flush();
        Thread.sleep(60_000);
    }

    @Test
    void oneHolderAtATimeWithinAProcess() {
        RunFolderLock first = RunFolderLock.tryAcquire(run).orElseThrow();
        assertTrue(RunFolderLock.tryAcquire(run).isEmpty(), "a second holder while the first holds it");
        first.close();
        RunFolderLock again = RunFolderLock.tryAcquire(run).orElseThrow(() -> new AssertionError("not released"));
        again.close();
    }

    @Test
    void anotherProcessHoldsItUntilKilled() throws Exception {
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        RunFolderLockTest.class.getName(),
                        run.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            assertTrue(RunFolderLock.tryAcquire(run).isEmpty(), "held by the other process");
        } finally {
            holder.destroyForcibly(); // SIGKILL: the process cannot release anything itself
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        try (RunFolderLock mine = RunFolderLock.tryAcquire(run).orElseThrow()) {
            assertTrue(mine != null, "the OS released the killed holder's lock");
        }
    }
}
