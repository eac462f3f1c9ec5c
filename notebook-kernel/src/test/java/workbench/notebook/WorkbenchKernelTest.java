/*
 * The kernel's evaluation core without Jupyter: build it, evaluate cells, render the values.
 * The wire protocol is jjava-jupyter's and is exercised by the notebook check (./workbench notebook --check).
 */
package workbench.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.tensor.Tensor;

class WorkbenchKernelTest {
    private WorkbenchKernel kernel;

    private WorkbenchKernel kernel(Map<String, String> env) {
        kernel = WorkbenchKernel.builder().environment(env).build();
        kernel.onStartup();
        return kernel;
    }

    private WorkbenchKernel kernel() {
        return kernel(Map.of("JJAVA_STARTUP_SCRIPT", "import workbench.tensor.*; import static workbench.notebook.Notebook.*;"));
    }

    @AfterEach
    void shutdown() {
        if (kernel != null) kernel.onShutdown(false);
    }

    @Test
    void a_later_cell_of_wildcard_imports_keeps_the_values_of_earlier_variables() {
        WorkbenchKernel k = kernel();
        k.evalRaw("import java.nio.file.Path;\nPath golden = Path.of(\"x\");\nint n = 7;");
        k.evalRaw("import workbench.portrait.*;\nimport workbench.portrait.image.*;");
        assertThat(k.evalRaw("golden + \" \" + n")).isEqualTo("x 7");
        k.evalRaw("import workbench.nn.Module;\nimport workbench.nn.*;");
        assertThat(k.evalRaw("golden + \" \" + n")).isEqualTo("x 7");
        k.evalRaw("Path golden = Path.of(\"y\");");                      // a declaration made again takes its new value
        assertThat(k.evalRaw("golden + \" \" + n")).isEqualTo("y 7");
    }

    @Test
    void a_cell_value_reaches_the_renderer_as_the_live_object() {
        Object v = kernel().evalRaw("int n = 3;\nvar t = Tensor.zeros(1, n, 4, 4);\nt");
        assertThat(v).isInstanceOf(Tensor.class);
        assertThat(((Tensor) v).shape()).containsExactly(1, 3, 4, 4);
    }

    @Test
    void a_declaration_alone_shows_nothing_and_an_expression_shows_its_value() {
        WorkbenchKernel k = kernel();
        assertThat(k.evalRaw("int x = 5;")).isNull();
        assertThat(k.evalRaw("x * 2")).isEqualTo(10);
    }

    @Test
    void a_large_tensor_renders_as_a_png_heat_map_and_a_small_one_as_an_html_table() {
        WorkbenchKernel k = kernel();
        DisplayData big = k.getRenderer().render(Tensor.randn(1, 1, 4, 9, 9));
        assertThat(big.hasDataForType(MIMEType.IMAGE_PNG)).isTrue();
        assertThat((String) big.getData(MIMEType.TEXT_PLAIN)).startsWith("Tensor(1, 4, 9, 9)");
        DisplayData small = k.getRenderer().render(Tensor.randn(1, 2, 3));
        assertThat((String) small.getData(MIMEType.TEXT_HTML)).startsWith("<table><caption>Tensor(2, 3)");
        assertThat(small.hasDataForType(MIMEType.IMAGE_PNG)).isFalse();
    }

    @Test
    void a_buffered_image_and_a_model_summary_render_as_png_and_html() {
        WorkbenchKernel k = kernel();
        Object img = k.evalRaw("heatmap(Tensor.randn(2, 3, 5, 7))");
        assertThat(img).isInstanceOf(BufferedImage.class);
        assertThat(k.getRenderer().render(img).hasDataForType(MIMEType.IMAGE_PNG)).isTrue();
        Object summary = k.evalRaw("summary(new workbench.nn.ReLU(), Tensor.randn(1, 1, 2, 2, 2))");
        String html = (String) k.getRenderer().render(summary).getData(MIMEType.TEXT_HTML);
        assertThat(html).contains("<th>output</th>").contains("(1, 2, 2, 2)");
    }

    @Test
    void a_compile_error_names_the_problem_and_points_at_the_line() {
        WorkbenchKernel k = kernel();
        assertThatThrownBy(() -> k.evalRaw("int y = 1;\nString s = y;"))
                .isInstanceOf(CellFailure.CompilationError.class)
                .satisfies(e -> assertThat(String.join("\n", ((CellFailure) e).traceback()))
                        .contains("incompatible types").contains("String s = y;").contains("^"));
    }

    @Test
    void a_runtime_exception_reports_the_user_exception_class_its_message_and_its_cause() {
        WorkbenchKernel k = kernel();
        assertThatThrownBy(() -> k.evalRaw("throw new IllegalStateException(\"forgot eval()\", new ArithmeticException(\"inner\"));"))
                .isInstanceOf(CellFailure.EvaluationError.class)
                .hasMessage("IllegalStateException: forgot eval()")
                .satisfies(e -> assertThat(String.join("\n", ((CellFailure) e).traceback()))
                        .contains("Caused by: ArithmeticException: inner"));
    }

