package org.rambo.reports.model;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.runfolder.Provenance;

/**
 * Everything the reports know about one run folder.
 *
 * @param folder      the run folder as found under RUNS_DIR (RUNS_DIR joined with its relative path)
 * @param relative    the folder relative to RUNS_DIR, with '/' separators (stable across machines)
 * @param protocolJson what a grid's runs share, canonical JSON (keys sorted): {"dataset": config.json's dataset
 *                    spec when it is an object, "protocol": config.json's protocol}
 * @param provenance  provenance.json, or null when it is missing or unreadable (a note says which)
 * @param epochsDone  epochs finished: final.json "epochs" when present, else epochs.csv rows
 * @param last        final.json "last" (the last epoch: the fair number); empty unless finished
 * @param best        final.json "best" without "epoch" (checkpoint with the best held-out R@1)
 * @param bestEpoch   final.json "best.epoch", or null
 * @param stepTimes   means over steps.csv, or null when steps.csv is absent
 * @param failure     final.json "failure" for failed runs; for damaged runs, why final.json was rejected
 * @param details     final.json "details": experiment-specific extras (detection: image counts, notes)
 * @param notes       non-fatal problems with this folder (e.g. a missing provenance.json)
 */
public record Run(
        Path folder,
        String relative,
        String grid,
        String dataset,
        String method,
        String loss,
        long seed,
        RunState status,
        String protocolJson,
        Provenance provenance,
        Integer epochsDone,
        Integer epochsPlanned,
        Map<String, Double> last,
        Map<String, Double> best,
        Integer bestEpoch,
        Double wallSeconds,
        Double meanStepMs,
        Double meanSortMs,
        String failure,
        Map<String, Object> details,
        List<EpochRow> epochs,
        StepTimes stepTimes,
        List<String> notes) {

    public Run {
        last = Map.copyOf(last);
        best = Map.copyOf(best);
        // details may hold JSON nulls, which Map.copyOf refuses
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        epochs = List.copyOf(epochs);
        notes = List.copyOf(notes);
    }

    public boolean finished() {
        return status == RunState.FINISHED;
    }

    /** The metrics of the chosen selection ("last" or "best"). */
    public Map<String, Double> metrics(Selection selection) {
        return selection == Selection.LAST ? last : best;
    }
}
