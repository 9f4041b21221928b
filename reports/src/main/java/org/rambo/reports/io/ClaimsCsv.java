package org.rambo.reports.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rambo.reports.claims.ClaimRow;
import org.rambo.runfolder.AtomicWriter;

/**
 * claims.csv: one row per RaMBO variant, baseline, dataset and metric (see {@link ClaimRow}).
 * Differences are in percentage points with four decimals; undefined numbers are empty cells.
 */
public final class ClaimsCsv {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT
            .builder()
            .setRecordSeparator("\n")
            .setHeader(ClaimRow.COLUMNS)
            .build();

    private ClaimsCsv() {}

    public static void write(Path target, List<ClaimRow> rows) {
        AtomicWriter.writeText(target, out -> {
            CSVPrinter p = new CSVPrinter(out, FORMAT);
            for (ClaimRow r : rows) {
                // null, not "": commons-csv quotes an empty first field
                p.printRecord(
                        r.grid().isEmpty() ? null : r.grid(),
                        r.dataset(),
                        r.metric(),
                        r.method(),
                        r.baseline(),
                        r.nSeeds(),
                        pp(r.delta()),
                        pp(r.ciLow()),
                        pp(r.ciHigh()),
                        r.verdict().word(),
                        pp(r.paperDelta()),
                        r.paperVerdict() == null ? "" : r.paperVerdict().word(),
                        r.tuning());
            }
            p.flush();
        });
    }

    static String pp(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
