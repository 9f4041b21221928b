package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

    @Test
    void readsEveryFieldOfAGitPropertiesFile() {
        assertEquals(
                new BuildInfo(
                        "0123456789abcdef0123456789abcdef01234567", true, "2026-12-06T21:14:03+0000", "1.2.0-SNAPSHOT"),
                BuildInfo.fromResource("git-fixture.properties"));
    }

    @Test
    void blankFieldsAreUnknown() {
        assertEquals(new BuildInfo("unknown", null, null, null), BuildInfo.fromResource("git-blank.properties"));
    }

    @Test
    void aBuildWithoutGitPropertiesSaysUnknown() {
        assertEquals(new BuildInfo("unknown", null, null, null), BuildInfo.fromResource("no-such.properties"));
        assertEquals(new BuildInfo("unknown", null, null, null), BuildInfo.fromProperties(new Properties()));
    }

    @Test
    void aCleanFlagIsFalse() {
        Properties p = new Properties();
        p.setProperty("git.commit.id.full", " 89abcdef0123456789abcdef0123456789abcdef \n");
        p.setProperty("git.dirty", "false");
        assertEquals(
                new BuildInfo("89abcdef0123456789abcdef0123456789abcdef", false, null, null),
                BuildInfo.fromProperties(p));
    }

    @Test
    void thisBuildRecordsACommitOfThisRepository() throws Exception {
        assumeTrue(git("rev-parse", "HEAD") != null, "not a git checkout (a source archive records unknown)");
        BuildInfo b = BuildInfo.current();
        // the commit of the last build, which may be older than HEAD: git must know it as a commit
        assertTrue(b.gitCommit().matches("[0-9a-f]{40}"), b.gitCommit());
        assertEquals("commit", git("cat-file", "-t", b.gitCommit()));
        assertTrue(b.version() != null && !b.version().isBlank());
    }

    /** One line of git's output, or null where git or the checkout is missing. */
    private static String git(String... args) throws InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
