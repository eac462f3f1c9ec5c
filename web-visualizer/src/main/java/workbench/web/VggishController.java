/*
 * /vggish page API (chapter 02): a sound - a built-in demo (DemoAudio) or an uploaded .wav - through
 * the chapter's pipeline (VggishAnalysis), each stage answered in a form small enough to draw:
 *   /api/vggish/inputs            demo sounds and uploaded sounds; which weights the network runs on
 *   /api/vggish/analysis          JSON: the sound, its waveform before and after resampling to 16 kHz as
 *                                 min/max envelopes (WAVEFORM_COLUMNS columns), shapes and ranges of every
 *                                 stage, the embeddings (raw 128-d and post-processed uint8) of each example
 *                                 that went through the network, timings, the panels' official functions
 *                                 and lesson links
 *   /api/vggish/stft.bin          |STFT| (frames, 257) as little-endian float32, every k-th frame (X-Frame-Step)
 *   /api/vggish/logmel.bin        log-mel (frames, 64), likewise
 *   /api/vggish/examples.bin      examples [from, from + count) of (N, 96, 64), count <= 8
 *   /api/vggish/mel-matrix.bin    the (257, 64) mel matrix, HTK, 125-7500 Hz
 *   /api/vggish/demo.wav          a demo sound's WAV bytes, for the page's player
 * Weights: seeded stand-ins with the CLI's seeds (network 2017, PCA 128: the numbers equal
 * `./workbench run vggish` on the same file) unless the server was started with --vggish-weights and
 * --vggish-pca; every answer says which.
 * Not here: the computations (the chapter's classes, called by VggishAnalysis), drawing (vggish.js).
 */
package workbench.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import workbench.kernels.Kernels;
import workbench.nn.StateDictMismatchException;
import workbench.tensor.Tensor;
import workbench.vectorized.vggish.VectorSpectralOps;
import workbench.vggish.Audio;
import workbench.vggish.DoubleMatrix;
import workbench.vggish.MelFeatures;
import workbench.vggish.NaiveSpectralOps;
import workbench.vggish.Postprocessor;
import workbench.vggish.SmokeTest;
import workbench.vggish.SpectralOps;
import workbench.vggish.VGGish;
import workbench.vggish.VggishCheckpoints;
import workbench.vggish.VggishParams;
import workbench.vggish.WavReader;

public final class VggishController {
    /** The seeds `./workbench run vggish` uses for its stand-ins (cli VggishRun.SEED_NETWORK, SEED_PCA). */
    static final long SEED_NETWORK = 2017, SEED_PCA = 128;
    static final int WAVEFORM_COLUMNS = 800, MAX_SPECTROGRAM_FRAMES = 256, MAX_LOGMEL_FRAMES = 1024, MAX_EXAMPLES_PER_REQUEST = 8;
    static final List<String> IMPLS = List.of("vectorized", "naive");
    static final String LESSON = "02-vggish";

    /** The network and post-processor the page runs, and how to call them on the page. */
    record Model(VGGish net, Postprocessor pca, boolean real, String network, String pcaLabel, String warning) {}

    /** One panel of the page: what it shows, which official function it mirrors, where the lesson explains it. */
    record Panel(String id, String title, String mirrors, String java, List<String> lessonHeadings) {}

    static final List<Panel> PANELS = List.of(
            new Panel("waveform", "Waveform: channel mean, then 16 kHz",
                    "vggish_input.py: wav_read (int16 / 32768.0), waveform_to_examples (np.mean over channels, resampy.resample to 16 kHz, kaiser_best)",
                    "WavReader.read, Audio.mono, Resampler.resample", List.of("3.1", "The resampling filter")),
            new Panel("stft", "STFT magnitude", "mel_features.py: stft_magnitude (frame 400 / hop 160, periodic_hann, |rfft| with 512 points)",
                    "SpectralOps.stftMagnitude (NaiveSpectralOps, VectorSpectralOps)", List.of("3.1", "Periodic vs symmetric Hann")),
            new Panel("mel", "Mel filter matrix", "mel_features.py: spectrogram_to_mel_matrix (64 bands, 257 bins, HTK mel, 125-7500 Hz)",
                    "MelFeatures.spectrogramToMelMatrix", List.of("The mel matrix", "mel_features.py")),
            new Panel("logmel", "Log-mel spectrogram", "mel_features.py: log_mel_spectrogram (stft . mel matrix, ln(mel + 0.01))",
                    "MelFeatures.logMelSpectrogram", List.of("3.1", "mel_features.py")),
            new Panel("examples", "Examples, 96 x 64 each", "vggish_input.py: waveform_to_examples (mel_features.frame into 0.96 s windows, hop 0.96 s)",
                    "VggishInput.waveformToExamples", List.of("3.1", "vggish_input.py")),
            new Panel("embeddings", "Embeddings: raw and post-processed",
                    "vggish_slim.py: define_vggish_slim (embedding before the last ReLU); vggish_postprocess.py: Postprocessor.postprocess (PCA, clip to [-2, 2], uint8)",
                    "VGGish, Postprocessor", List.of("4.1", "4.4", "The embedding before or after the ReLU", "The truncating uint8 cast")));

