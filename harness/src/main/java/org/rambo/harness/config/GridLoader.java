package org.rambo.harness.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads grid files (YAML or JSON, snake_case keys); every error names the file, line and key. */
public final class GridLoader {

    private GridLoader() {}

    /** The mapper for configs: snake_case keys, unknown keys and wrong types are errors. */
    public static ObjectMapper mapper(boolean yaml) {
        ObjectMapper m = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return m;
    }

    public static GridSpec load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such grid file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        boolean yaml = !file.toString().endsWith(".json");
        return parse(text, yaml, file.toString());
    }

    public static GridSpec parse(String text, boolean yaml, String source) {
        try {
            GridSpec spec = mapper(yaml).readValue(text, GridSpec.class);
            if (spec == null) {
                throw new ConfigException(source + ": empty grid file");
            }
            return spec;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            // records are built from buffered tokens, so Jackson's location can point past the
            // key: find the key's own line in the text instead
            int line = lineOfKey(text, String.valueOf(e.getPropertyName()));
            String where = line > 0 ? ", line " + line : lineOf(e.getLocation());
            throw new ConfigException(source + where + ": unknown key '"
                    + pathOf(e) + "'; valid keys here: " + known, e);
        } catch (JsonMappingException e) {
            ConfigException inner = findConfigException(e);
            if (inner != null) {
                throw new ConfigException(source + lineOf(e.getLocation()) + ": " + inner.getMessage(), inner);
            }
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof JsonProcessingException syntax && !(c instanceof JsonMappingException)) {
                    throw new ConfigException(source + lineOf(syntax.getLocation()) + ": malformed "
                            + (yaml ? "YAML" : "JSON") + " under key '" + pathOf(e) + "': "
                            + syntax.getOriginalMessage().split("\n")[0], e);
                }
            }
            throw new ConfigException(source + lineOf(e.getLocation()) + ": key '" + pathOf(e) + "': "
                    + e.getOriginalMessage().split("\n")[0], e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + lineOf(e.getLocation()) + ": malformed "
                    + (yaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Line of a key in the text: a block-style "key:" line first, else the first flow-style one. */
    private static int lineOfKey(String text, String key) {
        String k = java.util.regex.Pattern.quote(key);
        java.util.regex.Pattern block = java.util.regex.Pattern.compile("^\\s*(- )?[\"']?" + k + "[\"']?\\s*:");
        java.util.regex.Pattern flow = java.util.regex.Pattern.compile("[{,]\\s*[\"']?" + k + "[\"']?\\s*:");
        String[] lines = text.split("\n", -1);
        for (java.util.regex.Pattern p : java.util.List.of(block, flow)) {
            for (int i = 0; i < lines.length; i++) {
                if (p.matcher(lines[i].replaceFirst("#.*$", "")).find()) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    private static ConfigException findConfigException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigException ce) {
                return ce;
            }
        }
        return null;
    }

    private static String lineOf(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? "" : ", line " + location.getLineNr();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