    @Test
    void an_unfinished_statement_is_reported_as_incomplete_input() {
        assertThatThrownBy(() -> kernel().evalRaw("for (int i = 0; i < 3; i++) {"))
                .isInstanceOf(CellFailure.IncompleteInput.class);
        assertThat(kernel.isComplete("for (int i = 0; i < 3; i++) {")).isNotEqualTo(WorkbenchKernel.IS_COMPLETE_YES);
        assertThat(kernel.isComplete("int z = 1;")).isEqualTo(WorkbenchKernel.IS_COMPLETE_YES);
    }

    @Test
    void completion_and_inspection_answer_from_the_cell_state() {
        WorkbenchKernel k = kernel();
        k.evalRaw("var t = Tensor.zeros(2, 3);");
        var options = k.complete("t.shapeStr", 10);
        assertThat(options.getReplacements()).contains("shapeString()");
        assertThat(options.getSourceStart()).isEqualTo(2);
        DisplayData doc = k.inspect("t.numel()", 4, false);
        assertThat((String) doc.getData(MIMEType.TEXT_PLAIN)).contains("numel()");
    }

    @Test
    void the_vector_api_is_usable_in_a_cell() {
        Object v = kernel().evalRaw("jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.elementType()");
        assertThat(v).isEqualTo(float.class);
    }

    @Test
    void classpath_magic_adds_a_directory_and_names_a_missing_one(@TempDir Path dir) throws Exception {
        Path pkg = Files.createDirectories(dir.resolve("extra"));
        Files.writeString(pkg.resolve("Greeting.java"), "package extra; public class Greeting { public static String hi() { return \"hi\"; } }");
        var javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", dir.toString(), pkg.resolve("Greeting.java").toString())).isZero();
        WorkbenchKernel k = kernel();
        k.evalRaw("%classpath " + dir);
        assertThat(k.evalRaw("extra.Greeting.hi()")).isEqualTo("hi");
        assertThatThrownBy(() -> k.evalRaw("%classpath " + dir.resolve("nowhere")))
                .hasMessageContaining("matches no file or directory");
    }

    @Test
    void load_splices_a_shared_setup_file_into_the_cell(@TempDir Path dir) throws Exception {
        Path setup = dir.resolve("setup.jsh");
        Files.writeString(setup, "int answer = 42;\nString twice(String s) { return s + s; }\n");
        WorkbenchKernel k = kernel();
        assertThat(k.evalRaw("%load " + setup + "\ntwice(\"ab\") + answer")).isEqualTo("abab42");
        assertThatThrownBy(() -> k.evalRaw("%load " + dir.resolve("missing.jsh"))).hasMessageContaining("no such file");
    }

    @Test
    void an_interrupt_stops_a_sleeping_cell_and_the_kernel_stays_usable() throws Exception {
        WorkbenchKernel k = kernel();
        var running = CompletableFuture.supplyAsync(() -> {
            try {
                return k.evalRaw("Thread.sleep(60_000); 1");
            } catch (RuntimeException e) {
                return e;
            }
        });
        // interrupting before the snippet runs (JShell still compiling) does nothing: repeat until it ends
        for (int i = 0; i < 120 && !running.isDone(); i++) {
            Thread.sleep(250);
            k.interrupt();
        }
        Object outcome = running.get(5, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(CellFailure.EvaluationError.class);
        assertThat(((Exception) outcome).getMessage()).startsWith("InterruptedException");
        assertThat(k.evalRaw("1 + 1")).isEqualTo(2);
    }

    @Test
    void jjava_timeout_stops_a_cell_that_runs_too_long() {
        WorkbenchKernel k = kernel(Map.of("JJAVA_TIMEOUT", "300"));
        assertThatThrownBy(() -> k.evalRaw("Thread.sleep(30_000);"))
                .isInstanceOf(CellFailure.EvaluationError.class)
                .hasMessageContaining("TimeoutException").hasMessageContaining("JJAVA_TIMEOUT");
        assertThat(WorkbenchKernel.Builder.timeout("30 SECONDS")).hasSeconds(30);
        assertThat(WorkbenchKernel.Builder.timeout("0")).isNull();
    }

    @Test
    void diff_reports_the_worst_element_with_its_index() {
        Tensor a = Tensor.zeros(1, 2, 2, 2), b = Tensor.zeros(1, 2, 2, 2);
        b.set(0.5f, 0, 1, 0, 1);
        assertThat(Notebook.diff("x", a, b).toString()).isEqualTo("x (1, 2, 2, 2)  max|d| = 5.00e-01 at [0,1,0,1]");
    }
}
