/*
 * An 8-bit image as the portrait pipeline passes it between steps: row-major, channels
 * interleaved, RGB order for colour (OpenCV's BGR is converted at the edges: the golden
 * generators and the video pipes), one channel for masks (0 = background, 255 = person).
 * Values are read and written as ints 0..255; the byte storage is an implementation detail.
 */
package workbench.portrait.image;

import java.util.Arrays;

public final class Image8 {
    private final int width, height, channels;
    private final byte[] data;

    public Image8(int width, int height, int channels) {
        this(width, height, channels, new byte[checkedSize(width, height, channels)]);
    }

    /** Wraps {@code data} (length width*height*channels, row-major, interleaved) without copying. */
    public Image8(int width, int height, int channels, byte[] data) {
        int size = checkedSize(width, height, channels);
        if (data.length != size) {
            throw new IllegalArgumentException("image " + width + "x" + height + "x" + channels + " needs " + size
                    + " bytes, got " + data.length);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.data = data;
    }

    private static int checkedSize(int width, int height, int channels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images have 1 (mask, grey) or 3 (RGB) channels, got " + channels);
        }
        long size = (long) width * height * channels;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image " + width + "x" + height + "x" + channels + " is too large");
        }
        return (int) size;
    }

    public int width() { return width; }
    public int height() { return height; }
    public int channels() { return channels; }

    /** The backing array (row-major, interleaved); callers that write to it own the result. */
    public byte[] data() { return data; }

    public int get(int x, int y, int c) { return data[(y * width + x) * channels + c] & 0xff; }

    public void set(int x, int y, int c, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("pixel value " + value + " at (" + x + ", " + y + ", " + c + ") is outside 0..255");
        }
        data[(y * width + x) * channels + c] = (byte) value;
    }

    public boolean sameSize(Image8 other) { return width == other.width && height == other.height; }

    public String sizeString() { return width + "x" + height + (channels == 1 ? " (1 channel)" : " (RGB)"); }

    public Image8 copy() { return new Image8(width, height, channels, data.clone()); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image8 i && i.width == width && i.height == height && i.channels == channels
                && Arrays.equals(i.data, data);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(data) * 31 + width * 7 + height * 3 + channels; }

    @Override
    public String toString() { return "Image8[" + sizeString() + "]"; }
}
