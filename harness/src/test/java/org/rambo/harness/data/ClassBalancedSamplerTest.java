package org.rambo.harness.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassBalancedSamplerTest {

    /** Checks P classes x K items, class by class, and returns the batch's classes. */
    private static Set<Integer> checkBatch(int[] b, int[] labels, int p, int k) {
        assertEquals(p * k, b.length);
        Set<Integer> classes = new HashSet<>();
        for (int j = 0; j < p; j++) {
            int c = labels[b[j * k]];
            for (int i = 0; i < k; i++) {
                assertEquals(c, labels[b[j * k + i]], "chunk " + j + " mixes classes");
            }
            assertTrue(classes.add(c), "class " + c + " twice in one batch");
        }
        return classes;
    }

    @Test
    void everyBatchIsPClassesTimesKOnRandomLabels() {
        Random rnd = new Random(1);
        for (int t = 0; t < 20; t++) {
            int n = 50 + rnd.nextInt(400);
            int[] labels = new int[n];
            int classes = 5 + rnd.nextInt(30);
            for (int i = 0; i < n; i++) {
                labels[i] = rnd.nextInt(classes) * 3 + 7; // sparse ids
            }
            int p = 2 + rnd.nextInt(4);
            int k = 1 + rnd.nextInt(5);
            ClassBalancedSampler s = new ClassBalancedSampler(labels, p, k, t);
            List<int[]> epoch = s.epoch(0);
            assertFalse(epoch.isEmpty());
            for (int[] b : epoch) {
                checkBatch(b, labels, p, k);
            }
        }
    }

    @Test
    void whenPEqualsTheClassCountEveryItemAppearsOncePerEpoch() {
        int[] labels = new int[24];
        for (int i = 0; i < 24; i++) {
            labels[i] = i % 3;
        }
        ClassBalancedSampler s = new ClassBalancedSampler(labels, 3, 4, 9L);
        for (int e = 0; e < 3; e++) {
            List<int[]> batches = s.epoch(e);
            assertEquals(2, batches.size());
            int[] seen = new int[24];
            for (int[] b : batches) {
                assertEquals(Set.of(0, 1, 2), checkBatch(b, labels, 3, 4));
                for (int i : b) {
                    seen[i]++;
                }
            }
            for (int c : seen) {
                assertEquals(1, c);
            }
        }
    }

    @Test
    void sameSeedAndEpochRepeatOthersDiffer() {
        Random rnd = new Random(2);
        int[] labels = new int[300];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rnd.nextInt(20);
        }
        List<int[]> a = new ClassBalancedSampler(labels, 4, 3, 42L).epoch(5);
        List<int[]> b = new ClassBalancedSampler(labels, 4, 3, 42L).epoch(5);
        List<int[]> c = new ClassBalancedSampler(labels, 4, 3, 42L).epoch(6);
        List<int[]> d = new ClassBalancedSampler(labels, 4, 3, 43L).epoch(5);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        assertFalse(Arrays.equals(a.get(0), c.get(0)) && Arrays.equals(a.get(1), c.get(1)));
        assertFalse(Arrays.equals(a.get(0), d.get(0)) && Arrays.equals(a.get(1), d.get(1)));
    }

    @Test
    void smallClassesArePaddedWithTheirOwnItems() {
        int[] labels = {0, 1, 1, 2, 2, 2, 2, 2};
        ClassBalancedSampler s = new ClassBalancedSampler(labels, 3, 4, 1L);
        List<int[]> batches = s.epoch(0);
        assertEquals(1, batches.size()); // classes 0 and 1 have one chunk each
        int[] b = batches.get(0);
        checkBatch(b, labels, 3, 4);
        Map<Integer, Set<Integer>> items = new HashMap<>();
        for (int i : b) {
            items.computeIfAbsent(labels[i], x -> new HashSet<>()).add(i);
        }
        assertEquals(Set.of(0), items.get(0));
        assertEquals(Set.of(1, 2), items.get(1)); // both items of class 1, each at least once
        assertEquals(4, items.get(2).size()); // class 2 has enough: 4 distinct items
    }

    @Test
    void noItemRepeatsWithinAnEpochWhenClassesAreLargeEnough() {
        Random rnd = new Random(3);
        int[] labels = new int[500];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 25;
        }
        for (int e = 0; e < 4; e++) {
            Set<Integer> seen = new HashSet<>();
            List<int[]> batches = new ClassBalancedSampler(labels, 5, 4, rnd.nextLong()).epoch(e);
            for (int[] b : batches) {
                for (int i : b) {
                    assertTrue(seen.add(i), "item " + i + " twice in epoch " + e);
                }
            }
            // 25 classes x 5 chunks, drawn 5 at a time in proportion: nearly everything is used
            assertTrue(batches.size() >= 20, "only " + batches.size() + " batches");
        }
    }

    @Test
    void superClassVariantKeepsEachBatchInOneSuperClass() {
        Random rnd = new Random(4);
        int n = 600;
        int[] labels = new int[n];
        int[] supers = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(60);
            supers[i] = labels[i] % 4 == 3 ? 99 : labels[i] % 3; // super-class 99 has 15 classes
        }
        ClassBalancedSampler s = new ClassBalancedSampler(labels, supers, 4, 2, 7L);
        Set<Integer> supersSeen = new HashSet<>();
        for (int[] b : s.epoch(0)) {
            checkBatch(b, labels, 4, 2);
            int sup = supers[b[0]];
            for (int i : b) {
                assertEquals(sup, supers[i]);
            }
            supersSeen.add(sup);
        }
        assertEquals(Set.of(0, 1, 2, 99), supersSeen);
    }

    @Test
    void rejectsImpossibleConfigurations() {
        int[] labels = {0, 0, 1, 1};
        assertThrows(IllegalArgumentException.class, () -> new ClassBalancedSampler(labels, 3, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClassBalancedSampler(labels, 0, 2, 0));
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new ClassBalancedSampler(labels, new int[] {0, 1, 1, 1}, 2, 2, 0));
        assertTrue(e.getMessage().contains("class 0"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new ClassBalancedSampler(labels, new int[] {0, 0, 1, 1}, 2, 2, 0));
    }
}
