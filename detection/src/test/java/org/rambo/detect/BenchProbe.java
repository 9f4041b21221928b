package org.rambo.detect;

import java.nio.file.Files;
import java.nio.file.Path;

/** Manual timing probe: mvn test -Dtest=BenchProbe -Ddetect.probe=true */
class BenchProbe {

    static {
        TestThreads.pin();
    }
    @org.junit.jupiter.api.Test
    void probe() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("detect.probe"));
        Path dir = Files.createTempDirectory("probe");
        int[] labels = new int[60];
        byte[] objects = Shapes.objects(60, 5, labels);
        SyntheticVoc.write(dir.resolve("data"), objects, labels, Shapes.NAMES, 64, 24, 64, 11);
        DetectionConfig c = DetectionExperimentTest.tiny(dir.resolve("data/VOCdevkit"), 4);
        for (String m : new String[] {"ce", "rambo-ap"}) {
            long t0 = System.nanoTime();
            DetectionResult r = DetectionExperiment.run(c.withMethod(m), dir.resolve(m));
            System.out.printf("%s %.1f s ap50 %.3f%n", m, (System.nanoTime() - t0) / 1e9, r.ap50());
            System.out.println(Files.readString(dir.resolve(m).resolve("epochs.jsonl")));
        }
    }
}
