/* Finding case folders: committed ones under data/, generated ones under cache/. */
package workbench.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

final class GoldenCases {
    private GoldenCases() {}

    /** Folders holding a manifest.json directly under {@code root}, sorted; empty when root is absent. */
    static List<Path> under(Path root) {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
