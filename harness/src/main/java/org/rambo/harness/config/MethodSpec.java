package org.rambo.harness.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import org.rambo.baselines.LossRegistry;
import org.rambo.baselines.LossSpec;

/**
 * One method of a grid: an id (used in run folder names and reports) and its loss, parsed once
 * when the grid is read into the registry's canonical spec (every key, defaults filled in). The
 * spec travels with the method into each run; it is written back as its canonical string.
 */
public record MethodSpec(
        String id,
        @JsonSerialize(using = ToStringSerializer.class) LossSpec loss) {

    public MethodSpec {
        Checks.require(
                id != null && id.matches("[a-z0-9][a-z0-9_.-]*"),
                "methods[].id",
                "must be lower-case letters, digits, '.', '_' or '-', got " + id);
        Checks.require(loss != null, "methods[" + id + "].loss", "is required (a loss spec)");
    }

    /**
     * A method as a grid file gives it: the loss spec string is parsed here, so an unknown loss,
     * key or value is named by the method's {@code loss} key and line.
     */
    @JsonCreator
    public MethodSpec(@JsonProperty("id") String id, @JsonProperty("loss") String loss) {
        this(id, parse(id, loss));
    }

    private static LossSpec parse(String id, String loss) {
        Checks.require(loss != null && !loss.isBlank(), "methods[" + id + "].loss", "is required (a loss spec)");
        try {
            return LossRegistry.parse(loss);
        } catch (IllegalArgumentException e) {
            throw ConfigException.forKey("methods[" + id + "].loss", "(method '" + id + "'): " + e.getMessage());
        }
    }
}
