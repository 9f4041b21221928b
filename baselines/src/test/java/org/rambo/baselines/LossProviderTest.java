package org.rambo.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Losses found with ServiceLoader: the built-ins and a provider that only the test classpath registers. */
class LossProviderTest {

    private static String error(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> LossRegistry.build(spec))
                .getMessage();
    }

    @Test
    void everyProviderOnTheClasspathIsFoundSortedByName() {
        assertEquals(
                List.of(
                        "contrastive",
                        "fastap",
                        "margin",
                        "rambo-ap",
                        "rambo-recall",
                        "smooth-ap",
                        "test-echo",
                        "triplet"),
                LossRegistry.providers().stream().map(LossProvider::name).toList());
        assertEquals(
                List.of("contrastive", "fastap", "margin", "rambo-ap", "rambo-recall", "smooth-ap", "triplet"),
                LossRegistry.definitions().stream().map(LossProvider::name).toList(),
                "the test provider declares no keys");
    }

    @Test
    void theTestProviderReceivesItsOptionsInSpecOrder() {
        EchoLoss loss = assertInstanceOf(EchoLoss.class, LossRegistry.build("test-echo:tag=x y,alpha=2"));
        assertEquals(Map.of("tag", "x y", "alpha", "2"), loss.options());
        assertEquals(
                "test-echo:tag=x y,alpha=2",
                LossRegistry.parse(" test-echo:tag=x y, alpha=2 ").toString(),
                "options of a provider without declared keys are kept as written, in order");
        assertEquals(
                Map.of(),
                assertInstanceOf(EchoLoss.class, LossRegistry.build("test-echo"))
                        .options());
        try (NDManager m = NDManager.newBaseManager()) {
            NDList x = new NDList(m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2)));
            NDList y = new NDList(m.create(new float[] {0, 1}));
            assertEquals(
                    2 * 7.5f,
                    LossRegistry.build("test-echo:alpha=2").evaluate(y, x).getFloat(),
                    1e-6f);
            assertEquals(
                    0.3f * 7.5f,
                    LossRegistry.build("test-echo").evaluate(y, x).getFloat(),
                    1e-6f,
                    "the provider's own default");
        }
    }

    @Test
    void unknownNamesListEveryProviderFound() {
        assertEquals(
                "unknown loss 'myloss' in spec 'myloss:alpha=0.3'; valid losses: [contrastive, fastap, margin, "
                        + "rambo-ap, rambo-recall, smooth-ap, test-echo, triplet]",
                error("myloss:alpha=0.3"));
    }

    @Test
    void badOptionValuesNameTheKey() {
        assertEquals("loss 'test-echo': key 'alpha' expects a number, got 'wide'", error("test-echo:alpha=wide"));
        assertEquals("loss 'test-echo': unknown key 'beta'; valid keys: alpha, tag", error("test-echo:beta=1"));
        assertEquals("loss 'margin': key 'seed' expects an integer, got '1e3'", error("margin:seed=1e3"));
    }

    @Test
    void typedGettersNameLossAndKey() {
        LossSpec s = new LossSpec("x", Map.of("n", "1.5", "i", "7", "b", "yes", "l", "9000000000"));
        assertEquals(1.5f, s.getFloat("n"));
        assertEquals(7, s.getInt("i"));
        assertEquals(9_000_000_000L, s.getLong("l"));
        assertEquals(4, s.getInt("absent", 4));
        assertEquals(5L, s.getLong("absent", 5L));
        assertEquals(2.5f, s.getFloat("absent", 2.5f));
        assertEquals(
                "loss 'x': key 'n' expects an integer, got '1.5'",
                assertThrows(IllegalArgumentException.class, () -> s.getInt("n"))
                        .getMessage());
        assertEquals(
                "loss 'x': key 'b' expects true or false, got 'yes'",
                assertThrows(IllegalArgumentException.class, () -> s.getBoolean("b", false))
                        .getMessage());
        assertEquals(
                "loss 'x': key 'l' expects an integer, got '9000000000'",
                assertThrows(IllegalArgumentException.class, () -> s.getInt("l"))
                        .getMessage());
        assertEquals(
                "loss 'x' has no key 'z'",
                assertThrows(IllegalArgumentException.class, () -> s.get("z")).getMessage());
    }

    @Test
    void theBuiltInsAreRegisteredAsServices() throws IOException {
        List<String> registered =
                Files.readAllLines(Path.of("src/main/resources/META-INF/services/org.rambo.baselines.LossProvider"));
        assertEquals(7, registered.size());
        for (LossProvider p : LossRegistry.definitions()) {
            assertTrue(registered.contains(p.getClass().getName()), p.getClass().getName());
        }
    }

    @Test
    void theReadmeTableIsTheRegistrysTable() throws IOException {
        String readme = Files.readString(Path.of("README-baselines.md"));
        assertTrue(
                readme.contains(LossRegistry.markdownTable() + "\n"),
                "README-baselines.md holds LossRegistry.markdownTable() (regenerate it after changing a key):\n"
                        + LossRegistry.markdownTable());
    }
}
