/*
 * The Java kernel the notebooks run on: cells are evaluated by jdk.jshell inside this JVM and their
 * values rendered by jjava-jupyter's Renderer (image/png for a BufferedImage or a Tensor heat map,
 * text/html for tables and model summaries, text/plain for everything).
 * Mirrors JJava's JavaKernel (dflib/jjava 1.0-a6, module jjava-kernel, not on Maven Central):
 * the same kernel name "java", the same implicit imports, the same environment variables
 * (JJAVA_CLASSPATH, JJAVA_COMPILER_OPTS, JJAVA_TIMEOUT, JJAVA_STARTUP_SCRIPTS_PATH,
 * JJAVA_STARTUP_SCRIPT, JJAVA_LOAD_EXTENSIONS) and the same magic `%classpath`; `%load FILE`
 * splices a file's code into the cell (how cell 1 of every notebook reads notebooks/setup.jsh).
 * (JJAVA_JVM_OPTS is read by KernelMain.) Not here: %maven (no network), %jars (deprecated upstream).
 */
package workbench.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

public final class WorkbenchKernel extends BaseKernel {
    /** JJava's implicit imports, so a notebook written for stock JJava finds the same names. */
    static final List<String> IMPLICIT_IMPORTS = List.of(
            "import java.util.*;", "import java.io.*;", "import java.math.*;", "import java.net.*;",
            "import java.time.*;", "import java.util.concurrent.*;", "import java.util.prefs.*;",
            "import java.util.regex.*;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*;");

    /** `%load FILE` on a line of its own; the file's code replaces the line before anything else happens. */
    private static final Pattern LOAD = Pattern.compile("^[ \\t]*%load[ \\t]+(\\S+)[ \\t]*$", Pattern.MULTILINE);

    private final JShell shell;
    private final InProcessExecution engine;
    private final List<String> startupCode;
    private boolean startupDone;

    private WorkbenchKernel(String name, String version, LanguageInfo languageInfo, HistoryManager history,
                            JupyterIO io, CommManager comms, Renderer renderer, MagicParser parser,
                            MagicsRegistry magics, boolean extensions, StringStyler errorStyler,
                            JShell shell, InProcessExecution engine, List<String> startupCode) {
        super(name, version, languageInfo, List.of(), history, io, comms, renderer, parser, magics, extensions, errorStyler);
        this.shell = shell;
        this.engine = engine;
        this.startupCode = startupCode;
        WorkbenchDisplay.register(getRenderer());
    }

