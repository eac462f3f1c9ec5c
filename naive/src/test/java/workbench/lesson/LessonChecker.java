/*
 * Lesson checker: keeps the lessons (chapters/NN-slug/README.md) and the code pointing at each other.
 * Three checks, each returning a list of "path:line: what is wrong" lines (empty = fine):
 *   badPaperTags()            every "Sec. x.y" tag in a chapter package names a heading "x.y ..." of its lesson
 *   brokenLinks()             every relative link in chapters/**.md (and the root README.md) resolves,
 *                             and every #fragment matches a heading's GitHub-style anchor
 *   lessonsWithoutJavaLinks() every lesson links to at least one .java file
 * Plain text scanning, not a Markdown parser: it understands ATX and setext headings, fenced code
 * (ignored), inline code spans (ignored), inline links, images and reference definitions. It does not
 * follow HTML links other than name=/id= anchors, and does not check external (http, https, mailto) links.
 * Used by LessonTagsAndLinksTest, both on the real repository and on small fake ones (the meta-tests).
 */
package workbench.lesson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

final class LessonChecker {

    /** Chapter slug (the package name under workbench/) to its folder under chapters/. */
    static final Map<String, String> CHAPTER_FOLDERS = orderedMap(
            "resnet", "01-resnet",
            "vggish", "02-vggish",
            "reparam", "03-reparam",
            "portrait", "04-portrait",
            "ssd", "05-ssd");

    /** Source trees whose chapter packages carry paper tags. */
    static final List<String> SOURCE_ROOTS = List.of("naive/src/main/java", "vectorized/src/main/java");

    /** A paper anchor in code: "Sec. 3", "Sec. 3.2", "Sec. 4.1.2". */
    static final Pattern PAPER_TAG = Pattern.compile("Sec\\. (\\d+(?:\\.\\d+)*)");

