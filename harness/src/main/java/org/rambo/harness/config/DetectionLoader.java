package org.rambo.harness.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.rambo.detection.DetectionConfig;

/**
 * Reads detection configs (JSON, the grids' nested snake_case keys, see {@link DetectionConfig})
 * with {@code --set KEY=VALUE} overrides; every error names the file and line of the key, or the
 * {@code --set} that gave it. Files in the first, flat camelCase layout ({@code "imageSize": 64})
 * are still read: their keys are moved to the new ones and one note names the new key of each
 * old one found. A {@code --set} of an old key is refused with the new key's name.
 */
public final class DetectionLoader {

    /** Each old key and the key it is now, in the order of the old files. */
    static final Map<String, String> OLD_KEYS = oldKeys();

    private DetectionLoader() {}

    private static Map<String, String> oldKeys() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dataset", "dataset.name");
        m.put("root", "dataset.root");
        m.put("classes", "dataset.classes");
        m.put("backbone", "protocol.backbone");
        m.put("imageSize", "protocol.image_size");
        m.put("anchorSizes", "protocol.anchors.sizes");
        m.put("anchorRatios", "protocol.anchors.ratios");
        m.put("matchIou", "protocol.anchors.match_iou");
        m.put("epochs", "protocol.epochs");
        m.put("batchSize", "protocol.batch_size");
        m.put("learningRate", "protocol.learning_rate");
        m.put("lambda", "rambo.lambda");
        m.put("margin", "rambo.margin");
        m.put("marginNoise", "rambo.margin_noise");
        m.put("memory", "rambo.memory");
        m.put("apcWeight", "rambo.apc_weight");
        m.put("rankedScores", "rambo.ranked_scores");
        m.put("maxTrain", "dataset.max_train");
        m.put("maxTest", "dataset.max_test");
        m.put("device", "protocol.device");
        return m;
    }

    /**
     * The config in a file with {@code --set} overrides applied; {@code notes} gets the one line
     * naming the new keys when the file uses old ones.
     */
    public static Located<DetectionConfig> read(Path file, List<String> sets, Consumer<String> notes) {
        List<String> given = sets == null ? List.of() : sets;
        for (String set : given) {
            String key = set.substring(0, Math.max(0, set.indexOf('='))).strip();
            if (OLD_KEYS.containsKey(key) && !key.equals("dataset")) {
                throw new ConfigException("--set " + set + ": '" + key + "' is a key of the old detection layout; set "
                        + OLD_KEYS.get(key));
            }
        }
        return ConfigLoader.read(file, DetectionConfig.class, given, tree -> migrate(tree, notes));
    }

    /** Moves the old layout's keys to the new ones, with one note naming them. */
    private static void migrate(LocatedTree tree, Consumer<String> notes) {
        JsonNode root = tree.root();
        List<String> moved = new ArrayList<>();
        for (Map.Entry<String, String> e : OLD_KEYS.entrySet()) {
            String old = e.getKey();
            boolean flat =
                    root.has(old) && (!old.equals("dataset") || root.get(old).isTextual());
            if (flat) {
                tree.move(old, e.getValue());
                moved.add(old + " -> " + e.getValue());
            }
        }
        if (!moved.isEmpty()) {
            notes.accept(tree.source() + ": old detection config keys, read as the new ones: "
                    + String.join(", ", moved) + " (configs/detection.json shows the new layout)");
        }
    }
}