    private final Workbench wb;
    private final Memo<String, Model> model = new Memo<>(1);
    private final Memo<String, Audio> demos = new Memo<>(DemoAudio.NAMES.size());
    private final Memo<String, VggishAnalysis> analyses = new Memo<>(6);

    VggishController(Workbench wb) {
        this.wb = wb;
    }

    Model model() {
        return model.get("model", () -> {
            Path weights = wb.options().vggishWeights(), pcaFile = wb.options().vggishPca();
            VGGish net = new VGGish();
            String network;
            if (weights != null) {
                try {
                    VggishCheckpoints.load(net, weights);
                } catch (StateDictMismatchException e) {
                    throw ApiError.unprocessable(weights + " does not fit VGGish: " + VisualizerApp.firstLine(e.getMessage()),
                            "pass a torchvggish state_dict (.pth) or an .npz of the TF-Slim variables to --vggish-weights");
                } catch (RuntimeException e) {
                    throw ApiError.unprocessable("cannot load VGGish weights from " + weights + ": " + VisualizerApp.firstLine(String.valueOf(e.getMessage())),
                            VisualizerApp.hintOf(e.getMessage()));
                }
                network = "checkpoint " + weights.getFileName();
            } else {
                VggishCheckpoints.seeded(net, SEED_NETWORK);
                network = "SEEDED stand-in (He-initialised, seed " + SEED_NETWORK + ")";
            }
            Postprocessor pca;
            String pcaLabel;
            if (pcaFile != null) {
                try {
                    pca = Postprocessor.load(pcaFile);
                } catch (RuntimeException e) {
                    throw ApiError.unprocessable("cannot load PCA parameters from " + pcaFile + ": " + VisualizerApp.firstLine(String.valueOf(e.getMessage())),
                            "pass the vggish_pca_params.npz that comes with the checkpoint to --vggish-pca");
                }
                pcaLabel = "PCA parameters " + pcaFile.getFileName();
            } else {
                pca = SmokeTest.seededPca(SEED_PCA);
                pcaLabel = "SEEDED stand-in PCA (seed " + SEED_PCA + ")";
            }
            boolean real = weights != null && pcaFile != null;
            // the CLI's wording (VggishRun.standIns), so the page and `./workbench run vggish` say the same
            String warning = real ? "" : "WARNING: " + (weights == null ? "no --vggish-weights: the network is a SEEDED stand-in" : "")
                    + (weights == null && pcaFile == null ? "; " : "") + (pcaFile == null ? "no --vggish-pca: the PCA is a SEEDED stand-in" : "")
                    + ". Shapes and the front end are real; the embedding values are not VGGish's.";
            return new Model(net, pca, real, network, pcaLabel, warning);
        });
    }

    Map<String, Object> weights() {
        Model m = model();
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("real", m.real());
        w.put("network", m.network());
        w.put("pca", m.pcaLabel());
        w.put("describe", m.net().describe());
        w.put("warning", m.warning());
        return w;
    }

    public void inputs(Context ctx) {
        List<Map<String, Object>> in = new ArrayList<>();
        for (String d : DemoAudio.NAMES) in.add(Map.of("id", d, "label", DemoAudio.label(d), "demo", true));
        for (Uploads.Upload u : wb.uploads().all()) {
            if (u.kind().equals("audio")) in.add(Map.of("id", u.id(), "label", u.filename() + " (uploaded)", "demo", false));
        }
        ctx.json(Map.of("inputs", in, "impls", IMPLS, "weights", weights()));
    }

