package org.rambo.runfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    record Protocol(int epochsTotal, double lr) {}

    record Config(String method, long seed, Protocol protocol, Map<String, Object> extra) {}

    @Test
    void recordsAndMapsSortTheSameWayAndUseSnakeCase() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("z", 1);
        extra.put("a", List.of(2, 3));
        String json = CanonicalJson.of(new Config("rambo", 7, new Protocol(4, 0.5), extra));
        assertEquals(
                "{\"extra\":{\"a\":[2,3],\"z\":1},\"method\":\"rambo\",\"protocol\":{\"epochs_total\":4,\"lr\":0.5},"
                        + "\"seed\":7}",
                json);
    }

    @Test
    void hashIsTheFirstTwelveHexDigitsOfSha256() {
        // sha256 of the bytes {"a":1,"b":"x"} computed with coreutils' sha256sum
        assertEquals("ecf9e98ec064", CanonicalJson.hash12("{\"a\":1,\"b\":\"x\"}"));
        assertEquals(
                "contrastive-s2-ecf9e98ec064", CanonicalJson.folderName("contrastive", 2, "{\"a\":1,\"b\":\"x\"}"));
    }
}
