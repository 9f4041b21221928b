package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

    @Test
    void aBuildFromACheckoutKnowsItsCommit() {
        // the build that runs this test is made from a git checkout (CI clones the repository)
        BuildInfo b = BuildInfo.current();
        assertTrue(b.gitCommit().matches("[0-9a-f]{40}"), b.gitCommit());
        assertTrue(b.gitDirty() != null);
        assertTrue(b.version() != null && !b.version().isBlank());
    }

    @Test
    void aBuildWithoutGitSaysUnknown() {
        BuildInfo b = BuildInfo.fromProperties(new Properties());
        assertEquals("unknown", b.gitCommit());
        assertNull(b.gitDirty());
        assertNull(b.version());
    }
}