    private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\[\\]]*\\])*)\\]\\(\\s*(<[^>]*>|[^)\\s]*)(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*(<[^>]*>|\\S+)");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s[^>]*?(?:name|id)\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern SECTION_NUMBER = Pattern.compile("^\\d+(?:\\.\\d+)*\\s");

    /** A heading of a Markdown file: 1-based line, level 1..6, visible text, GitHub anchor. */
    record Heading(int line, int level, String text, String anchor) {}

    /** A link found in a Markdown file: 1-based line and the raw target as written. */
    record Link(int line, String target) {}

    private final Path root;

    LessonChecker(Path repositoryRoot) {
        this.root = repositoryRoot.toAbsolutePath().normalize();
    }

    /** Walks up from {@code start} to the first folder holding both {@code chapters/} and {@code pom.xml}. */
    static Path findRepositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("chapters")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no folder holding chapters/ and pom.xml above " + start.toAbsolutePath()
                + "\n  ---> HINT: run the tests from inside the repository (mvn -pl naive test from its root).");
    }

    // ------------------------------------------------------------------------------------------
    // Check 1: paper tags in chapter code name headings of the chapter's lesson.

    List<String> badPaperTags() {
        List<String> problems = new ArrayList<>();
        Map<String, List<Heading>> headingsBySlug = new HashMap<>();
        for (String sourceRoot : SOURCE_ROOTS) {
            Path workbench = root.resolve(sourceRoot).resolve("workbench");
            for (Path file : filesUnder(workbench, ".java")) {
                String slug = chapterSlugOf(workbench.relativize(file));
                if (slug == null) {
                    continue;   // kernels/, nn/, tensor/ ...: shared code, not tied to one lesson
                }
                Path lesson = lessonOf(slug);
                List<String> lines = readLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = PAPER_TAG.matcher(lines.get(i));
                    while (m.find()) {
                        String number = m.group(1);
                        String where = rel(file) + ":" + (i + 1) + ": Sec. " + number;
                        if (!Files.isRegularFile(lesson)) {
                            problems.add(where + " — no lesson " + rel(lesson) + " for package workbench." + slug
                                    + "\n  ---> HINT: write the lesson, or drop the tag.");
                            continue;
                        }
                        List<Heading> headings = headingsBySlug.computeIfAbsent(slug, s -> headings(readLines(lesson)));
                        boolean found = headings.stream().anyMatch(h -> h.text().startsWith(number + " "));
                        if (!found) {
                            problems.add(where + " — no heading \"" + number + " ...\" in " + rel(lesson)
                                    + " (headings: " + numberedHeadings(headings) + ")");
                        }
                    }
                }
            }
        }
        return problems;
    }

    /** The first folder of the path (below workbench/) that is a chapter slug, e.g. resnet or vectorized/resnet. */
    static String chapterSlugOf(Path pathBelowWorkbench) {
        for (int i = 0; i < pathBelowWorkbench.getNameCount() - 1; i++) {
            String folder = pathBelowWorkbench.getName(i).toString();
            if (CHAPTER_FOLDERS.containsKey(folder)) {
                return folder;
            }
        }
        return null;
    }

    Path lessonOf(String slug) {
        return root.resolve("chapters").resolve(CHAPTER_FOLDERS.get(slug)).resolve("README.md");
    }

    private static String numberedHeadings(List<Heading> headings) {
        String numbered = headings.stream()
                .filter(h -> h.level() > 1)   // the title "01 — ..." is not a paper section
                .map(Heading::text)
                .filter(t -> SECTION_NUMBER.matcher(t).find())
                .map(t -> "\"" + t + "\"")
                .collect(Collectors.joining(", "));
        return numbered.isEmpty() ? "none numbered" : numbered;
    }

    // ------------------------------------------------------------------------------------------
    // Check 2: relative links resolve; fragments match a heading anchor.

    List<String> brokenLinks() {
        List<String> problems = new ArrayList<>();
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        for (Path md : markdownFiles()) {
            List<String> lines = readLines(md);
            for (Link link : links(lines)) {
                String target = link.target();
                String where = rel(md) + ":" + link.line() + ": link \"" + target + "\"";
                if (target.startsWith("<") && target.endsWith(">")) {
                    target = target.substring(1, target.length() - 1);
                }
                if (target.isEmpty()) {
                    problems.add(where + " — empty target");
                    continue;
                }
                if (URI_SCHEME.matcher(target).find() || target.startsWith("//")) {
                    continue;   // external: http, https, mailto, ...
                }
                int hash = target.indexOf('#');
                String pathPart = hash < 0 ? target : target.substring(0, hash);
                String fragment = hash < 0 ? null : decode(target.substring(hash + 1));
                int query = pathPart.indexOf('?');
                if (query >= 0) {
                    pathPart = pathPart.substring(0, query);
                }
                pathPart = decode(pathPart);

                Path resolved;
                if (pathPart.isEmpty()) {
                    resolved = md;
                } else if (pathPart.startsWith("/")) {
                    resolved = root.resolve(pathPart.substring(1)).normalize();   // GitHub: repository-root relative
                } else {
                    resolved = md.getParent().resolve(pathPart).normalize();
                }
                if (!resolved.startsWith(root)) {
                    problems.add(where + " — points outside the repository (" + resolved + ")");
                    continue;
                }
                if (!Files.exists(resolved)) {
                    problems.add(where + " — no such file or folder " + rel(resolved));
                    continue;
                }
                if (fragment != null && Files.isRegularFile(resolved) && resolved.toString().endsWith(".md")) {
                    Set<String> anchors = anchorsByFile.computeIfAbsent(resolved, f -> anchors(readLines(f)));
                    if (!anchors.contains(fragment)) {
                        problems.add(where + " — no heading with anchor \"#" + fragment + "\" in " + rel(resolved)
                                + " (anchors: " + String.join(", ", anchors) + ")");
                    }
                }
            }
        }
        return problems;
    }

    /** chapters/**.md, plus README.md at the repository root if there is one. */
    List<Path> markdownFiles() {
        List<Path> files = new ArrayList<>(filesUnder(root.resolve("chapters"), ".md"));
        Path rootReadme = root.resolve("README.md");
        if (Files.isRegularFile(rootReadme)) {
            files.addFirst(rootReadme);
        }
        return files;
    }

    // ------------------------------------------------------------------------------------------
    // Check 3: each lesson links to the code.

    List<String> lessonsWithoutJavaLinks() {
        List<String> problems = new ArrayList<>();
        for (Path lesson : lessons()) {
            boolean linksJava = links(readLines(lesson)).stream()
                    .map(Link::target)
                    .filter(t -> !URI_SCHEME.matcher(t).find())
                    .map(t -> t.replaceAll("[#?].*$", "").replaceAll("^<|>$", ""))
                    .anyMatch(t -> t.endsWith(".java"));
            if (!linksJava) {
                problems.add(rel(lesson) + ": links to no Java source file"
                        + "\n  ---> HINT: link each section to the class that implements it, e.g. "
                        + "[BasicBlock](../../naive/src/main/java/workbench/resnet/BasicBlock.java).");
            }
        }
        return problems;
    }

    /** chapters/<folder>/README.md for every chapter folder. */
    List<Path> lessons() {
        Path chapters = root.resolve("chapters");
        if (!Files.isDirectory(chapters)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(chapters)) {
            return folders.filter(Files::isDirectory)
                    .map(f -> f.resolve("README.md"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + chapters, e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Markdown scanning.

    /** Headings outside fenced code, with GitHub anchors (duplicates get -1, -2, ...). */
    static List<Heading> headings(List<String> lines) {
        List<Heading> headings = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean[] code = fencedLines(lines);
        for (int i = 0; i < lines.size(); i++) {
            if (code[i]) {
                continue;
            }
            String line = lines.get(i);
            Matcher atx = ATX_HEADING.matcher(line);
            int level;
            int lineNumber;   // 1-based line of the heading text
            String raw;
            if (atx.matches()) {
                level = atx.group(1).length();
                raw = atx.group(2) == null ? "" : atx.group(2);
                lineNumber = i + 1;
            } else if (i > 0 && !code[i - 1] && SETEXT_UNDERLINE.matcher(line).matches()
                    && isSetextText(lines.get(i - 1))) {
                level = line.trim().startsWith("=") ? 1 : 2;
                raw = lines.get(i - 1).trim();
                lineNumber = i;
            } else {
                continue;
            }
            String text = visibleText(raw);
            String base = githubSlug(text);
            int n = seen.merge(base, 1, Integer::sum) - 1;
            String anchor = n == 0 ? base : base + "-" + n;
            headings.add(new Heading(lineNumber, level, text, anchor));
        }
        return headings;
    }

    /** A line that can sit above a setext underline: not blank, not a list item, quote, table row or heading. */
    private static boolean isSetextText(String line) {
        String t = line.trim();
        return !t.isEmpty() && !t.startsWith("#") && !t.startsWith("|") && !t.startsWith(">")
                && !t.matches("^([-*+]|\\d+[.)])(\\s.*)?$") && !SETEXT_UNDERLINE.matcher(line).matches();
    }

    /** Anchors a link fragment may name: heading anchors and explicit HTML name=/id= anchors. */
    static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        for (Heading h : headings(lines)) {
            anchors.add(h.anchor());
        }
        boolean[] code = fencedLines(lines);
        for (int i = 0; i < lines.size(); i++) {
            if (!code[i]) {
                Matcher m = HTML_ANCHOR.matcher(lines.get(i));
                while (m.find()) {
                    anchors.add(m.group(1));
                }
            }
        }
        return anchors;
    }

    /** Inline links, images and reference definitions outside code; line numbers are 1-based. */
    static List<Link> links(List<String> lines) {
        List<Link> links = new ArrayList<>();
        boolean[] code = fencedLines(lines);
        for (int i = 0; i < lines.size(); i++) {
            if (code[i]) {
                continue;
            }
            String line = CODE_SPAN.matcher(lines.get(i)).replaceAll("");
            Matcher def = REFERENCE_DEFINITION.matcher(line);
            if (def.find()) {
                links.add(new Link(i + 1, def.group(1)));
                continue;
            }
            addInlineLinks(line, i + 1, links);
        }
        return links;
    }

    private static void addInlineLinks(String text, int lineNumber, List<Link> links) {
        Matcher m = INLINE_LINK.matcher(text);
        while (m.find()) {
            links.add(new Link(lineNumber, m.group(2)));
            addInlineLinks(m.group(1), lineNumber, links);   // [![badge](a.png)](b.md): the image inside the text
        }
    }

    /** true for lines that are inside a fenced code block, fence lines included. */
    static boolean[] fencedLines(List<String> lines) {
        boolean[] code = new boolean[lines.size()];
        String open = null;   // the opening fence (its character and length), or null outside code
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = FENCE.matcher(lines.get(i));
            if (open == null) {
                if (m.find()) {
                    open = m.group(1);
                    code[i] = true;
                }
            } else {
                code[i] = true;
                if (m.find() && m.group(1).charAt(0) == open.charAt(0) && m.group(1).length() >= open.length()
                        && lines.get(i).trim().equals(m.group(1))) {
                    open = null;
                }
            }
        }
        return code;
    }

    /** Heading source to the text a reader sees: links keep their text, code spans lose the backticks, tags go. */
    static String visibleText(String raw) {
        String text = raw.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        text = text.replaceAll("`+", "");
        text = text.replaceAll("<[^>]+>", "");
        text = text.replace("*", "");   // emphasis; '_' stays, it is part of names like _make_layer
        return text.trim();
    }

    /**
     * GitHub's heading anchor: lowercase; drop every character that is not a letter, digit, mark,
     * connector ('_'), '-' or space; then each space becomes '-'. "3.2 Identity mapping" -> "32-identity-mapping".
     */
    static String githubSlug(String headingText) {
        return headingText.trim()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                .replace(' ', '-');
    }

    // ------------------------------------------------------------------------------------------
    // Files.

    private static List<Path> filesUnder(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + dir, e);
        }
    }

    static List<String> readLines(Path file) {
        try {
            // Lenient decoding: a stray byte must not hide the rest of the file from the checks.
            return List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\\R", -1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private String rel(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;   // a lone '%': keep the text as written, the existence check will report it
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
