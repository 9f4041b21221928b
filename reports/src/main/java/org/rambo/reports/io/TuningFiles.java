package org.rambo.reports.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rambo.reports.ReportInputException;
import org.rambo.reports.model.Tuning;

/**
 * The tuning.json files of a runs folder: {@code RUNS/tuning.json} (a report of one tuned grid)
 * and {@code RUNS/<grid>/tuning.json} (a report of a whole runs folder). A grid without one ran
 * untuned settings.
 */
public final class TuningFiles {

    public static final String FILE = "tuning.json";

    private TuningFiles() {}

    public static List<Tuning> read(Path runsDir) {
        List<Tuning> out = new ArrayList<>();
        if (Files.isRegularFile(runsDir.resolve(FILE))) {
            out.add(readFile(runsDir.resolve(FILE)));
        }
        if (Files.isDirectory(runsDir)) {
            try (Stream<Path> s = Files.list(runsDir)) {
                for (Path dir : s.sorted().toList()) {
                    if (Files.isRegularFile(dir.resolve(FILE))) {
                        out.add(readFile(dir.resolve(FILE)));
                    }
                }
            } catch (IOException e) {
                throw new ReportInputException(runsDir + ": cannot list: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Grid -> "tuned, budget N" for the grids with a tuning.json. */
    public static Map<String, String> claimWords(List<Tuning> tunings) {
        Map<String, String> out = new LinkedHashMap<>();
        tunings.forEach(t -> out.put(t.grid(), t.claimWord()));
        return out;
    }

    static Tuning readFile(Path file) {
        JsonNode root = Json.read(file);
        try {
            String grid = file.toAbsolutePath().getParent().getFileName().toString();
            List<Tuning.Method> methods = new ArrayList<>();
            for (JsonNode m : required(root, "methods", file)) {
                Map<String, String> chosen = new LinkedHashMap<>();
                required(m, "chosen", file)
                        .fields()
                        .forEachRemaining(
                                e -> chosen.put(e.getKey(), e.getValue().asText()));
                List<Double> objectives = new ArrayList<>();
                for (JsonNode t : required(m, "trials", file)) {
                    JsonNode v = t.get("objective");
                    objectives.add(v == null || v.isNull() ? null : v.asDouble());
                }
                methods.add(new Tuning.Method(
                        required(m, "method", file).asText(),
                        required(m, "chosen_trial", file).asInt(),
                        chosen,
                        required(m, "loss", file).asText(),
                        required(m, "learning_rate", file).asDouble(),
                        required(m, "validation", file).asDouble(),
                        objectives));
            }
            return new Tuning(
                    grid,
                    required(root, "budget", file).asInt(),
                    required(root, "folds", file).asInt(),
                    required(root, "objective", file).asText(),
                    methods);
        } catch (RuntimeException e) {
            if (e instanceof ReportInputException) {
                throw e;
            }
            throw new ReportInputException(file + ": not a tuning record: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String key, Path file) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new ReportInputException(file + ": not a tuning record: no '" + key + "'");
        }
        return v;
    }
}
