package org.rambo.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * data-scripts/fetch-voc.sh against local archives (file:// URLs) in the real VOC layout: it
 * downloads, checks MD5s, unpacks, checks the layout, is idempotent, and names what failed; the loader then reads the result.
 */
class FetchVocScriptTest {

    static final Path SCRIPT =
            Path.of("..", "data-scripts", "fetch-voc.sh").toAbsolutePath().normalize();

    record Run(int exit, String output) {}

    static Run run(Path dest, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), dest.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    /** A tar holding VOCdevkit/VOC<year>/ with one image per listed split. */
    static Path archive(Path dir, String name, String year, String split, List<String> ids, boolean dropImage)
            throws Exception {
        Path build = Files.createTempDirectory(dir, "build");
        Path y = build.resolve("VOCdevkit/VOC" + year);
        Files.createDirectories(y.resolve("Annotations"));
        Files.createDirectories(y.resolve("ImageSets/Main"));
        Files.createDirectories(y.resolve("JPEGImages"));
        for (String id : ids) {
            Files.writeString(y.resolve("Annotations/" + id + ".xml"), VocDatasetTest.XML);
            if (!dropImage) {
                Files.write(y.resolve("JPEGImages/" + id + ".jpg"), new byte[] {1, 2, 3});
            }
        }
        Files.write(y.resolve("ImageSets/Main/" + split + ".txt"), ids);
        Path tar = dir.resolve(name);
        Process p = new ProcessBuilder("tar", "-cf", tar.toString(), "-C", build.toString(), "VOCdevkit").start();
        assertEquals(0, p.waitFor());
        return tar;
    }

    static String md5(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(f)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fetchesVerifiesUnpacksAndNamesFailures() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "script not found at " + SCRIPT);
        Path t = Files.createTempDirectory("fetch-voc");
        Path tv07 = archive(t, "tv07.tar", "2007", "trainval", List.of("000005", "000007"), false);
        Path te07 = archive(t, "te07.tar", "2007", "test", List.of("000001"), false);
        Path tv12 = archive(t, "tv12.tar", "2012", "trainval", List.of("2008_000002"), false);
        Map<String, String> env = Map.of(
                "VOC2007_TRAINVAL_URL",
                tv07.toUri().toString(),
                "VOC2007_TRAINVAL_MD5",
                md5(tv07),
                "VOC2007_TEST_URL",
                te07.toUri().toString(),
                "VOC2007_TEST_MD5",
                md5(te07),
                "VOC2012_TRAINVAL_URL",
                tv12.toUri().toString(),
                "VOC2012_TRAINVAL_MD5",
                md5(tv12));
        Path dest = t.resolve("voc");
        Run ok = run(dest, env);
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().contains("md5 ok"), ok.output());
        Path devkit = dest.resolve("VOCdevkit");
        assertEquals(3, VocDataset.trainval0712(devkit, VocDataset.VOC_CLASSES).size());
        assertEquals(1, VocDataset.test07(devkit, VocDataset.VOC_CLASSES).size());
        assertFalse(
                Files.exists(dest.resolve("tv07.tar")) || Files.exists(dest.resolve("VOCtest_06-Nov-2007.tar")),
                "archives are removed after unpacking");

        Run again = run(dest, Map.of("VOC2007_TRAINVAL_URL", "file:///nonexistent.tar"));
        assertEquals(0, again.exit(), again.output());
        assertTrue(again.output().contains("already present"), again.output());

        // the default (published) MD5 rejects another archive
        Run wrongMd5 = run(
                t.resolve("voc2"), Map.of("VOC2007_TRAINVAL_URL", tv07.toUri().toString(), "VOC_YEARS", "2007"));
        assertTrue(
                wrongMd5.exit() != 0
                        && wrongMd5.output().contains("checksum mismatch")
                        && wrongMd5.output().contains("c52e279531787c972589f7e41ab4ae64"),
                wrongMd5.output());

        Run missing = run(
                t.resolve("voc3"),
                Map.of("VOC2007_TRAINVAL_URL", t.resolve("nope.tar").toUri().toString(), "VOC_YEARS", "2007"));
        assertTrue(missing.exit() != 0 && missing.output().contains("download failed"), missing.output());

        // an archive without the VOC layout (no split list) is named
        Path build = Files.createTempDirectory(t, "notvoc");
        Files.createDirectories(build.resolve("VOCdevkit/VOC2007/Annotations"));
        Path broken = t.resolve("broken.tar");
        assertEquals(
                0,
                new ProcessBuilder("tar", "-cf", broken.toString(), "-C", build.toString(), "VOCdevkit")
                        .start()
                        .waitFor());
        Run layout = run(
                t.resolve("voc4"),
                Map.of(
                        "VOC2007_TRAINVAL_URL",
                        broken.toUri().toString(),
                        "VOC2007_TRAINVAL_MD5",
                        "skip",
                        "VOC_YEARS",
                        "2007"));
        assertTrue(layout.exit() != 0 && layout.output().contains("trainval.txt"), layout.output());

        Run years = run(t.resolve("voc5"), Map.of("VOC_YEARS", "2010"));
        assertTrue(years.exit() != 0, years.output());
    }
}
