package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** `rambo-bench run` on bad input: one line naming the problem and exit code 1, no training. */
class RunCommandTest {

    private static String[] run(String... args) {
        CliRun r = CliRun.of(args);
        return new String[] {String.valueOf(r.code()), r.err()};
    }

    @Test
    void missingGridFile() {
        String[] r = run("run", "does-not-exist.yaml");
        assertEquals("1", r[0]);
        assertEquals("rambo-bench run: does-not-exist.yaml: no such grid file", r[1].trim());
    }

    @Test
    void unknownKeyInGrid() throws Exception {
        Path g = Files.createTempFile("bad", ".yaml");
        String ci = Files.readString(Path.of("..", "configs", "ci.yaml"));
        Files.writeString(g, ci.replace("  epochs: 2\n", "  epochs: 2\n  epochz: 3\n"));
        int line = 1
                + (int) ci.substring(0, ci.indexOf("  epochs: 2"))
                        .chars()
                        .filter(c -> c == '\n')
                        .count()
                + 1;
        String[] r = run("run", g.toString());
        assertEquals("1", r[0]);
        assertTrue(r[1].contains(g + ":" + line + ": unknown key 'protocol.epochz'"), r[1]);
    }

    @Test
    void unknownMethodInOnly() throws Exception {
        String[] r = run("run", "../configs/ci.yaml", "--only", "nope");
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("no method 'nope' in grid ci"), r[1]);
    }
}
