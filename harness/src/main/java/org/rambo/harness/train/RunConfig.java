package org.rambo.harness.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.rambo.harness.config.DatasetSpec;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.config.MethodSpec;
import org.rambo.harness.config.ProtocolSpec;

/**
 * One run: a method of a grid under the grid's protocol, for one seed. Its canonical JSON
 * (sorted keys, no spaces) is written to config.json and hashed to name the run folder.
 */
public record RunConfig(String grid, DatasetSpec dataset, String method, String loss, long seed,
                        ProtocolSpec protocol) {

    /** The JSON mapper for run files: snake_case, sorted keys, so equal configs give equal bytes. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    public static RunConfig of(GridSpec grid, MethodSpec method, String canonicalLoss, long seed) {
        return new RunConfig(grid.name(), grid.dataset(), method.id(), canonicalLoss, seed, grid.protocol());
    }

    public String canonicalJson() {
        try {
            JsonNode tree = JSON.valueToTree(this);
            return JSON.writeValueAsString(JSON.treeToValue(tree, Object.class));
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise run config", e);
        }
    }

    /** First 12 hex digits of SHA-256 of the canonical JSON. */
    public String hash() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonicalJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Folder name under runs/<grid>/: method-s<seed>-<hash12>. */
    public String folderName() {
        return method + "-s" + seed + "-" + hash();
    }

    public Seeds seeds() {
        return Seeds.split(seed);
    }
}
