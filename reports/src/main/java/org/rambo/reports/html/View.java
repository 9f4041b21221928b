package org.rambo.reports.html;

import java.util.List;

/**
 * The report's view model: plain records the Mustache template walks. Only the template
 * turns these into HTML (and escapes every string in the process), except {@code svg},
 * which is SVG markup produced by JFreeSVG.
 */
public final class View {

    private View() {
    }

    public record Report(String title, String generatedAt, String runsDir, Counts counts, List<String> grids,
                         List<Group> groups, List<PaperLine> paper, Bench bench, List<Protocol> protocols,
                         ProvenanceSummary provenanceSummary, List<ProvenanceRow> provenance,
                         List<NotFinishedRow> notFinished, List<String> warnings,
                         String expectTables, String expectPlots, String expectSections) {
        /** Whether the template shows the notFinished block (Mustache has no "is empty" test). */
        public boolean hasNotFinished() {
            return !notFinished.isEmpty();
        }

        /** Whether the template shows the warnings block (Mustache has no "is empty" test). */
        public boolean hasWarnings() {
            return !warnings.isEmpty();
        }
    }

    public record Counts(int total, int finished, int failed, int unfinished) {
    }

    /** One (grid, dataset): its comparison tables, detection extras and plots. */
    public record Group(String anchor, String grid, String dataset, String datasetLabel, boolean detection,
                        String honestyNote, List<Table> tables, List<Table> extraTables,
                        List<DetectionPaper> detectionPaper, List<Plot> plots, Timing timing,
                        String paperNote) {
    }

    public record Table(String id, String caption, List<String> columns, List<Row> rows, List<Footnote> footnotes) {
        /** Whether the template shows the footnotes block (Mustache has no "is empty" test). */
        public boolean hasFootnotes() {
            return !footnotes.isEmpty();
        }
    }

    /** A row of a comparison table; {@code paper} rows are the published numbers beside ours. */
    public record Row(String label, String n, boolean paper, List<Cell> cells) {
    }

    /** A cell: the mean, the interval under it, bold when best in its column. */
    public record Cell(String value, String interval, boolean best, String title) {
    }

    public record Footnote(String mark, String text) {
    }

    public record DetectionPaper(String setting, String ce, String rambo, String delta, String source) {
    }

    public record Plot(String id, String caption, String svg) {
    }

    public record Timing(String tableId, List<TimingRow> rows) {
    }

    public record TimingRow(String method, String n, String stepMs, List<String> phases, String sortShare,
                            String wallSeconds) {
    }

    public record PaperLine(String dataset, String method, String values, String source) {
    }

    public record Bench(boolean present, String dir, String plotId, String svg, String tableId,
                        List<BenchRow> rows, List<String> files, List<KeyValue> environment,
                        List<String> skipped, String paperSpeed) {
        /** Whether the template shows the environment block (Mustache has no "is empty" test). */
        public boolean hasEnvironment() {
            return !environment.isEmpty();
        }

        /** Whether the template shows the skipped block (Mustache has no "is empty" test). */
        public boolean hasSkipped() {
            return !skipped.isEmpty();
        }
    }

    public record BenchRow(String name, String mode, String sizes, String fastest, String slowest, String exponent) {
    }

    public record KeyValue(String key, String value) {
    }

    public record Protocol(String grid, int runs, String json, List<KeyValue> methods, List<String> differences) {
        /** Whether the template shows the differences block (Mustache has no "is empty" test). */
        public boolean hasDifferences() {
            return !differences.isEmpty();
        }
    }

    public record ProvenanceSummary(List<KeyValue> shared) {
    }

    public record ProvenanceRow(String href, String folder, String status, String dataset, String method, long seed,
                                String commit, String java, String platform, String engine, String device,
                                String threads, String seeds, String checksum, String checksumShort,
                                String startedAt) {
    }

    public record NotFinishedRow(String href, String folder, String status, String grid, String dataset,
                                 String method, long seed, String epochs, String failure, String notes) {
    }
}