    public static Builder builder() { return new Builder(); }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " (workbench kernel on jjava-jupyter " + Builder.JJAVA_VERSION + ")";
    }

    // ---- evaluation

    @Override
    public Object evalRaw(String source) {
        runStartupCodeOnce();
        return evalCode(source);
    }

    private Object evalCode(String source) {
        String code = magicParser.resolveMagics(spliceLoads(source, 0));
        SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
        Object last = null;
        SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(code);
        while (info.completeness().isComplete()) {
            last = evalSnippet(info.source());
            info = sca.analyzeCompletion(info.remaining());
        }
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
            throw new CellFailure.IncompleteInput(info.remaining());
        }
        return last;
    }

    /** Replaces each `%load FILE` line by the file's text (relative to the kernel's working directory). */
    private static String spliceLoads(String source, int depth) {
        Matcher m = LOAD.matcher(source);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Path file = Path.of(m.group(1));
            if (!Files.isRegularFile(file)) {
                throw new UncheckedIOException(new IOException("%load " + m.group(1) + ": no such file (looked at "
                        + file.toAbsolutePath().normalize() + "; the working directory is the notebook's folder)"));
            }
            if (depth > 8) throw new IllegalStateException("%load " + m.group(1) + ": files load each other in a cycle");
            try {
                String text = spliceLoads(Files.readString(file), depth + 1);
                m.appendReplacement(out, Matcher.quoteReplacement(text));
            } catch (IOException e) {
                throw new UncheckedIOException("%load " + file.toAbsolutePath(), e);
            }
        }
        m.appendTail(out);
        return out.toString();
    }

    private void runStartupCodeOnce() {
        if (startupDone) return;
        startupDone = true;
        for (String code : startupCode) evalCode(code);
    }

    /** One snippet: its value (for expressions), or a CellFailure with ready traceback lines. */
    private Object evalSnippet(String source) {
        List<SnippetEvent> events = shell.eval(source);
        Object value = null;
        for (SnippetEvent event : events) {
            Object v = engine.take(event.value());   // always take, so nothing stays parked
            if (event.causeSnippet() != null) continue;  // an update of a dependent snippet, not this one
            Snippet snippet = event.snippet();
            if (event.exception() != null) throw evaluationError(event.exception());
            if (!event.status().isDefined()) throw compilationError(snippet);
            switch (snippet.subKind()) {
                case VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND, TEMP_VAR_EXPRESSION_SUBKIND -> value = v;
                default -> value = null;
            }
        }
        return value;
    }

    private CellFailure compilationError(Snippet snippet) {
        List<String> lines = new ArrayList<>();
        List<Diag> diags = shell.diagnostics(snippet).filter(Diag::isError).toList();
        String source = snippet.source();
        for (Diag d : diags) {
            lines.add(errorStyler.primary("error: " + d.getMessage(Locale.ROOT)));
            int pos = (int) Math.max(0, Math.min(d.getPosition(), source.length()));
            int start = source.lastIndexOf('\n', pos - 1) + 1;
            int end = source.indexOf('\n', pos);
            String line = source.substring(start, end < 0 ? source.length() : end);
            lines.add("    " + line);
            lines.add("    " + " ".repeat(Math.max(0, pos - start)) + "^");
        }
        List<String> unresolved = unresolvedOf(snippet);
        if (!unresolved.isEmpty()) {
            lines.add(errorStyler.primary("error: cannot find symbol: " + String.join(", ", unresolved)));
        }
        if (lines.isEmpty()) lines.add(errorStyler.primary("error: the snippet was rejected: " + source.strip()));
        String first = diags.isEmpty() ? (unresolved.isEmpty() ? "rejected" : "cannot find symbol: " + String.join(", ", unresolved))
                : diags.get(0).getMessage(Locale.ROOT).lines().findFirst().orElse("");
        return new CellFailure.CompilationError(first, lines);
    }

    private List<String> unresolvedOf(Snippet snippet) {
        if (snippet instanceof jdk.jshell.DeclarationSnippet ds) return shell.unresolvedDependencies(ds).toList();
        return List.of();
    }

    private CellFailure evaluationError(JShellException e) {
        List<String> lines = new ArrayList<>();
        String headline = describe(e);
        Throwable t = e;
        boolean first = true;
        while (t != null) {
            lines.add(errorStyler.primary((first ? "" : "Caused by: ") + describe(t)));
            for (StackTraceElement f : t.getStackTrace()) {
                String cls = f.getClassName();
                if (cls.startsWith("jdk.internal.reflect") || cls.startsWith("java.lang.reflect")
                        || cls.startsWith("jdk.jshell") || cls.startsWith("workbench.notebook.InProcessExecution")
                        || cls.startsWith("java.util.concurrent")) break;
                lines.add(errorStyler.secondary("    at " + f));
            }
            first = false;
            t = t.getCause();
        }
        return new CellFailure.EvaluationError(headline, lines);
    }

    private String describe(Throwable t) {
        if (t instanceof EvalException ee) {
            String cls = ee.getExceptionClassName();
            String simple = cls.substring(cls.lastIndexOf('.') + 1);
            return ee.getMessage() == null ? simple : simple + ": " + ee.getMessage();
        }
        if (t instanceof UnresolvedReferenceException ure) {
            return "a method or class it uses is not defined yet: "
                    + shell.unresolvedDependencies(ure.getSnippet()).collect(Collectors.joining(", "));
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    // ---- class path (%classpath, JJAVA_CLASSPATH)

    /** Adds a path list (':' or ';' separated, globs allowed) to javac's and the loader's class path. */
    public void addToClasspath(String pathList) {
        List<Path> paths = PathsHandler.splitAndResolveGlobs(pathList);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("%classpath " + pathList + ": matches no file or directory (working directory "
                    + Path.of("").toAbsolutePath() + ")");
        }
        for (Path p : paths) shell.addToClasspath(p.toAbsolutePath().normalize().toString());
    }

    // ---- editor support

    @Override
    public DisplayData inspect(String code, int at, boolean detail) {
        SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
        var docs = sca.documentation(code, at, true);
        if (docs.isEmpty()) {
            // JShell documents the invocation around the cursor; on a bare name, ask as if after "name("
            int end = Math.min(Math.max(at, 0), code.length());
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
            docs = sca.documentation(code.substring(0, end) + "(", end + 1, true);
        }
        if (docs.isEmpty()) return null;
        return new DisplayData(docs.stream()
                .map(d -> d.signature() + (detail && d.javadoc() != null ? "\n" + d.javadoc() : ""))
                .collect(Collectors.joining("\n\n")));
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        var suggestions = shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor);
        List<String> options = suggestions.stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
        SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(magicParser.resolveMagics(code));
        while (info.completeness().isComplete() && !info.remaining().isBlank()) info = sca.analyzeCompletion(info.remaining());
        return switch (info.completeness()) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
            case UNKNOWN -> IS_COMPLETE_BAD;
        };
    }

    // ---- errors, interrupts, shutdown

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellFailure f) return f.traceback();
        return super.formatError(e);
    }

    @Override
    public void interrupt() { engine.interruptRunning(); }

    @Override
    public void onShutdown(boolean restart) {
        try {
            shell.close();
        } finally {
            super.onShutdown(restart);
        }
    }

    /** Builds the kernel from an environment (System.getenv() in production, a map in tests). */
    public static final class Builder extends BaseKernelBuilder<Builder, WorkbenchKernel> {
        static final String JJAVA_VERSION = "1.0-a6";
        private Map<String, String> env = Map.of();

        public Builder environment(Map<String, String> env) {
            this.env = Map.copyOf(env);
            return this;
        }

        @Override
        public WorkbenchKernel build() {
            name("java");
            version("0.1.0");
            String loadExt = env.getOrDefault("JJAVA_LOAD_EXTENSIONS", "1").trim();
            extensionsEnabled(!(loadExt.equals("0") || loadExt.equalsIgnoreCase("false")));
            lineMagic("classpath", (LineMagic<Void, WorkbenchKernel>) (kernel, args) -> {
                for (String a : args) kernel.addToClasspath(a);
                return null;
            });

            InProcessExecution engine = new InProcessExecution(timeout(env.get("JJAVA_TIMEOUT")));
            List<String> compilerOptions = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector"));
            String extra = env.getOrDefault("JJAVA_COMPILER_OPTS", "").trim();
            if (!extra.isEmpty()) compilerOptions.addAll(Arrays.asList(extra.split("\\s+")));
            JShell shell = JShell.builder()
                    .executionEngine(engine, Map.of())
                    .compilerOptions(compilerOptions.toArray(String[]::new))
                    .out(System.out).err(System.err)
                    .build();

            List<String> startup = new ArrayList<>();
            startup.add(String.join("\n", IMPLICIT_IMPORTS));
            String scriptsPath = env.getOrDefault("JJAVA_STARTUP_SCRIPTS_PATH", "").trim();
            if (!scriptsPath.isEmpty()) {
                for (Path p : PathsHandler.splitAndResolveGlobs(scriptsPath)) {
                    try {
                        startup.add(Files.readString(p));
                    } catch (IOException e) {
                        throw new UncheckedIOException("JJAVA_STARTUP_SCRIPTS_PATH: cannot read " + p, e);
                    }
                }
            }
            String script = env.getOrDefault("JJAVA_STARTUP_SCRIPT", "").trim();
            if (!script.isEmpty()) startup.add(script);

            LanguageInfo info = new LanguageInfo.Builder("java").version(Runtime.version().toString())
                    .mimetype("text/x-java-source").fileExtension(".jshell").pygments("java")
                    .codemirror("text/x-java").build();
            MagicParser parser = new MagicParser("^[ \\t]*%", "%%", buildMagicTranspiler());
            WorkbenchKernel kernel = new WorkbenchKernel(buildName(), buildVersion(), info, buildHistoryManager(),
                    buildJupyterIO(buildJupyterIOEncoding()), buildCommManager(), buildRenderer(), parser,
                    buildMagicsRegistry(), buildExtensionsEnabled(), buildErrorStyler(), shell, engine, startup);
            String cp = env.getOrDefault("JJAVA_CLASSPATH", "").trim();
            if (!cp.isEmpty()) kernel.addToClasspath(cp);
            return kernel;
        }

        /** JJAVA_TIMEOUT: milliseconds, or "N UNIT" (e.g. "30 SECONDS"); below 1 or absent means none. */
        static Duration timeout(String value) {
            if (value == null || value.isBlank()) return null;
            String[] parts = value.trim().split("\\s+");
            try {
                long n = Long.parseLong(parts[0]);
                if (n < 1) return null;
                TimeUnit unit = parts.length > 1 ? TimeUnit.valueOf(parts[1].toUpperCase(Locale.ROOT)) : TimeUnit.MILLISECONDS;
                return Duration.ofMillis(unit.toMillis(n));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("JJAVA_TIMEOUT='" + value + "': expected milliseconds or 'N UNIT' such as '30 SECONDS'", e);
            }
        }
    }
}