    Audio audio(String id) {
        if (id == null || id.isBlank()) id = "chirp";
        if (DemoAudio.exists(id)) {
            String name = id;
            return demos.get(name, () -> readDemo(name));
        }
        if (!id.startsWith("upload-")) throw DemoAudio.unknown(id);
        Uploads.Upload u = wb.uploads().get(id);
        if (!u.kind().equals("audio")) {
            throw ApiError.badRequest(id + " (" + u.filename() + ") is a " + u.kind() + " upload, not a sound", "upload a .wav file and pick it as the input");
        }
        return u.audio();
    }

    /** A demo goes through WavReader from a file, as an upload does. */
    private Audio readDemo(String name) {
        try {
            Path dir = Files.createTempDirectory(wb.tempRoot(), "demo-");
            try {
                Path f = dir.resolve(name + ".wav");
                Files.write(f, DemoAudio.wav(name));
                Audio a = WavReader.read(f);
                return new Audio(a.interleaved(), a.sampleRate(), a.channels(), a.encoding(), null, name + ".wav (built-in)");
            } finally {
                Uploads.deleteTree(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo sound " + name, e);
        }
    }

    static String impl(Context ctx) {
        String impl = ctx.queryParam("impl");
        if (impl == null || impl.isBlank()) return "vectorized";
        if (!IMPLS.contains(impl)) throw ApiError.badRequest("impl is '" + impl + "'", "impl takes naive or vectorized (which twin computes the front end and the network)");
        return impl;
    }

    VggishAnalysis run(Context ctx) {
        String input = ctx.queryParam("input");
        String id = input == null || input.isBlank() ? "chirp" : input;
        String impl = impl(ctx);
        Audio audio = audio(id);                        // validates the input before anything is cached
        Model m = model();
        return analyses.get(id + "|" + impl, () -> {
            SpectralOps naive = NaiveSpectralOps.INSTANCE, vector = new VectorSpectralOps();
            boolean vec = impl.equals("vectorized");
            Kernels kernels = vec ? wb.vectorized() : wb.naive();
            synchronized (m) {                         // one network, run by one request at a time
                return new VggishAnalysis(audio, m.net(), m.pca(), vec ? vector : naive, vec ? naive : vector, kernels);
            }
        });
    }

    public void analysis(Context ctx) {
        VggishAnalysis a = run(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input", ctx.queryParam("input") == null ? "chirp" : ctx.queryParam("input"));
        out.put("impl", impl(ctx));
        out.put("weights", weights());
        Map<String, Object> audio = new LinkedHashMap<>();
        audio.put("source", a.audio.source());
        audio.put("sampleRate", a.audio.sampleRate());
        audio.put("channels", a.audio.channels());
        audio.put("frames", a.audio.frames());
        audio.put("seconds", a.audio.seconds());
        audio.put("encoding", a.audio.encoding());
        out.put("audio", audio);
        Map<String, Object> wave = new LinkedHashMap<>();
        wave.put("before", envelope(a.ex.samplesMono(), a.ex.sampleRate()));
        wave.put("after", envelope(a.ex.waveform16k(), VggishParams.SAMPLE_RATE));
        wave.put("resampled", a.ex.sampleRate() != VggishParams.SAMPLE_RATE);
        out.put("waveform", wave);
        MelFeatures.LogMelSpec spec = MelFeatures.LogMelSpec.vggish();
        DoubleMatrix stft = a.ex.logMel().stftMagnitude(), logMel = a.ex.logMel().logMel();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("shape", List.of(stft.rows(), stft.cols()));
        s.put("window", spec.windowLengthSamples());
        s.put("hop", spec.hopLengthSamples());
        s.put("fftLength", spec.fftLength());
        s.put("frameStep", step(stft.rows(), MAX_SPECTROGRAM_FRAMES));
        s.put("max", max(stft.data()));
        out.put("stft", s);
        DoubleMatrix mel = a.ex.logMel().melMatrix();
        out.put("melMatrix", Map.of("shape", List.of(mel.rows(), mel.cols()), "lowerHz", spec.lowerEdgeHertz(), "upperHz", spec.upperEdgeHertz(),
                "sampleRate", spec.audioSampleRate(), "formula", "HTK: mel = 1127 ln(1 + f / 700)"));
        Map<String, Object> lm = new LinkedHashMap<>();
        lm.put("shape", List.of(logMel.rows(), logMel.cols()));
        lm.put("frameStep", step(logMel.rows(), MAX_LOGMEL_FRAMES));
        lm.put("min", min(logMel.data()));
        lm.put("max", max(logMel.data()));
        lm.put("logOffset", spec.logOffset());
        out.put("logMel", lm);
        Map<String, Object> ex = new LinkedHashMap<>();
        ex.put("shape", List.of(a.examples.dim(0), a.examples.dim(1), a.examples.dim(2)));
        ex.put("count", a.ex.numExamples());
        ex.put("framesUsed", a.ex.numExamples() * VggishParams.NUM_FRAMES);
        ex.put("framesDropped", logMel.rows() - a.ex.numExamples() * VggishParams.NUM_FRAMES);
        ex.put("min", a.examples.numel() == 0 ? 0 : a.examples.min());
        ex.put("max", a.examples.numel() == 0 ? 0 : a.examples.max());
        out.put("examples", ex);
        Map<String, Object> emb = new LinkedHashMap<>();
        int n = a.networkExamples, dim = a.embeddings.dim(1);
        emb.put("shape", List.of(n, dim));
        emb.put("ofExamples", a.ex.numExamples());
        List<float[]> raw = new ArrayList<>(), pca = new ArrayList<>();
        List<int[]> bytes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            raw.add(Arrays.copyOfRange(a.embeddings.data(), i * dim, (i + 1) * dim));
            pca.add(Arrays.copyOfRange(a.postprocessed.pcaApplied().data(), i * dim, (i + 1) * dim));
            bytes.add(Arrays.copyOfRange(a.postprocessed.bytes(), i * dim, (i + 1) * dim));
        }
        emb.put("raw", raw);
        emb.put("pcaApplied", pca);
        emb.put("postprocessed", bytes);
        emb.put("rawMin", n == 0 ? 0 : a.embeddings.min());
        emb.put("rawMax", n == 0 ? 0 : a.embeddings.max());
        emb.put("quantizeRange", List.of(VggishParams.QUANTIZE_MIN_VAL, VggishParams.QUANTIZE_MAX_VAL));
        out.put("embeddings", emb);
        Map<String, Object> twins = new LinkedHashMap<>();
        twins.put("spectralOps", a.spectralOps);
        twins.put("otherSpectralOps", a.otherSpectralOps);
        twins.put("kernels", a.kernels);
        twins.put("logMelMaxDiff", a.twinLogMelMaxDiff);
        twins.put("frontEndMs", a.frontEndMs);
        twins.put("networkMs", a.networkMs);
        out.put("twins", twins);
        out.put("panels", panels());
        ctx.json(out);
    }

    /** Every k-th frame is sent, so that at most {@code max} are. */
    static int step(int frames, int max) {
        return Math.max(1, (frames + max - 1) / max);
    }

    /** Min and max of each of WAVEFORM_COLUMNS equal slices (fewer when the signal is shorter): how a waveform is drawn. */
    static Map<String, Object> envelope(double[] x, int sampleRate) {
        int cols = Math.min(WAVEFORM_COLUMNS, x.length);
        float[] lo = new float[cols], hi = new float[cols];
        for (int c = 0; c < cols; c++) {
            int from = (int) ((long) c * x.length / cols), to = (int) ((long) (c + 1) * x.length / cols);
            double a = Double.POSITIVE_INFINITY, b = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) { a = Math.min(a, x[i]); b = Math.max(b, x[i]); }
            lo[c] = (float) a;
            hi[c] = (float) b;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sampleRate", sampleRate);
        m.put("samples", x.length);
        m.put("seconds", (double) x.length / sampleRate);
        m.put("min", lo);
        m.put("max", hi);
        return m;
    }

    static double min(double[] d) {
        double m = d.length == 0 ? 0 : Double.POSITIVE_INFINITY;
        for (double v : d) m = Math.min(m, v);
        return m;
    }

    static double max(double[] d) {
        double m = d.length == 0 ? 0 : Double.NEGATIVE_INFINITY;
        for (double v : d) m = Math.max(m, v);
        return m;
    }

    List<Map<String, Object>> panels() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Panel p : PANELS) {
            List<Map<String, Object>> links = new ArrayList<>();
            for (String h : p.lessonHeadings()) links.add(LessonController.link(wb, LESSON, h));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("title", p.title());
            m.put("mirrors", p.mirrors());
            m.put("java", p.java());
            m.put("lesson", links);
            out.add(m);
        }
        return out;
    }

