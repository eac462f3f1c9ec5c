/*
 * POST /api/upload (multipart, field "file"): the user's image or checkpoint, answered with what was
 * recognised ({id, kind, filename, model, shapes}) or a 4xx {error, hint}. GET /api/uploads lists them.
 * The size limit is checked on the file's bytes; a body far over every limit is refused from its
 * Content-Length before it is read.
 * Not here: reading formats (Uploads).
 */
package workbench.web;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import jakarta.servlet.http.Part;
import java.util.Map;

public final class UploadController {
    private final Workbench wb;

    UploadController(Workbench wb) {
        this.wb = wb;
    }

    /** The largest body read at all: twice the largest limit, so a file a little over its limit still gets a clean 413. */
    static long readLimit(Workbench wb) {
        return 2 * Math.max(wb.options().maxImageBytes(), wb.options().maxCheckpointBytes()) + (1 << 20);
    }

    /** Refuses bodies far larger than any upload may be before Jetty reads them. */
    public void limit(Context ctx) {
        long max = readLimit(wb);
        long len = ctx.req().getContentLengthLong();
        if (len > max) {
            throw ApiError.tooLarge("the upload is " + len + " bytes; the largest accepted is " + max,
                    "images up to " + (wb.options().maxImageBytes() >> 20) + " MB, checkpoints up to " + (wb.options().maxCheckpointBytes() >> 20) + " MB");
        }
    }

    public void upload(Context ctx) throws Exception {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
            throw ApiError.badRequest("POST /api/upload takes multipart/form-data", "send the file in a form field named 'file'");
        }
        try {
            UploadedFile f = ctx.uploadedFile("file");
            if (f == null) throw ApiError.badRequest("no form field 'file' in the upload", "send the file in a form field named 'file'");
            wb.uploads().checkAdmissible(f.filename(), f.size());
            Uploads.Upload u = f.contentAndClose(in -> wb.uploads().accept(f.filename(), in));
            ctx.status(201).json(Uploads.describe(u));
        } finally {
            for (Part p : ctx.req().getParts()) p.delete();   // a part spilled to disk goes before the answer does
        }
    }

    public void list(Context ctx) {
        ctx.json(Map.of("uploads", wb.uploads().all().stream().map(Uploads::describe).toList()));
    }
}
