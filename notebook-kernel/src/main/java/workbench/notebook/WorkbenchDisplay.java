/*
 * How workbench objects look in a notebook, registered on jjava-jupyter's Renderer at kernel start:
 *   Tensor          small ones (<= 64 values or rank 1) as an HTML table, others as a PNG heat map; always text/plain
 *   TensorTable     an HTML table of the first 2-D slice (at most 32 x 32 cells shown)
 *   ModelSummary    an HTML table: module, type, output shape, parameters
 * BufferedImage already renders as image/png through jjava-jupyter's own RenderedImage renderer.
 * Core modules never import Jupyter classes: rendering lives only here.
 */
package workbench.notebook;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import workbench.tensor.Tensor;

final class WorkbenchDisplay {
    private WorkbenchDisplay() {}

    static final int TABLE_MAX_VALUES = 64;

    static void register(Renderer renderer) {
        renderer.createRegistration(Tensor.class)
                .preferring(MIMEType.TEXT_PLAIN, MIMEType.IMAGE_PNG, MIMEType.TEXT_HTML)
                .register((t, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, t::toString);
                    if (t.numel() <= TABLE_MAX_VALUES || t.rank() <= 1) {
                        ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> tableHtml(t));
                    } else {
                        ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> png(Heatmap.draw(t, 64)));
                    }
                });
        renderer.createRegistration(Notebook.TensorTable.class)
                .preferring(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML)
                .register((tt, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> tt.tensor().toString());
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> tableHtml(tt.tensor()));
                });
        renderer.createRegistration(Notebook.ModelSummary.class)
                .preferring(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML)
                .register((m, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, m::toString);
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> summaryHtml(m));
                });
    }

    static String png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding of a heat map", e);
        }
    }

    static String tableHtml(Tensor t) {
        int[] s = t.shape();
        int cols = s.length >= 1 ? s[s.length - 1] : 1;
        int rows = s.length >= 2 ? s[s.length - 2] : 1;
        int shownRows = Math.min(rows, 32), shownCols = Math.min(cols, 32);
        StringBuilder sb = new StringBuilder("<table><caption>Tensor").append(escape(t.shapeString()));
        if (s.length > 2) sb.append(" (first slice)");
        sb.append("</caption>");
        float[] d = t.data();
        for (int r = 0; r < shownRows; r++) {
            sb.append("<tr>");
            for (int c = 0; c < shownCols; c++) {
                sb.append("<td style=\"text-align:right\">").append(String.format(Locale.ROOT, "%.4g", d[r * cols + c])).append("</td>");
            }
            if (shownCols < cols) sb.append("<td>&hellip;</td>");
            sb.append("</tr>");
        }
        if (shownRows < rows) sb.append("<tr><td>&vellip;</td></tr>");
        return sb.append("</table>").toString();
    }

    static String summaryHtml(Notebook.ModelSummary m) {
        StringBuilder sb = new StringBuilder("<table><caption>").append(escape(m.title())).append(", input ")
                .append(escape(m.inputShape())).append("</caption><tr><th>module</th><th>type</th><th>output</th><th>parameters</th></tr>");
        for (Notebook.Layer l : m.layers()) {
            sb.append("<tr><td style=\"text-align:left\"><code>").append(escape(l.name().isEmpty() ? "(model)" : l.name()))
                    .append("</code></td><td style=\"text-align:left\">").append(escape(l.type()))
                    .append("</td><td style=\"text-align:left\">").append(escape(l.outputShape()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%,d", l.parameters())).append("</td></tr>");
        }
        return sb.append("<tr><td colspan=\"3\"><b>total</b></td><td><b>")
                .append(String.format(Locale.ROOT, "%,d", m.totalParameters())).append("</b></td></tr></table>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
