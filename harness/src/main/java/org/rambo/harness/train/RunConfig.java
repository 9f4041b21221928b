package org.rambo.harness.train;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import org.rambo.baselines.LossSpec;
import org.rambo.harness.config.DatasetSpec;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.config.MethodSpec;
import org.rambo.harness.config.ProtocolSpec;
import org.rambo.runfolder.CanonicalJson;
import org.rambo.training.Seeds;

/**
 * One run: a method of a grid under the grid's protocol, for one seed. Its canonical JSON
 * (sorted keys, no spaces) is written to config.json and hashed to name the run folder.
 */
public record RunConfig(
        String grid,
        DatasetSpec dataset,
        String method,
        @JsonSerialize(using = ToStringSerializer.class) LossSpec loss,
        long seed,
        ProtocolSpec protocol) {

    /** A method of a grid for one seed; its loss as the grid parsed it (config.json holds its canonical string). */
    public static RunConfig of(GridSpec grid, MethodSpec method, long seed) {
        return new RunConfig(grid.name(), grid.dataset(), method.id(), method.loss(), seed, grid.protocol());
    }

    public String canonicalJson() {
        return CanonicalJson.of(this);
    }

    /** First 12 hex digits of SHA-256 of the canonical JSON. */
    public String hash() {
        return CanonicalJson.hash12(canonicalJson());
    }

    /** Folder name under runs/<grid>/: method-s<seed>-<hash12>. */
    public String folderName() {
        return CanonicalJson.folderName(method, seed, canonicalJson());
    }

    public Seeds seeds() {
        return Seeds.split(seed);
    }
}
