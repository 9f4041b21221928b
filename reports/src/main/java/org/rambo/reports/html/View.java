package org.rambo.reports.html;

import java.util.List;

/**
 * The report's view model: plain records the Mustache template walks. Only the template
 * turns these into HTML (and escapes every string in the process), except {@code svg},
 * which is SVG markup produced by JFreeSVG.
 */
public final class View {

    private View() {}

    public record Report(
            String title,
            String generatedAt,
            String runsDir,
            Counts counts,
            List<String> grids,
            ClaimsView claims,
            List<Group> groups,
            List<PaperLine> paper,
            Bench bench,
            List<Protocol> protocols,
            ProvenanceSummary provenanceSummary,
            List<ProvenanceRow> provenance,
            List<NotFinishedRow> notFinished,
            List<String> warnings,
            String expectTables,
            String expectPlots,
            String expectSections,
            List<TuningView> tuning) {
        /** Whether the template shows the tuning section (Mustache has no "is empty" test). */
        public boolean hasTuning() {
            return !tuning.isEmpty();
        }

        /** Whether the template shows the notFinished block (Mustache has no "is empty" test). */
        public boolean hasNotFinished() {
            return !notFinished.isEmpty();
        }

        /** Whether the template shows the warnings block (Mustache has no "is empty" test). */
        public boolean hasWarnings() {
            return !warnings.isEmpty();
        }
    }

    /** A tuned grid: its curves, chosen settings and validation-to-test gaps. */
    public record TuningView(
            String grid,
            String claimWord,
            int folds,
            String metric,
            String plotId,
            String svg,
            String tableId,
            List<TuningRow> rows) {}

    /** One method's chosen setting; gap = test - validation in percentage points. */
    public record TuningRow(
            String method,
            String chosenTrial,
            String setting,
            String validation,
            String test,
            String testSeeds,
            String gap) {}

    public record Counts(int total, int finished, int failed, int unfinished, int damaged) {}

    /** One (grid, dataset): its comparison tables, detection extras and plots. */
    public record Group(
            String anchor,
            String grid,
            String dataset,
            String datasetLabel,
            boolean detection,
            String honestyNote,
            List<Table> tables,
            List<Table> extraTables,
            List<DetectionPaper> detectionPaper,
            List<KeyValue> detectionDetails,
            List<Plot> plots,
            Timing timing,
            String paperNote) {
        /** Whether the template shows the detection details block (Mustache has no "is empty" test). */
        public boolean hasDetectionDetails() {
            return !detectionDetails.isEmpty();
        }
    }

    public record Table(String id, String caption, List<String> columns, List<Row> rows, List<Footnote> footnotes) {
        /** Whether the template shows the footnotes block (Mustache has no "is empty" test). */
        public boolean hasFootnotes() {
            return !footnotes.isEmpty();
        }
    }

    /** A row of a comparison table; {@code paper} rows are the published numbers beside ours. */
    public record Row(String label, String n, boolean paper, List<Cell> cells) {}

    /** A cell: the mean, the interval under it, bold when best in its column. */
    public record Cell(String value, String interval, boolean best, String title) {}

    public record Footnote(String mark, String text) {}

    public record DetectionPaper(String setting, String ce, String rambo, String delta, String source) {}

    public record Plot(String id, String caption, String svg) {}

    /** The timing table and, in words, the share of a training step the ranking takes. */
    public record Timing(String tableId, List<TimingRow> rows, String rankingShare) {}

    public record TimingRow(
            String method, String n, String stepMs, List<String> phases, String sortShare, String wallSeconds) {}

    public record PaperLine(String dataset, String method, String values, String source) {}

    public record Bench(
            boolean present,
            String dir,
            String plotId,
            String svg,
            String tableId,
            List<BenchRow> rows,
            List<String> files,
            List<KeyValue> environment,
            List<String> skipped,
            String paperSpeed,
            TrainingShapes shapes) {
        /** Whether the template shows the environment block (Mustache has no "is empty" test). */
        public boolean hasEnvironment() {
            return !environment.isEmpty();
        }

        /** Whether the template shows the skipped block (Mustache has no "is empty" test). */
        public boolean hasSkipped() {
            return !skipped.isEmpty();
        }
    }

    /** reports/bench/training-shapes.csv: RaMBO's ranking against its peers at the shapes training uses. */
    public record TrainingShapes(boolean present, String file, String tableId, List<ShapeRow> rows) {}

    /** One shape and one peer: both times, both thread counts and peer time / our time. */
    public record ShapeRow(
            String shape,
            String ramboMs,
            String ramboThreads,
            String peer,
            String peerMs,
            String peerThreads,
            String ratio) {}

    public record BenchRow(String name, String mode, String sizes, String fastest, String slowest, String exponent) {}

    public record KeyValue(String key, String value) {}

    public record Protocol(String grid, int runs, String json, List<KeyValue> methods, List<String> differences) {
        /** Whether the template shows the differences block (Mustache has no "is empty" test). */
        public boolean hasDifferences() {
            return !differences.isEmpty();
        }
    }

    public record ProvenanceSummary(List<KeyValue> shared) {}

    public record ProvenanceRow(
            String href,
            String folder,
            String status,
            String dataset,
            String method,
            long seed,
            String commit,
            String java,
            String platform,
            String cpu,
            String isa,
            String numericEnv,
            String engine,
            String device,
            String threads,
            String seeds,
            String checksum,
            String checksumShort,
            String startedAt) {}

    public record NotFinishedRow(
            String href,
            String folder,
            String status,
            String grid,
            String dataset,
            String method,
            long seed,
            String epochs,
            String failure,
            String notes) {}

    /** The verdicts the report opens with. */
    public record ClaimsView(List<ClaimGroup> groups, String paperSummary, List<PaperClaim> paperClaims) {
        /** Whether the template shows the paper's comparisons (Mustache has no "is empty" test). */
        public boolean hasPaperClaims() {
            return !paperClaims.isEmpty();
        }
    }

    /** One (grid, dataset): RaMBO variants down, baselines across, a verdict badge in each cell. */
    public record ClaimGroup(
            String tableId,
            String grid,
            String dataset,
            String metric,
            List<String> baselines,
            List<ClaimLine> lines,
            String seedsNote) {}

    public record ClaimLine(String method, List<Badge> cells) {}

    /** A verdict: {@code verdict} is the word (and the badge's style), {@code delta} the difference in points. */
    public record Badge(String verdict, String delta, String interval, String title) {}

    /** A difference the paper published beside ours. */
    public record PaperClaim(
            String dataset,
            String metric,
            String method,
            String baseline,
            String paperDelta,
            String ourDelta,
            String verdict) {}
}
