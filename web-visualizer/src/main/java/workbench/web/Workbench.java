/*
 * Workbench: what the visualizer serves from - options (golden data folder, bench JSON, upload
 * limits, VGGish weights), the two kernel twins, and the uploads of this server's lifetime (in memory).
 * VisualizerApp.create(Workbench) builds the server from it; tests make a small one.
 * Not here: routes or HTTP (VisualizerApp and the controllers), persistence across restarts.
 */
package workbench.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import workbench.kernels.Kernels;
import workbench.kernels.NaiveKernels;
import workbench.vectorized.VectorKernels;

public final class Workbench {
    /**
     * @param goldenDir      folder of golden cases (chapter/case/manifest.json), e.g. golden-tests/data
     * @param benchJson      a file written by `./workbench bench --json`, or null
     * @param maxImageBytes  largest image upload
     * @param maxCheckpointBytes largest checkpoint upload
     * @param benchQuick     whether the speed table may time a few quick kernel rows on request
     * @param vggishWeights  VGGish weights the /vggish page runs (torchvggish .pth or TF-Slim .npz), or null: seeded stand-in
     * @param vggishPca      VGGish PCA parameters (vggish_pca_params.npz), or null: seeded stand-in
     */
    public record Options(Path goldenDir, Path benchJson, long maxImageBytes, long maxCheckpointBytes, boolean benchQuick,
                          Path vggishWeights, Path vggishPca) {
        public Options(Path goldenDir, Path benchJson, long maxImageBytes, long maxCheckpointBytes, boolean benchQuick) {
            this(goldenDir, benchJson, maxImageBytes, maxCheckpointBytes, benchQuick, null, null);
        }

        public static Options defaults(Path root) {
            return new Options(root.resolve("golden-tests/data"), root.resolve("bench.json"), 20L << 20, 600L << 20, true);
        }

        public Options withLimits(long image, long checkpoint) {
            return new Options(goldenDir, benchJson, image, checkpoint, benchQuick, vggishWeights, vggishPca);
        }

        public Options withVggish(Path weights, Path pca) {
            return new Options(goldenDir, benchJson, maxImageBytes, maxCheckpointBytes, benchQuick, weights, pca);
        }

        /** The lessons, chapters/NN-slug/README.md: beside golden-tests/ in the checkout that goldenDir lies in. */
        public Path chaptersDir() {
            Path data = goldenDir.toAbsolutePath().normalize();
            return data.getParent() == null || data.getParent().getParent() == null ? null : data.getParent().getParent().resolve("chapters");
        }
    }

    private final Options options;
    private final Kernels naive = NaiveKernels.INSTANCE;
    private final VectorKernels vectorized = new VectorKernels();
    private final Uploads uploads;
    private final Path tempRoot;

    public Workbench(Options options) {
        this.options = options;
        ImageIO.setUseCache(false);           // ImageIO would otherwise write cache files to java.io.tmpdir
        try {
            this.tempRoot = Files.createTempDirectory("workbench-web-");
            tempRoot.toFile().deleteOnExit();     // a last resort when close() is never called: empty by then
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for uploads", e);
        }
        this.uploads = new Uploads(this);
    }

    /** A workbench over the project checkout at {@code root} (the folder holding golden-tests/). */
    public static Workbench at(Path root) {
        return new Workbench(Options.defaults(root));
    }

    public Options options() { return options; }
    public Kernels naive() { return naive; }
    public VectorKernels vectorized() { return vectorized; }
    public Uploads uploads() { return uploads; }

    /** Parent of the per-request temporary folders (and of the multipart spill files); removed by {@link #close}. */
    public Path tempRoot() { return tempRoot; }

    /** Removes the temporary root and everything under it. */
    public void close() {
        Uploads.deleteTree(tempRoot);
    }
}
