package org.rambo.reports.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.rambo.reports.ReportInputException;

/** Strict JSON reading: every problem names the file and the line or key. */
public final class Json {

    /**
     * NaN/Infinity are accepted both bare and as strings: Jackson writes a diverged metric
     * as "NaN" by default, and a diverged run must show up as NaN, not as a parse error.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Json() {}

    public static JsonNode read(Path file) {
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw ReportInputException.at(file, "empty file, expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ReportInputException(file + where + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw ReportInputException.at(file, "cannot read: " + e.getMessage());
        }
    }

    public static JsonNode object(Path file, JsonNode node, String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw ReportInputException.at(file, "missing key '" + key + "'");
            }
            return null;
        }
        if (!v.isObject()) {
            throw ReportInputException.at(file, "key '" + key + "' must be an object, found " + v.getNodeType());
        }
        return v;
    }

    public static String text(Path file, JsonNode node, String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw ReportInputException.at(file, "missing key '" + key + "'");
            }
            return null;
        }
        if (!v.isValueNode()) {
            throw ReportInputException.at(file, "key '" + key + "' must be a string, found " + v.getNodeType());
        }
        return v.asText();
    }

    public static Long integer(Path file, JsonNode node, String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw ReportInputException.at(file, "missing key '" + key + "'");
            }
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw ReportInputException.at(file, "key '" + key + "' must be an integer, found " + v);
        }
        return v.asLong();
    }

    public static Double number(Path file, JsonNode node, String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw ReportInputException.at(file, "missing key '" + key + "'");
            }
            return null;
        }
        return toDouble(file, key, v);
    }

    private static double toDouble(Path file, String key, JsonNode v) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            switch (v.asText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw ReportInputException.at(file, "key '" + key + "' must be a number, found " + v);
    }

    /** Canonical text of a JSON value (keys sorted) so equal protocols compare equal. */
    public static String canonical(JsonNode node) {
        try {
            Object plain = MAPPER.treeToValue(node, Object.class);
            return MAPPER.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pretty(String canonicalJson) {
        try {
            Object plain = MAPPER.readValue(canonicalJson, Object.class);
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
