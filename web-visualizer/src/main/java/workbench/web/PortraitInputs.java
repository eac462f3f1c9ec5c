/*
 * PortraitInputs: the pictures the /portrait page runs chapter 04's code on, as the chapter's types
 * (Image8, Matte): the built-in synthetic portrait (SyntheticPortrait: picture, exact mask, noisy
 * "network" probability), or an uploaded picture with an uploaded mask (white = person; the mask's
 * largest channel divided by 255 is the probability); backgrounds (the chapter's scene, the demo
 * images, or an uploaded picture) resized to the picture's size; PNG bytes of Image8 and Matte.
 * Pictures larger than MAX_SIDE a side are refused with the size and how to shrink them.
 * Not here: any computation the page shows (PortraitController calls the chapter's classes).
 */
package workbench.web;

import java.awt.image.BufferedImage;
import java.util.List;
import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;
import workbench.portrait.image.SyntheticPortrait;
import workbench.ssd.Resize;
import workbench.tensor.Tensor;

final class PortraitInputs {
    /** Size of the built-in portrait. */
    static final int DEMO_W = 320, DEMO_H = 240;
    /** Largest side of an uploaded picture the page runs on (the edge correction and Poisson solves run per request). */
    static final int MAX_SIDE = 640;
    static final List<String> SCENES = List.of("scene", "shapes", "stripes", "checker");

    /** A picture with the probability to correct; truth is the exact mask for the demo, null for uploads. */
    record Source(String id, String label, Image8 picture, Matte probability, Image8 truth) {}

    private final Workbench wb;
    private final Memo<Long, SyntheticPortrait.Portrait> demos = new Memo<>(4);

    PortraitInputs(Workbench wb) {
        this.wb = wb;
    }

    /** "demo" (seeded) or an uploaded picture with its uploaded mask. */
    Source source(String input, String mask, long seed) {
        if (input == null || input.isBlank() || input.equals("demo")) {
            SyntheticPortrait.Portrait p = demos.get(seed, () -> SyntheticPortrait.make(DEMO_W, DEMO_H, seed));
            return new Source("demo", "built-in synthetic portrait (seed " + seed + ")", p.picture(), p.probability(), p.truth());
        }
        if (!input.startsWith("upload-")) {
            throw ApiError.notFound("no picture named '" + input + "'", "use input=demo or the id POST /api/upload returned for your picture");
        }
        Uploads.Upload pic = image(input, "input");
        if (mask == null || mask.isBlank()) {
            throw ApiError.badRequest("the uploaded picture " + pic.filename() + " needs a mask",
                    "upload its mask too (a PNG of the same size, white = person, black = background) and pass its id as mask=");
        }
        Uploads.Upload m = image(mask, "mask");
        Image8 picture = image8(pic.image());
        Image8 maskImage = maxChannel(m.image());
        if (!picture.sameSize(maskImage)) {
            throw ApiError.unprocessable("the picture " + pic.filename() + " is " + picture.width() + "x" + picture.height() + " but the mask "
                    + m.filename() + " is " + maskImage.width() + "x" + maskImage.height(), "the mask must have the picture's size, pixel for pixel");
        }
        return new Source(input, pic.filename() + " with mask " + m.filename(), picture, Matte.fromMask(maskImage), null);
    }

    private Uploads.Upload image(String id, String role) {
        if (!id.startsWith("upload-")) {
            throw ApiError.notFound("no uploaded " + role + " '" + id + "'", "pass the id POST /api/upload returned (upload-N)");
        }
        Uploads.Upload u = wb.uploads().get(id);
        if (!u.kind().equals("image")) {
            throw ApiError.badRequest(id + " (" + u.filename() + ") is a " + u.kind() + ", not a picture", "the " + role + " must be an image (.png, .jpg, .bmp)");
        }
        int h = u.image().dim(1), w = u.image().dim(2);
        if (w > MAX_SIDE || h > MAX_SIDE) {
            throw ApiError.unprocessable("the " + role + " " + u.filename() + " is " + w + "x" + h + " pixels; this page takes at most "
                    + MAX_SIDE + " a side", "scale it down first, e.g. ffmpeg -i in.png -vf scale=" + MAX_SIDE + ":-1 out.png (scale its mask the same way)");
        }
        return u;
    }

    /** The background to blend onto, at width x height: the chapter's scene, a demo image, or an uploaded picture (resized). */
    Image8 background(String id, int width, int height) {
        if (id == null || id.isBlank() || id.equals("scene")) return SyntheticPortrait.scene(width, height);
        if (DemoImages.exists(id)) return image8(DemoImages.render(id, height, width));
        if (!id.startsWith("upload-")) {
            throw ApiError.notFound("no background named '" + id + "'", "backgrounds: " + String.join(", ", SCENES) + ", or the id of an uploaded picture");
        }
        Uploads.Upload u = wb.uploads().get(id);
        if (!u.kind().equals("image")) {
            throw ApiError.badRequest(id + " (" + u.filename() + ") is a " + u.kind() + ", not a picture", "pick an uploaded image as the background");
        }
        Tensor t = u.image();
        return image8(Resize.bilinear(t.reshape(1, 3, t.dim(1), t.dim(2)), height, width).reshape(3, height, width));
    }

    /** An RGB tensor (3, H, W) in [0, 1] as 8-bit RGB (exact for pictures read from 8-bit files). */
    static Image8 image8(Tensor rgb) {
        int h = rgb.dim(1), w = rgb.dim(2);
        float[] d = rgb.data();
        Image8 out = new Image8(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) out.set(x, y, c, Math.round(Math.min(1f, Math.max(0f, d[(c * h + y) * w + x])) * 255f));
            }
        }
        return out;
    }

    /** A mask from an RGB tensor: the largest channel, as ImageFiles.readMask reads a mask file. */
    static Image8 maxChannel(Tensor rgb) {
        Image8 rgb8 = image8(rgb), out = new Image8(rgb8.width(), rgb8.height(), 1);
        for (int y = 0; y < out.height(); y++) {
            for (int x = 0; x < out.width(); x++) out.set(x, y, 0, Math.max(rgb8.get(x, y, 0), Math.max(rgb8.get(x, y, 1), rgb8.get(x, y, 2))));
        }
        return out;
    }

    /** A matte (values in [0, 1]) as an 8-bit grey picture. */
    static Image8 grey(Matte m) {
        Image8 out = new Image8(m.width(), m.height(), 1);
        float[] a = m.alpha();
        for (int i = 0; i < a.length; i++) out.data()[i] = (byte) Math.round(Math.min(1f, Math.max(0f, a[i])) * 255f);
        return out;
    }

    static byte[] png(Image8 image) {
        int w = image.width(), h = image.height();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = image.get(x, y, 0), g = image.channels() == 3 ? image.get(x, y, 1) : r, b = image.channels() == 3 ? image.get(x, y, 2) : r;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return Inputs.png(img);
    }
}
