package org.rambo.reports.html;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rambo.reports.claims.ClaimRow;
import org.rambo.reports.claims.PaperVerdict;
import org.rambo.reports.claims.Verdict;
import org.rambo.reports.model.Metrics;

/**
 * What the report opens with: per (grid, dataset), each RaMBO variant against each baseline on
 * the headline metric as a verdict badge, said plainly when the seeds are too few to separate
 * the methods; then the paper's published differences beside ours.
 */
final class ClaimsSection {

    private ClaimsSection() {}

    static View.ClaimsView of(List<ClaimRow> claims) {
        Map<String, List<ClaimRow>> byGroup = new TreeMap<>();
        claims.stream()
                .filter(c -> !c.grid().isEmpty())
                .forEach(c -> byGroup.computeIfAbsent(c.grid() + "\u0000" + c.dataset(), k -> new ArrayList<>())
                        .add(c));
        List<View.ClaimGroup> groups = new ArrayList<>();
        byGroup.values().forEach(rows -> groups.add(group(rows)));
        List<ClaimRow> published = claims.stream().filter(ClaimRow::published).toList();
        List<View.PaperClaim> paperClaims = new ArrayList<>();
        // The headline metric per dataset keeps the list short; claims.csv has every metric.
        Map<String, String> headline = new TreeMap<>();
        published.forEach(c -> headline.merge(c.dataset(), c.metric(), (a, b) -> Metrics.headline(List.of(a, b))));
        for (ClaimRow c : published) {
            // Pairs we did not run are counted in the summary line, not listed: the table stays a glance.
            if (c.metric().equals(headline.get(c.dataset())) && c.paperVerdict() != PaperVerdict.NOT_RUN) {
                paperClaims.add(new View.PaperClaim(
                        c.dataset(),
                        Metrics.label(c.metric()),
                        c.method(),
                        c.baseline(),
                        Format.signed1(c.paperDelta()),
                        c.nSeeds() == 0 ? "–" : Format.signed1(c.delta()),
                        c.paperVerdict().word()));
            }
        }
        return new View.ClaimsView(List.copyOf(groups), paperSummary(published), List.copyOf(paperClaims));
    }

    private static View.ClaimGroup group(List<ClaimRow> rows) {
        String grid = rows.get(0).grid();
        String dataset = rows.get(0).dataset();
        String metric = Metrics.headline(rows.stream().map(ClaimRow::metric).toList());
        TreeSet<String> variants = new TreeSet<>(Metrics.METHOD_COMPARATOR);
        TreeSet<String> baselines = new TreeSet<>(Metrics.METHOD_COMPARATOR);
        Map<String, ClaimRow> byPair = new LinkedHashMap<>();
        List<ClaimRow> headline =
                rows.stream().filter(c -> c.metric().equals(metric)).toList();
        headline.forEach(c -> {
            variants.add(c.method());
            baselines.add(c.baseline());
            byPair.put(c.method() + "/" + c.baseline(), c);
        });
        List<View.ClaimLine> lines = new ArrayList<>();
        for (String v : variants) {
            List<View.Badge> cells = new ArrayList<>();
            for (String b : baselines) {
                ClaimRow c = byPair.get(v + "/" + b);
                cells.add(c == null ? new View.Badge("none", "–", "", "not measured") : badge(c));
            }
            lines.add(new View.ClaimLine(v, cells));
        }
        return new View.ClaimGroup(
                "table-claims-" + Format.slug(grid + "-" + dataset),
                grid,
                dataset,
                Metrics.label(metric),
                List.copyOf(baselines),
                lines,
                seedsNote(headline));
    }

    private static View.Badge badge(ClaimRow c) {
        String interval = c.nSeeds() == 0
                ? "no paired seeds"
                : c.nSeeds() == 1
                        ? "1 seed: no interval"
                        : String.format(Locale.ROOT, "[%+.1f, %+.1f]", c.ciLow(), c.ciHigh());
        String title = String.format(
                Locale.ROOT,
                "%s − %s, %s, %d paired seed(s): mean %s points, 95%% Student t" + " interval %s",
                c.method(),
                c.baseline(),
                Metrics.label(c.metric()),
                c.nSeeds(),
                Format.signed1(c.delta()),
                interval);
        return new View.Badge(c.verdict().word(), c.nSeeds() == 0 ? "–" : Format.signed1(c.delta()), interval, title);
    }

    /**
     * Says how far apart two methods must be for these seeds to tell them apart: the median
     * half-width of the intervals, and how many comparisons stay inconclusive.
     */
    static String seedsNote(List<ClaimRow> headline) {
        int seeds = headline.stream().mapToInt(ClaimRow::nSeeds).max().orElse(0);
        long inconclusive = headline.stream()
                .filter(c -> c.verdict() == Verdict.INCONCLUSIVE)
                .count();
        if (seeds < 2) {
            return "With " + (seeds == 0 ? "no seed" : "one seed") + " shared by RaMBO and the baselines there is no"
                    + " interval: every verdict is inconclusive. Run at least 3 seeds per method (5 are better).";
        }
        double[] halves = headline.stream()
                .filter(c -> !Double.isNaN(c.ciLow()))
                .mapToDouble(c -> (c.ciHigh() - c.ciLow()) / 2)
                .sorted()
                .toArray();
        double median = halves.length % 2 == 1
                ? halves[halves.length / 2]
                : (halves[halves.length / 2 - 1] + halves[halves.length / 2]) / 2;
        return String.format(
                Locale.ROOT,
                "With %d seeds the 95%% interval of a difference is about ±%.1f points here"
                        + " (median over these pairs): gaps smaller than that cannot be told from seed-to-seed noise, and"
                        + " %d of %d comparisons are inconclusive%s.",
                seeds,
                median,
                inconclusive,
                headline.size(),
                inconclusive > 0 ? " — more seeds, not a different reading, would settle them" : "");
    }

    private static String paperSummary(List<ClaimRow> published) {
        if (published.isEmpty()) {
            return "The paper publishes no RaMBO − baseline difference to compare with.";
        }
        Map<PaperVerdict, Long> counts = new TreeMap<>();
        published.forEach(c -> counts.merge(c.paperVerdict(), 1L, Long::sum));
        TreeSet<String> notRun = new TreeSet<>();
        published.stream().filter(c -> c.paperVerdict() == PaperVerdict.NOT_RUN).forEach(c -> notRun.add(c.dataset()));
        StringBuilder sb = new StringBuilder("The paper's published RaMBO − baseline differences (" + published.size()
                + " across datasets and metrics, claims.csv):");
        Arrays.stream(PaperVerdict.values())
                .forEach(v -> sb.append(' ')
                        .append(counts.getOrDefault(v, 0L))
                        .append(' ')
                        .append(v.word())
                        .append(v == PaperVerdict.NOT_RUN ? "." : ","));
        if (!notRun.isEmpty()) {
            sb.append(" Not run here: ")
                    .append(String.join(", ", notRun))
                    .append(" (the paper protocol on real data; see the README).");
        }
        return sb.toString();
    }
}
