/*
 * The committed notebooks (notebooks/*.ipynb) keep the project's conventions: no outputs in git, the shared
 * setup as cell 1, the kernel name "java", expectations on key cells, and every link into a chapter names a
 * heading that exists in that lesson (the notebooks carry no prose of their own; the lesson does).
 */
package workbench.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NotebookFilesTest {
    private static final Path NOTEBOOKS = Path.of("..", "notebooks");
    private static final Pattern CHAPTER_LINK = Pattern.compile("\\]\\(\\.\\./(chapters/[^)#]+)(?:#([^)]+))?\\)");

    private static List<Path> notebooks() throws IOException {
        try (Stream<Path> s = Files.list(NOTEBOOKS)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d\\d-[a-z]+\\.ipynb")).sorted().toList();
        }
    }

    private static JsonNode read(Path p) throws IOException {
        return new ObjectMapper().readTree(p.toFile());
    }

    private static String source(JsonNode cell) {
        StringBuilder sb = new StringBuilder();
        cell.path("source").forEach(line -> sb.append(line.asText()));
        return sb.toString();
    }

    @Test
    void there_is_a_notebook_for_each_of_chapters_01_02_03_and_05() throws IOException {
        assertThat(notebooks()).extracting(p -> p.getFileName().toString())
                .contains("01-resnet.ipynb", "02-vggish.ipynb", "03-reparam.ipynb", "05-ssd.ipynb");
    }

    @Test
    void every_notebook_is_committed_without_outputs_and_runs_on_the_java_kernel() throws IOException {
        for (Path p : notebooks()) {
            JsonNode nb = read(p);
            assertThat(nb.path("metadata").path("kernelspec").path("name").asText()).as(p.toString()).isEqualTo("java");
            for (JsonNode cell : nb.path("cells")) {
                if (!cell.path("cell_type").asText().equals("code")) continue;
                assertThat(cell.path("outputs")).as(p + ": outputs of " + source(cell)).isEmpty();
                assertThat(cell.path("execution_count").isNull()).as(p + ": execution_count of " + source(cell)).isTrue();
            }
        }
    }

    @Test
    void every_notebook_starts_with_the_shared_setup_and_carries_expectations() throws IOException {
        for (Path p : notebooks()) {
            List<JsonNode> code = new ArrayList<>();
            read(p).path("cells").forEach(c -> { if (c.path("cell_type").asText().equals("code")) code.add(c); });
            assertThat(source(code.get(0)).strip()).as(p + ": cell 1").isEqualTo("%load setup.jsh");
            long withExpectations = code.stream().filter(c -> c.path("metadata").has("workbench")).count();
            assertThat(withExpectations).as(p + ": cells with metadata.workbench").isGreaterThanOrEqualTo(code.size() - 1);
        }
    }

    @Test
    void every_link_into_a_chapter_names_an_existing_lesson_heading() throws IOException {
        int links = 0;
        for (Path p : notebooks()) {
            for (JsonNode cell : read(p).path("cells")) {
                Matcher m = CHAPTER_LINK.matcher(source(cell));
                while (m.find()) {
                    Path lesson = NOTEBOOKS.resolve("..").resolve(m.group(1)).normalize();
                    assertThat(lesson).as(p + " links to " + m.group()).isRegularFile();
                    if (m.group(2) != null) {
                        assertThat(anchors(lesson)).as(p + " links to " + m.group()).contains(m.group(2));
                    }
                    links++;
                }
            }
        }
        assertThat(links).isGreaterThan(10);
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to '-'. */
    private static Set<String> anchors(Path lesson) throws IOException {
        try (Stream<String> lines = Files.lines(lesson)) {
            return lines.filter(l -> l.startsWith("#"))
                    .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                            .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                    .collect(Collectors.toSet());
        }
    }
}
