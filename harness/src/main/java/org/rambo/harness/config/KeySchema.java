package org.rambo.harness.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.baselines.LossSpec;

/**
 * The keys a config block may hold, read from the config records themselves under the mapper's
 * naming (a component {@code embeddingDim} is the key {@code embedding_dim} for snake_case), so
 * the list of valid keys in an error message can never drift from what the loader accepts.
 */
final class KeySchema {

    private final PropertyNamingStrategies.NamingBase naming;

    private KeySchema(PropertyNamingStrategies.NamingBase naming) {
        this.naming = naming;
    }

    /** The key names the mapper reads: its naming strategy, or the component names as they are. */
    static KeySchema of(ObjectMapper mapper) {
        return new KeySchema(
                mapper.getPropertyNamingStrategy() instanceof PropertyNamingStrategies.NamingBase n ? n : null);
    }

    /** Key -> declared type of a record's components, in declaration order; a {@code @JsonProperty} name wins. */
    Map<String, Type> keys(Class<?> record) {
        Map<String, Type> out = new LinkedHashMap<>();
        for (RecordComponent c : record.getRecordComponents()) {
            JsonProperty named = c.getAccessor().getAnnotation(JsonProperty.class);
            String key = named != null && !named.value().isEmpty()
                    ? named.value()
                    : naming == null ? c.getName() : naming.translate(c.getName());
            out.put(key, c.getGenericType());
        }
        return out;
    }

    /** The valid keys of a block, sorted, for messages. */
    String validKeys(Class<?> record) {
        return String.join(", ", keys(record).keySet().stream().sorted().toList());
    }

    /** A config record type, or null for scalars and lists. */
    static Class<?> recordOf(Type t) {
        // a loss spec is a record but a config gives it as one string
        return t instanceof Class<?> c && c.isRecord() && c != LossSpec.class ? c : null;
    }

    /** The element type of a {@code List<E>}, or null when t is not a list. */
    static Type elementOf(Type t) {
        if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
            return p.getActualTypeArguments()[0];
        }
        return null;
    }
}
