/*
 * Inputs: the images a page can run on - the built-in demo images and the user's uploaded images -
 * by id, resized to the size a page needs, and as PNG for display. Ids: "shapes", "stripes",
 * "checker", or an upload id ("upload-3").
 * Not here: normalisation for a model (each page does its own), augmentation.
 */
package workbench.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import workbench.ssd.Resize;
import workbench.tensor.Tensor;

public final class Inputs {
    private final Workbench wb;

    Inputs(Workbench wb) {
        this.wb = wb;
    }

    /** The image {@code id} as (3, size, size) in [0, 1]. */
    public Tensor image(String id, int size) {
        if (id == null || id.isBlank()) id = "shapes";
        if (DemoImages.exists(id)) return DemoImages.render(id, size, size);
        if (!id.startsWith("upload-")) {
            throw ApiError.notFound("no image named '" + id + "'",
                    "use a demo image (" + String.join(", ", DemoImages.NAMES) + ") or the id POST /api/upload returned");
        }
        Uploads.Upload u = wb.uploads().get(id);
        if (!u.kind().equals("image")) {
            throw ApiError.badRequest(id + " (" + u.filename() + ") is a " + u.kind() + ", not an image", "pick an uploaded image as the input");
        }
        Tensor img = u.image();
        return Resize.bilinear(img.reshape(1, 3, img.dim(1), img.dim(2)), size, size).reshape(3, size, size);
    }

    /** PNG bytes of an RGB tensor (3, H, W) in [0, 1]. */
    public static byte[] png(Tensor rgb) {
        int h = rgb.dim(1), w = rgb.dim(2);
        float[] d = rgb.data();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = byteOf(d[y * w + x]), g = byteOf(d[(h + y) * w + x]), b = byteOf(d[(2 * h + y) * w + x]);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return png(img);
    }

    /** PNG bytes of a picture. */
    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int byteOf(float v) {
        return Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
    }
}
