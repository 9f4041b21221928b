package org.rambo.harness.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rambo.runfolder.BuildInfo;

/**
 * What a run the harness does not train itself (the detection pair) records besides its config:
 * the build's code version, the PyTorch native flavour and the engine's thread counts. Training
 * runs write the typed record of {@link RunProvenance}.
 */
public final class Provenance {

    private Provenance() {}

    public static Map<String, Object> codeAndEngine() {
        BuildInfo build = BuildInfo.current();
        var threads = RunProvenance.threads(null);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("git_commit", build.gitCommit());
        p.put("git_dirty", build.gitDirty());
        p.put("native_flavor", RunProvenance.nativeFlavor());
        p.put("torch_intra_op_threads", threads.torchIntraOp());
        p.put("torch_inter_op_threads", threads.torchInterOp());
        return p;
    }
}
