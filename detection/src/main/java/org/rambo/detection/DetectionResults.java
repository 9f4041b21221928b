package org.rambo.detection;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.MetricNames;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunStatus;

/**
 * A detection run's final.json: {@code last} holds {@code ap50} (area), {@code ap50_voc07}
 * (11-point), {@code uncapped_ap50} and {@code ap50_<class>}; {@code best} is empty (no
 * checkpoint selection); {@code details} holds the VOC07 AP per class, the image counts, the
 * last epoch's training loss and, for the synthetic set, a note.
 */
public final class DetectionResults {

    private static final String VOC07_PER_CLASS = "ap50_voc07_per_class";
    private static final String SYNTHETIC_NOTE = "synthetic layout, real objects: Fashion-MNIST items pasted on "
            + "textured backgrounds in VOC format; not Pascal VOC";

    private DetectionResults() {}

    /** The result of a finished run from its evaluation. */
    static DetectionResult finished(
            DetectionConfig config,
            DetectionData data,
            DetectorEvaluation.Result eval,
            RunTimes times,
            double finalTrainLoss) {
        Map<String, Double> perClass = new LinkedHashMap<>();
        Map<String, Double> perClass07 = new LinkedHashMap<>();
        for (VocEvaluator.ClassAp ap : eval.capped().classes()) {
            perClass.put(data.classes().get(ap.classId()), ap.apArea());
            perClass07.put(data.classes().get(ap.classId()), ap.ap11());
        }
        return new DetectionResult(
                RunStatus.FINISHED.word(),
                config.dataset(),
                config.method(),
                config.seed(),
                eval.capped().mapArea(),
                eval.capped().map11(),
                eval.uncapped().mapArea(),
                perClass,
                perClass07,
                times.wallSeconds(),
                times.meanStepMs(),
                times.meanSortMs(),
                finalTrainLoss,
                data.train().size(),
                data.test().size(),
                null);
    }

    /** The result of a run that failed during training. */
    static DetectionResult failed(DetectionConfig config, DetectionData data, RunTimes times, String failure) {
        return unmeasured(RunStatus.FAILED.word(), config, data, times, failure);
    }

    /** A run stopped by a signal after an epoch's checkpoint: no metrics, nothing recorded as final. */
    static DetectionResult interrupted(DetectionConfig config, DetectionData data, RunTimes times, String reason) {
        return unmeasured(DetectionResult.INTERRUPTED, config, data, times, reason);
    }

    /** A run that ended without its evaluation: the times so far, every metric NaN. */
    private static DetectionResult unmeasured(
            String status, DetectionConfig config, DetectionData data, RunTimes times, String why) {
        return new DetectionResult(
                status,
                config.dataset(),
                config.method(),
                config.seed(),
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Map.of(),
                Map.of(),
                times.wallSeconds(),
                times.meanStepMs(),
                times.meanSortMs(),
                Double.NaN,
                data.train().size(),
                data.test().size(),
                why);
    }

    /** The final record of a result. */
    static FinalRecord record(DetectionConfig config, DetectionResult r, double processSeconds) {
        Map<String, Double> last = new LinkedHashMap<>();
        if (r.status().equals(RunStatus.FINISHED.word())) {
            last.put(MetricNames.AP50, finiteOrNull(r.ap50()));
            last.put(MetricNames.AP50_VOC07, finiteOrNull(r.ap50Voc07()));
            last.put(MetricNames.UNCAPPED_AP50, finiteOrNull(r.ap50Uncapped()));
            r.apPerClass().forEach((name, ap) -> last.put(MetricNames.classAp50(name), finiteOrNull(ap)));
        }
        Map<String, Double> per07 = new LinkedHashMap<>();
        r.ap07PerClass().forEach((name, ap) -> per07.put(name, finiteOrNull(ap)));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(VOC07_PER_CLASS, per07);
        details.put("final_train_loss", finiteOrNull(r.finalTrainLoss()));
        details.put("train_images", r.trainImages());
        details.put("test_images", r.testImages());
        if (config.dataset().equals("synthetic-voc")) {
            details.put("note", SYNTHETIC_NOTE);
        }
        return new FinalRecord(
                RunStatus.ofWord(r.status()),
                config.grid(),
                config.dataset(),
                config.method(),
                config.lossSpec(),
                config.seed(),
                config.epochs(),
                last,
                Map.of(),
                r.wallSeconds(),
                r.meanStepMs(),
                r.meanSortMs(),
                processSeconds,
                r.failure(),
                details);
    }

    /** Reads a run folder's final.json back (validated). */
    public static DetectionResult read(Path runFolder) throws RunFolderException {
        FinalRecord f = FinalRecord.read(runFolder);
        Map<String, Double> perClass = new LinkedHashMap<>();
        f.last().forEach((key, value) -> {
            if (MetricNames.isClassAp50(key)) {
                perClass.put(MetricNames.classOf(key), orNaN(value));
            }
        });
        Map<String, Object> details = f.details() == null ? Map.of() : f.details();
        Map<String, Double> per07 = new LinkedHashMap<>();
        if (details.get(VOC07_PER_CLASS) instanceof Map<?, ?> m) {
            m.forEach((name, ap) -> per07.put(String.valueOf(name), number(ap)));
        }
        return new DetectionResult(
                f.status().word(),
                f.dataset(),
                f.method(),
                f.seed(),
                orNaN(f.last().get(MetricNames.AP50)),
                orNaN(f.last().get(MetricNames.AP50_VOC07)),
                orNaN(f.last().get(MetricNames.UNCAPPED_AP50)),
                perClass,
                per07,
                f.wallSeconds(),
                f.meanStepMs(),
                f.meanSortMs(),
                number(details.get("final_train_loss")),
                (int) number(details.get("train_images")),
                (int) number(details.get("test_images")),
                f.failure());
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
