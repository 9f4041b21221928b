package org.rambo.runfolder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The JSON of run files: snake_case names and sorted keys, so equal configs give equal bytes,
 * and the first 12 hex digits of their SHA-256 name the run folder.
 */
public final class CanonicalJson {

    /** Snake_case, sorted keys; reading tolerates keys a newer writer added. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private CanonicalJson() {}

    /**
     * The canonical form of a config object: records and maps alike go through a plain tree, so
     * a record's components and a map's keys sort the same way; no spaces.
     */
    public static String of(Object config) {
        try {
            Object plain = MAPPER.treeToValue(MAPPER.valueToTree(config), Object.class);
            return MAPPER.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise run config " + config, e);
        }
    }

    /** First 12 hex digits of the SHA-256 of the canonical JSON. */
    public static String hash12(String canonicalJson) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonicalJson.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The run folder's name under {@code runs/<grid>/}: {@code <method>-s<seed>-<hash12>}. */
    public static String folderName(String method, long seed, String canonicalJson) {
        return method + "-s" + seed + "-" + hash12(canonicalJson);
    }

    /** Pretty JSON for files people read (provenance, final record), keys still sorted. */
    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
