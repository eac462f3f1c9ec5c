/*
 * ./workbench run vggish --input FILE.wav [--weights FILE] [--pca FILE.npz] [--examples-out X.npy]
 *                        [--output emb.npy|emb.csv] [--impl naive|vectorized]
 * ./workbench run vggish --smoke-test [--weights FILE --pca FILE.npz]
 * Chapter 02's pipeline on one audio file: WAV (or, with ffmpeg, any audio) -> mono -> 16 kHz
 * (resampy kaiser_best) -> log-mel examples (N, 96, 64) -> VGGish -> embeddings (N, 128) ->
 * PCA + 8-bit quantisation (N, 128) uint8. --output emb.npy writes the raw embeddings there and the
 * quantised ones beside it as emb.postprocessed.npy (.csv likewise, one example per line).
 * Missing --weights or --pca: a seeded stand-in is used and the output says so on every run.
 * Weights: a torchvggish state_dict (.pth) or an .npz of the TF-Slim variables.
 */
package workbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;
import workbench.io.NpyWriter;
import workbench.kernels.Kernels;
import workbench.nn.Context;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;
import workbench.vectorized.vggish.VectorSpectralOps;
import workbench.vggish.Audio;
import workbench.vggish.NaiveSpectralOps;
import workbench.vggish.Postprocessor;
import workbench.vggish.SmokeTest;
import workbench.vggish.SpectralOps;
import workbench.vggish.VGGish;
import workbench.vggish.VggishCheckpoints;
import workbench.vggish.VggishInput;
import workbench.vggish.WavReader;

final class VggishRun {
    /** The options only vggish takes; mixed into RunCommand. */
    static final class Options {
        @Option(names = "--pca", paramLabel = "FILE.npz", description = "vggish: PCA parameters (vggish_pca_params.npz); default: a seeded stand-in")
        Path pca;

        @Option(names = "--examples-out", paramLabel = "X.npy", description = "vggish: write the log-mel examples (N, 96, 64)")
        Path examplesOut;

        @Option(names = "--smoke-test", description = "vggish: run vggish_smoke_test.py's checks instead of a file")
        boolean smokeTest;
    }

    /** Seeds of the stand-ins used when no weights or PCA file is given. */
    static final long SEED_NETWORK = 2017, SEED_PCA = 128;

    private VggishRun() {}

    static boolean handles(String model) {
        return model.equals("vggish");
    }

    static int run(Path input, Path weights, Path output, Kernels kernels, Options o, PrintWriter out) {
        SpectralOps ops = kernels instanceof VectorKernels ? new VectorSpectralOps() : NaiveSpectralOps.INSTANCE;
        if (output != null) format(output);                        // a bad --output fails before any work
        Postprocessor pca = o.pca != null ? Postprocessor.load(o.pca) : SmokeTest.seededPca(SEED_PCA);
        VGGish net = new VGGish();
        if (weights != null) VggishCheckpoints.load(net, weights);
        else VggishCheckpoints.seeded(net, SEED_NETWORK);
        String standIns = standIns(weights, o.pca);
        if (o.smokeTest) {
            SmokeTest.Report r = SmokeTest.run(net, pca, weights != null && o.pca != null, kernels, ops);
            out.println(r.text());
            if (!standIns.isEmpty()) out.println(standIns);
            return r.passed() ? 0 : 1;
        }
        if (input == null) {
            throw new IllegalArgumentException("run vggish: --input FILE.wav is required (or --smoke-test)"
                    + "\n  ---> HINT: ./workbench run vggish --input sound.wav --weights vggish.pth --pca vggish_pca_params.npz --output emb.npy");
        }
        long t0 = System.nanoTime();
        Audio audio = WavReader.read(input);
        VggishInput.Examples ex = VggishInput.waveformToExamples(audio.mono(), audio.sampleRate(), ops);
        Tensor examples = ex.examples();
        long t1 = System.nanoTime();
        Tensor emb = ex.numExamples() == 0 ? Tensor.zeros(0, net.config.embeddingSize())
                : net.call(ex.batch(), Context.of(kernels));
        Postprocessor.Result pp = pca.postprocess(emb);
        long t2 = System.nanoTime();

        out.println(audio);
        out.printf(Locale.ROOT, "front end (%s): %d samples at 16 kHz -> log-mel %s -> examples %s in %.1f ms%n", ops.name(),
                ex.waveform16k().length, ex.logMel().logMel().shapeString(), examples.shapeString(), (t1 - t0) / 1e6);
        out.printf(Locale.ROOT, "network (%s): embeddings %s, post-processed %s uint8 in %.1f ms%n", kernels.name(), emb.shapeString(),
                pp.bytesTensor().shapeString(), (t2 - t1) / 1e6);
        if (ex.numExamples() == 0) {
            out.printf(Locale.ROOT, "note: %.3f s of audio gives %d frames of 10 ms, fewer than the 96 of one example: 0 examples%n",
                    audio.seconds(), ex.logMel().logMel().rows());
        }
        if (o.examplesOut != null) {
            NpyWriter.write(o.examplesOut, examples);
            out.println("wrote " + o.examplesOut);
        }
        if (output != null) {
            Path quantised = sibling(output, ".postprocessed");
            if (format(output).equals("csv")) {
                writeCsv(output, emb.data(), emb.dim(0), emb.dim(1), false);
                writeCsv(quantised, pp.bytesTensor().data(), pp.n(), pp.dim(), true);
            } else {
                NpyWriter.write(output, emb);
                byte[] bytes = new byte[pp.bytes().length];
                for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) pp.bytes()[i];
                NpyWriter.writeUint8(quantised, new int[] {pp.n(), pp.dim()}, bytes);
            }
            out.println("wrote " + output + " (embeddings) and " + quantised + " (post-processed uint8)");
        } else {
            out.println("(no --output: nothing written but what --examples-out asked for)");
        }
        if (!standIns.isEmpty()) out.println(standIns);
        return 0;
    }

    private static String standIns(Path weights, Path pca) {
        if (weights != null && pca != null) return "";
        return "WARNING: " + (weights == null ? "no --weights: the network is a SEEDED stand-in" : "")
                + (weights == null && pca == null ? "; " : "") + (pca == null ? "no --pca: the PCA is a SEEDED stand-in" : "")
                + ". Shapes and the front end are real; the embedding values are not VGGish's.";
    }

    private static String format(Path output) {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) return "npy";
        if (name.endsWith(".csv")) return "csv";
        throw new IllegalArgumentException("--output " + output + ": unknown format; give a name ending in .npy or .csv"
                + "\n  ---> HINT: --output emb.npy writes emb.npy and emb.postprocessed.npy.");
    }

    /** emb.npy -> emb.postprocessed.npy */
    static Path sibling(Path p, String infix) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String sib = name.substring(0, dot) + infix + name.substring(dot);
        return p.getParent() == null ? Path.of(sib) : p.getParent().resolve(sib);
    }

    private static void writeCsv(Path p, float[] v, int rows, int cols, boolean integers) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (c > 0) sb.append(',');
                float x = v[r * cols + c];
                sb.append(integers ? Integer.toString((int) x) : Float.toString(x));
            }
            sb.append('\n');
        }
        try {
            Files.writeString(p, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(p + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
