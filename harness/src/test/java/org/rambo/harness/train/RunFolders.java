package org.rambo.harness.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rambo.runfolder.CanonicalJson;

/** Reads run folders back in tests, independently of the code that wrote them. */
final class RunFolders {

    private RunFolders() {}

    static JsonNode json(Path file) throws IOException {
        return CanonicalJson.MAPPER.readTree(file.toFile());
    }

    /** The folder of a method under runs/<grid>/, if the grid folder and it exist yet. */
    static Optional<Path> find(Path runs, String grid, String method) throws IOException {
        if (!Files.isDirectory(runs.resolve(grid))) {
            return Optional.empty();
        }
        try (var s = Files.list(runs.resolve(grid))) {
            return s.filter(p -> p.getFileName().toString().startsWith(method + "-s"))
                    .findFirst();
        }
    }

    /** The one folder of a method under runs/tiny/ (or the named grid). */
    static Path only(Path runs, String grid, String method) throws IOException {
        try (var s = Files.list(runs.resolve(grid))) {
            return s.filter(p -> p.getFileName().toString().startsWith(method + "-s"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** epochs.csv without its timing columns (named *_seconds): what must be identical between runs. */
    static List<String> epochsWithoutTime(Path folder) throws IOException {
        List<String> lines = Files.readAllLines(folder.resolve("epochs.csv"));
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                if (!header.get(i).endsWith("_seconds")) {
                    kept.add(cells[i]);
                }
            }
            out.add(String.join(",", kept));
        }
        return out;
    }

    /** steps.csv's epoch, step and loss columns. */
    static List<String> stepLosses(Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve("steps.csv"))) {
            String[] cells = line.split(",", -1);
            out.add(cells[0] + "," + cells[1] + "," + cells[cells.length - 1]);
        }
        return out;
    }

    /** Files in a folder whose names end in .tmp (left by an interrupted write). */
    static List<String> temps(Path folder) throws IOException {
        try (var s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tmp"))
                    .sorted()
                    .toList();
        }
    }

    /** The names of a folder's files, sorted. */
    static List<String> names(Path folder) throws IOException {
        try (var s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
