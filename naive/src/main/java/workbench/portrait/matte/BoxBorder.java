/*
 * How the box mean of the guided filter (Sec. 2.3) reads pixels outside the image, as OpenCV's
 * borderInterpolate maps an index p outside 0..len-1 back inside:
 *   REFLECT      fedcba|abcdefgh|hgfedcb   the edge pixel is repeated (what ximgproc's guidedFilter uses)
 *   REFLECT_101  gfedcb|abcdefgh|gfedcba   the edge pixel is the mirror (OpenCV's default for most filters)
 * Windows wider than the image reflect again until the index lands inside, as OpenCV does.
 * The second mode exists so a test can show that it misses ximgproc's output: the border choice is
 * proven, not assumed.
 */
package workbench.portrait.matte;

public enum BoxBorder {
    REFLECT(0),
    REFLECT_101(1);

    private final int delta;

    BoxBorder(int delta) { this.delta = delta; }

    /** The index inside 0..len-1 that position {@code p} reads. */
    public int index(int p, int len) {
        if (p >= 0 && p < len) return p;
        if (len == 1) return 0;
        do {
            p = p < 0 ? -p - 1 + delta : len - 1 - (p - len) - delta;
        } while (p < 0 || p >= len);
        return p;
    }
}
