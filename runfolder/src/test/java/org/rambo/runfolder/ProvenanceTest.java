package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {

    @TempDir
    Path run;

    @Test
    void writesTypedRecordAndReadsItBack() throws Exception {
        Provenance p = Provenance.ofThisProcess(
                new Provenance.EngineInfo("0.36.0", "PyTorch", "2.7.1", "cpu", "cpu()"),
                new Provenance.Threads(2, 2, 1, 4),
                "abc123",
                "SHA-256 over the IDX files",
                Map.of("run", 3L, "model_init", 11L));
        p.writeTo(run);
        String text = Files.readString(run.resolve("provenance.json"));
        assertTrue(text.contains("\"torch_intra_op\" : 2"), text);
        assertTrue(text.contains("\"isa_extensions\""), text);
        Provenance back = Provenance.read(run);
        assertEquals(p, back);
        assertEquals(BuildInfo.current().gitCommit(), back.gitCommit());
    }

    @Test
    void recordsOnlyTheNumericVariablesThatAreSet() {
        Map<String, String> env = Map.of("ATEN_CPU_CAPABILITY", "default", "HOME", "/root", "MKL_CBWR", "COMPATIBLE");
        assertEquals(Map.of("ATEN_CPU_CAPABILITY", "default", "MKL_CBWR", "COMPATIBLE"), Provenance.numericEnv(env));
        assertEquals(
                List.of("ATEN_CPU_CAPABILITY", "MKL_CBWR"),
                List.copyOf(Provenance.numericEnv(env).keySet()));
    }

    @Test
    void garbageNamesTheFile() throws Exception {
        Files.writeString(run.resolve("provenance.json"), "{not json");
        RunFolderException e = assertThrows(RunFolderException.class, () -> Provenance.read(run));
        assertTrue(e.getMessage().startsWith(run.resolve("provenance.json") + ": not valid JSON"), e.getMessage());
    }
}
