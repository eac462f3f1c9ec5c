/*
 * GET /lesson/{chapter}: a chapter's lesson (chapters/NN-slug/README.md of the checkout the server
 * runs from) as a plain HTML page, so the visualizer's panels can link to a section of it. Headings
 * get GitHub's anchors ("## 3.1 Training: the input features" -> #31-training-the-input-features),
 * so the same fragment works here and on a Git host. link() turns a heading's start ("3.1", "The mel
 * matrix") into such a link and says whether the heading exists.
 * A small renderer on purpose: headings, paragraphs, fenced code, tables, inline code, bold and link
 * texts (relative links to source files are shown as their text). Not here: the rest of Markdown.
 */
package workbench.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class LessonController {
    private static final Pattern CHAPTER = Pattern.compile("\\d\\d-[a-z]+");
    private static final Pattern HEADING = Pattern.compile("^(#{1,4}) (.+)$");

    private final Workbench wb;

    LessonController(Workbench wb) {
        this.wb = wb;
    }

    static Path readme(Workbench wb, String chapter) {
        Path dir = wb.options().chaptersDir();
        if (chapter == null || !CHAPTER.matcher(chapter).matches() || dir == null || !Files.isRegularFile(dir.resolve(chapter).resolve("README.md"))) {
            throw ApiError.notFound("no lesson '" + chapter + "'" + (dir == null ? "" : " under " + dir),
                    "lessons are chapters/NN-slug/README.md of the checkout; start the server there (./workbench serve) or pass --root DIR");
        }
        return dir.resolve(chapter).resolve("README.md");
    }

    static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw ApiError.unprocessable("cannot read " + f + ": " + e.getMessage(), "check the file's permissions");
        }
    }

    /** GitHub's heading anchor: lower case, punctuation other than '-' and '_' dropped, spaces to '-'. */
    static String anchor(String heading) {
        StringBuilder sb = new StringBuilder();
        for (char c : heading.strip().toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') sb.append(c);
            else if (c == ' ') sb.append('-');
        }
        return sb.toString();
    }

    /**
     * A link to the first heading of {@code chapter}'s lesson that is {@code start} or begins with
     * "{@code start} ": {href, title, found}. Without the lesson or the heading, the link goes to the
     * lesson's top and found is false.
     */
    static Map<String, Object> link(Workbench wb, String chapter, String start) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heading", start);
        m.put("href", "/lesson/" + chapter);
        m.put("title", start);
        m.put("found", false);
        Path f;
        try {
            f = readme(wb, chapter);
        } catch (ApiError e) {
            return m;
        }
        for (String line : lines(f)) {
            Matcher h = HEADING.matcher(line);
            if (h.matches() && h.group(1).length() >= 2) {
                String text = h.group(2).strip();
                if (text.equals(start) || text.startsWith(start + " ")) {
                    m.put("href", "/lesson/" + chapter + "#" + anchor(text));
                    m.put("title", text);
                    m.put("found", true);
                    return m;
                }
            }
        }
        return m;
    }

    public void page(Context ctx) {
        String chapter = ctx.pathParam("chapter");
        List<String> lines = lines(readme(wb, chapter));
        StringBuilder out = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">"
                + "<title>Lesson " + esc(chapter) + " · Workbench</title><link rel=\"stylesheet\" href=\"/css/workbench.css\"></head><body>"
                + "<header class=\"top\"><a class=\"brand\" href=\"/\">Workbench</a><span class=\"muted\">chapters/" + esc(chapter)
                + "/README.md</span></header><main class=\"lesson\">\n");
        StringBuilder para = new StringBuilder();
        boolean code = false, table = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                flush(out, para);
                if (table) { out.append("</table>\n"); table = false; }
                out.append(code ? "</pre>\n" : "<pre>");
                code = !code;
                continue;
            }
            if (code) { out.append(esc(line)).append('\n'); continue; }
            if (line.startsWith("|")) {
                flush(out, para);
                if (line.matches("^\\|[\\s|:-]+\\|?\\s*$")) continue;        // the |---|---| separator row
                if (!table) { out.append("<table class=\"data\">\n"); table = true; }
                out.append("<tr>");
                String body = line.strip();
                body = body.substring(1, body.endsWith("|") && body.length() > 1 ? body.length() - 1 : body.length());
                for (String cell : body.split("(?<!\\\\)\\|")) out.append("<td>").append(inline(cell.strip())).append("</td>");
                out.append("</tr>\n");
                continue;
            }
            if (table) { out.append("</table>\n"); table = false; }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                flush(out, para);
                int level = h.group(1).length();
                String text = h.group(2).strip();
                out.append("<h").append(level).append(" id=\"").append(anchor(text)).append("\">").append(inline(text)).append("</h").append(level).append(">\n");
            } else if (line.isBlank()) {
                flush(out, para);
            } else {
                if (para.length() > 0) para.append(line.matches("^\\s*(\\d+\\.|[-*]) .*") ? BREAK : " ");
                para.append(line.strip());
            }
        }
        flush(out, para);
        if (table) out.append("</table>\n");
        if (code) out.append("</pre>\n");
        out.append("</main></body></html>\n");
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(out.toString());
    }

    /** Marks a list item's start inside a paragraph; inline() runs on the whole paragraph, so links may span lines. */
    private static final String BREAK = "\u0000";

    private static void flush(StringBuilder out, StringBuilder para) {
        if (para.length() == 0) return;
        out.append("<p>").append(inline(para.toString()).replace(BREAK, "<br>")).append("</p>\n");
        para.setLength(0);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** `code`, **bold**, *italic*, [text](#anchor) as a link, [text](path) as its text. */
    static String inline(String s) {
        String e = esc(s);
        e = e.replaceAll("`([^`]+)`", "<code>$1</code>");
        e = e.replaceAll("\\*\\*([^*]+)\\*\\*", "<b>$1</b>");
        e = e.replaceAll("(?<![\\w*])\\*([^*\\s][^*]*)\\*(?![\\w*])", "<i>$1</i>");
        e = e.replaceAll("\\[([^\\]]+)\\]\\((#[^)\\s]+)\\)", "<a href=\"$2\">$1</a>");
        e = e.replaceAll("\\[([^\\]]+)\\]\\(([^)\\s]+)\\)", "<span title=\"$2\">$1</span>");
        return e;
    }
}
