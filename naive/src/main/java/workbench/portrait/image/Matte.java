/*
 * A soft alpha matte: one float per pixel, 1 = person, 0 = background, row-major. What the
 * edge correction produces and what alpha compositing (P1, P5) consumes.
 */
package workbench.portrait.image;

public final class Matte {
    private final int width, height;
    private final float[] alpha;

    public Matte(int width, int height) { this(width, height, new float[width * height]); }

    /** Wraps {@code alpha} (length width*height, row-major) without copying. */
    public Matte(int width, int height, float[] alpha) {
        if (width <= 0 || height <= 0 || alpha.length != width * height) {
            throw new IllegalArgumentException("matte " + width + "x" + height + " needs " + ((long) width * height)
                    + " values, got " + alpha.length);
        }
        this.width = width;
        this.height = height;
        this.alpha = alpha;
    }

    public int width() { return width; }
    public int height() { return height; }
    public float[] alpha() { return alpha; }
    public float get(int x, int y) { return alpha[y * width + x]; }
    public void set(int x, int y, float a) { alpha[y * width + x] = a; }

    /** The hard mask alpha >= threshold as 0/255, one channel. */
    public Image8 toMask(float threshold) {
        byte[] m = new byte[alpha.length];
        for (int i = 0; i < m.length; i++) m[i] = alpha[i] >= threshold ? (byte) 255 : 0;
        return new Image8(width, height, 1, m);
    }

    /** A mask's values divided by 255. */
    public static Matte fromMask(Image8 mask) {
        if (mask.channels() != 1) throw new IllegalArgumentException("a mask has 1 channel, got " + mask.channels());
        float[] a = new float[mask.width() * mask.height()];
        byte[] d = mask.data();
        for (int i = 0; i < a.length; i++) a[i] = (d[i] & 0xff) / 255f;
        return new Matte(mask.width(), mask.height(), a);
    }
}