    public void stft(Context ctx) {
        VggishAnalysis a = run(ctx);
        frames(ctx, a.ex.logMel().stftMagnitude(), MAX_SPECTROGRAM_FRAMES);
    }

    public void logMel(Context ctx) {
        VggishAnalysis a = run(ctx);
        frames(ctx, a.ex.logMel().logMel(), MAX_LOGMEL_FRAMES);
    }

    /** Rows 0, k, 2k, ... of a (frames, cols) matrix as float32, with X-Shape, X-Frame-Step and the full range. */
    static void frames(Context ctx, DoubleMatrix m, int maxFrames) {
        int k = step(m.rows(), maxFrames), shown = (m.rows() + k - 1) / k;
        float[] f = new float[shown * m.cols()];
        for (int r = 0; r < shown; r++) for (int c = 0; c < m.cols(); c++) f[r * m.cols() + c] = (float) m.get(r * k, c);
        ctx.header("X-Shape", shown + "," + m.cols());
        ctx.header("X-Frame-Step", Integer.toString(k));
        ctx.header("X-Min", Double.toString(min(m.data())));
        ctx.header("X-Max", Double.toString(max(m.data())));
        ctx.contentType("application/octet-stream");
        ctx.result(ResnetController.floats(f, 0, f.length));
    }

