package org.rambo.runfolder;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * final.json: how a run ended. Its presence marks the run as ended; a run is never marked
 * {@code finished} from files that failed validation.
 *
 * @param status      finished or failed ({@link RunStatus#UNFINISHED} is never written)
 * @param last        the last epoch's metrics (the fair number); values may be null (undefined metric)
 * @param best        the epoch with the best held-out score and its metrics (what the paper reported);
 *                    key {@code epoch} holds its number
 * @param meanSortMs  mean time per training step inside the ranking sort (0 for losses without one)
 * @param failure     on failure, the one-line reason
 * @param details     experiment-specific extras (detection: per-class AP, image counts, notes)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FinalRecord(
        RunStatus status,
        String grid,
        String dataset,
        String method,
        String loss,
        long seed,
        int epochs,
        Map<String, Double> last,
        Map<String, Double> best,
        double wallSeconds,
        double meanStepMs,
        double meanSortMs,
        Double processSeconds,
        String failure,
        Map<String, Object> details) {

    public FinalRecord {
        if (status == RunStatus.UNFINISHED) {
            throw new IllegalArgumentException("a final record is finished or failed");
        }
        last = finiteOrNull(last);
        best = finiteOrNull(best);
    }

    /** JSON has no NaN: an undefined or diverged metric is written as null, which reads back as null. */
    private static Map<String, Double> finiteOrNull(Map<String, Double> metrics) {
        Map<String, Double> copy = new LinkedHashMap<>();
        if (metrics != null) {
            metrics.forEach((k, v) -> copy.put(k, v == null || !Double.isFinite(v) ? null : v));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Writes final.json into a run folder (atomically): from then on the run counts as ended. */
    public void writeTo(Path runFolder) {
        AtomicWriter.writeString(runFolder.resolve(RunFiles.FINAL), CanonicalJson.pretty(this));
    }

    /** Whether the folder has a final.json (valid or not). */
    public static boolean exists(Path runFolder) {
        return Files.exists(runFolder.resolve(RunFiles.FINAL));
    }

    /**
     * Reads and validates a run folder's final.json: valid JSON, an object, a known status, and
     * on {@code finished} a non-empty {@code last} with only numbers or nulls.
     */
    public static FinalRecord read(Path runFolder) throws RunFolderException {
        Path file = runFolder.resolve(RunFiles.FINAL);
        JsonNode tree;
        try {
            tree = CanonicalJson.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw damaged(file, "not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw RunFolderException.unreadable(file, e);
        }
        return validated(file, tree);
    }

    /**
     * A damaged final.json, with what to do about it: the run's files from before it are intact (it is
     * written last), so without it the run resumes from its checkpoint and writes it again.
     */
    private static RunFolderException damaged(Path file, String problem, Throwable cause) {
        return new RunFolderException(
                file,
                problem + "; delete final.json and train again to rewrite it from the checkpoint,"
                        + " or delete the run folder to retrain the run",
                cause);
    }

    private static FinalRecord validated(Path file, JsonNode tree) throws RunFolderException {
        if (tree == null || !tree.isObject()) {
            throw damaged(file, "empty or not a JSON object", null);
        }
        String status = tree.path("status").asText("");
        if (!status.equals("finished") && !status.equals("failed")) {
            throw damaged(
                    file,
                    "status must be \"finished\" or \"failed\", got "
                            + (tree.has("status") ? tree.get("status") : "none"),
                    null);
        }
        for (String metrics : new String[] {"last", "best"}) {
            JsonNode m = tree.path(metrics);
            if (!m.isMissingNode() && !m.isObject()) {
                throw damaged(file, "\"" + metrics + "\" must be an object of metrics", null);
            }
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) m::fields) {
                if (!e.getValue().isNumber() && !e.getValue().isNull()) {
                    throw damaged(file, "\"" + metrics + "." + e.getKey() + "\" is not a number", null);
                }
            }
        }
        if (status.equals("finished") && tree.path("last").isEmpty()) {
            throw damaged(file, "a finished run without last-epoch metrics", null);
        }
        try {
            return CanonicalJson.MAPPER.treeToValue(tree, FinalRecord.class);
        } catch (IOException e) {
            throw damaged(file, "not a final record (" + e.getMessage().split("\n")[0] + ")", e);
        }
    }
}
