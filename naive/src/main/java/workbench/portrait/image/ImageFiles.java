/*
 * Reading and writing pictures (PNG, JPEG, BMP through javax.imageio) as Image8. Writes go to a
 * temporary file in the target's folder and are moved into place, so a failed write never
 * leaves a partial picture behind.
 */
package workbench.portrait.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

public final class ImageFiles {
    private ImageFiles() {}

    /** Reads a picture as RGB (grey and palette pictures are expanded; alpha is dropped). */
    public static Image8 readRgb(Path path) {
        BufferedImage img = read(path);
        Image8 out = new Image8(img.getWidth(), img.getHeight(), 3);
        byte[] d = out.data();
        for (int y = 0, i = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++, i += 3) {
                int rgb = img.getRGB(x, y);
                d[i] = (byte) (rgb >> 16);
                d[i + 1] = (byte) (rgb >> 8);
                d[i + 2] = (byte) rgb;
            }
        }
        return out;
    }

    /** Reads a mask: one channel; colour pictures are reduced to their maximum channel. */
    public static Image8 readMask(Path path) {
        BufferedImage img = read(path);
        Image8 out = new Image8(img.getWidth(), img.getHeight(), 1);
        byte[] d = out.data();
        for (int y = 0, i = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++, i++) {
                int rgb = img.getRGB(x, y);
                d[i] = (byte) Math.max((rgb >> 16) & 0xff, Math.max((rgb >> 8) & 0xff, rgb & 0xff));
            }
        }
        return out;
    }

    private static BufferedImage read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(path + ": no such file; give a PNG, JPEG or BMP picture");
        }
        try {
            BufferedImage img = ImageIO.read(path.toFile());
            if (img == null) {
                throw new IllegalArgumentException(path + ": not a picture this reader knows (PNG, JPEG, BMP, GIF); "
                        + "convert it, e.g. ffmpeg -i " + path.getFileName() + " out.png");
            }
            return img;
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": could not be read as a picture (" + e.getMessage() + ")", e);
        }
    }

    /** Writes a PNG (1 channel as grey, 3 as RGB) atomically. */
    public static void writePng(Image8 image, Path path) {
        int w = image.width(), h = image.height();
        BufferedImage img = new BufferedImage(w, h, image.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (image.channels() == 1) {
                    img.getRaster().setSample(x, y, 0, image.get(x, y, 0));
                } else {
                    img.setRGB(x, y, (image.get(x, y, 0) << 16) | (image.get(x, y, 1) << 8) | image.get(x, y, 2));
                }
            }
        }
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".partial-", ".png");
            if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer");
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": could not write the PNG (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* already moved or gone */ }
            }
        }
    }
}