    public void examples(Context ctx) {
        VggishAnalysis a = run(ctx);
        int n = a.ex.numExamples();
        String f = ctx.queryParam("from"), c = ctx.queryParam("count");
        int from = f == null ? 0 : VisualizerApp.parseInt(f, "from", 0, Math.max(0, n - 1));
        int count = c == null ? Math.min(MAX_EXAMPLES_PER_REQUEST, n - from) : VisualizerApp.parseInt(c, "count", 0, MAX_EXAMPLES_PER_REQUEST);
        count = Math.max(0, Math.min(count, n - from));
        int plane = VggishParams.NUM_FRAMES * VggishParams.NUM_BANDS;
        Tensor t = a.examples;
        ctx.header("X-Shape", count + "," + VggishParams.NUM_FRAMES + "," + VggishParams.NUM_BANDS);
        ctx.header("X-Of", Integer.toString(n));
        ctx.header("X-Min", Float.toString(t.numel() == 0 ? 0 : t.min()));
        ctx.header("X-Max", Float.toString(t.numel() == 0 ? 0 : t.max()));
        ctx.contentType("application/octet-stream");
        ctx.result(ResnetController.floats(t.data(), from * plane, count * plane));
    }

    public void melMatrix(Context ctx) {
        MelFeatures.LogMelSpec spec = MelFeatures.LogMelSpec.vggish();
        DoubleMatrix m = MelFeatures.spectrogramToMelMatrix(spec.numMelBins(), spec.fftLength() / 2 + 1, spec.audioSampleRate(),
                spec.lowerEdgeHertz(), spec.upperEdgeHertz());
        float[] f = new float[m.data().length];
        for (int i = 0; i < f.length; i++) f[i] = (float) m.data()[i];
        ctx.header("X-Shape", m.rows() + "," + m.cols());
        ctx.header("X-Min", Double.toString(min(m.data())));
        ctx.header("X-Max", Double.toString(max(m.data())));
        ctx.contentType("application/octet-stream");
        ctx.result(ResnetController.floats(f, 0, f.length));
    }

    public void demoWav(Context ctx) {
        String id = ctx.queryParam("input");
        String name = id == null || id.isBlank() ? "chirp" : id;
        if (!DemoAudio.exists(name)) throw DemoAudio.unknown(name);
        ctx.contentType("audio/wav");
        ctx.result(DemoAudio.wav(name));
    }
}
