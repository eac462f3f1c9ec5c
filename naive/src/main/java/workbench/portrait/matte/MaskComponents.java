/*
 * Connected components of a 0/255 mask, the two clean-up steps of Sec. 2.2 that look at regions:
 *   largestComponent  keep the largest 8-connected foreground region (what cv2.connectedComponentsWithStats
 *                     with connectivity=8 labels, keeping the label with the largest CC_STAT_AREA);
 *   fillHoles         a hole is a background pixel that no 4-connected background path joins to the
 *                     image border; holes become foreground. This equals a cv2.floodFill (flags=4) from a
 *                     corner of the mask framed by one zero pixel, keeping what the flood did not reach.
 * Foreground 8-connected, background 4-connected: the usual pairing, so a diagonal chain of person
 * pixels both joins the person and closes the background region it encircles.
 * Naive: breadth-first flooding with an int queue. Ties between equally large components go to the
 * one whose first pixel comes first in raster order (our rule; OpenCV's label order is an artefact of
 * its block-based scan, so the goldens avoid ties). Not here: statistics other than the area.
 */
package workbench.portrait.matte;

import workbench.portrait.image.Image8;

public final class MaskComponents {
    private MaskComponents() {}

    private static final int[][] N8 = {{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}};
    private static final int[][] N4 = {{0, -1}, {-1, 0}, {1, 0}, {0, 1}};

    /** Labels of the 8-connected foreground regions, 1..n in raster order of their first pixel; 0 = background. */
    public static int[] label8(Image8 mask) {
        checkMask(mask, "label8");
        int w = mask.width(), h = mask.height();
        byte[] m = mask.data();
        int[] labels = new int[w * h];
        int[] queue = new int[w * h];
        int next = 0;
        for (int start = 0; start < m.length; start++) {
            if (m[start] == 0 || labels[start] != 0) continue;
            int label = ++next;
            labels[start] = label;
            flood(start, w, h, queue, N8, i -> m[i] != 0 && labels[i] == 0, i -> labels[i] = label);
        }
        return labels;
    }

    /** The largest 8-connected region as a 0/255 mask (empty stays empty). */
    public static Image8 largestComponent(Image8 mask) {
        int[] labels = label8(mask);
        int n = 0;
        for (int l : labels) n = Math.max(n, l);
        Image8 out = new Image8(mask.width(), mask.height(), 1);
        if (n == 0) return out;
        int[] area = new int[n + 1];
        for (int l : labels) area[l]++;
        int best = 1;
        for (int l = 2; l <= n; l++) if (area[l] > area[best]) best = l;   // strict: the first of equals wins
        byte[] o = out.data();
        for (int i = 0; i < labels.length; i++) if (labels[i] == best) o[i] = (byte) 255;
        return out;
    }

    /** Number of 8-connected foreground regions. */
    public static int count8(Image8 mask) {
        int n = 0;
        for (int l : label8(mask)) n = Math.max(n, l);
        return n;
    }

    /** Foreground plus every background pixel not 4-connected to the border through background. */
    public static Image8 fillHoles(Image8 mask) {
        checkMask(mask, "fillHoles");
        int w = mask.width(), h = mask.height();
        byte[] m = mask.data();
        boolean[] outside = new boolean[w * h];
        int[] queue = new int[w * h];
        // Seeds: background pixels on the border. The framed flood of OpenCV reaches exactly these first.
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (x != 0 && y != 0 && x != w - 1 && y != h - 1) continue;
                int i = y * w + x;
                if (m[i] != 0 || outside[i]) continue;
                outside[i] = true;
                flood(i, w, h, queue, N4, j -> m[j] == 0 && !outside[j], j -> outside[j] = true);
            }
        }
        Image8 out = mask.copy();
        byte[] o = out.data();
        for (int i = 0; i < o.length; i++) if (!outside[i]) o[i] = (byte) 255;
        return out;
    }

    private interface IntTest { boolean test(int i); }
    private interface IntAction { void run(int i); }

    /** Breadth-first flood from {@code start} (already marked) over neighbours that pass {@code joins}. */
    private static void flood(int start, int w, int h, int[] queue, int[][] nbrs, IntTest joins, IntAction mark) {
        int head = 0, tail = 0;
        queue[tail++] = start;
        while (head < tail) {
            int i = queue[head++], x = i % w, y = i / w;
            for (int[] d : nbrs) {
                int nx = x + d[0], ny = y + d[1];
                if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
                int j = ny * w + nx;
                if (joins.test(j)) {
                    mark.run(j);
                    queue[tail++] = j;
                }
            }
        }
    }

    static void checkMask(Image8 mask, String where) {
        if (mask.channels() != 1) {
            throw new IllegalArgumentException(where + ": expected a 1-channel 0/255 mask, got " + mask.sizeString()
                    + "\n  ---> HINT: threshold a Matte with Matte.toMask or MaskCleanup.threshold.");
        }
    }
}
