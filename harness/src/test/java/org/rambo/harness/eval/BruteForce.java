package org.rambo.harness.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Textbook metric definitions: full sort of every candidate list, metrics read off it. Shares
 * only the per-pair distance with the blocked evaluator, so agreement checks the blocking,
 * selection and bookkeeping.
 */
final class BruteForce {
    private BruteForce() {}

    static Map<String, Double> metrics(float[] q, int[] ql, float[] g, int[] gl, int dim, boolean self, int[] ks) {
        int used = 0;
        long[] hits = new long[ks.length];
        long p1 = 0;
        double rp = 0;
        double map = 0;
        for (int i = 0; i < ql.length; i++) {
            final int qi = i;
            List<Integer> cand = new ArrayList<>();
            for (int j = 0; j < gl.length; j++) {
                if (!(self && j == i)) {
                    cand.add(j);
                }
            }
            cand.sort(Comparator.<Integer>comparingDouble(j -> Distances.squaredL2(q, qi * dim, g, j * dim, dim))
                    .thenComparingInt(j -> j));
            boolean[] rel = new boolean[cand.size()];
            int r = 0;
            for (int t = 0; t < rel.length; t++) {
                rel[t] = gl[cand.get(t)] == ql[i];
                if (rel[t]) {
                    r++;
                }
            }
            if (r == 0) {
                continue;
            }
            used++;
            int first = 0;
            while (!rel[first]) {
                first++;
            }
            for (int k = 0; k < ks.length; k++) {
                if (first < ks[k]) {
                    hits[k]++;
                }
            }
            if (rel[0]) {
                p1++;
            }
            int h = 0;
            double sp = 0;
            for (int t = 0; t < r; t++) {
                if (rel[t]) {
                    h++;
                    sp += (double) h / (t + 1);
                }
            }
            rp += (double) h / r;
            map += sp / r;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int k = 0; k < ks.length; k++) {
            out.put("recall_at_" + ks[k], (double) hits[k] / used);
        }
        out.put("precision_at_1", (double) p1 / used);
        out.put("r_precision", rp / used);
        out.put("map_at_r", map / used);
        out.put("queries_skipped", (double) (ql.length - used));
        return out;
    }
}
