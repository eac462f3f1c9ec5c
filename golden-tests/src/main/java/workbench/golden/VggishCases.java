/*
 * Golden cases of chapter 02 (VGGish), recognised by the manifest's provenance.function:
 *   FRONT_END   vggish_input.wavfile_to_examples on input.wav: PCM, mono samples, the 16 kHz
 *               waveform, periodic Hann, |STFT|, mel matrix, mel spectrogram, log-mel, examples.
 *               Any sample rate, channel count and length: all of it comes from the WAV itself.
 *   MEL_UNITS   mel_features functions alone, with the non-VGGish parameters the manifest lists.
 *   POSTPROCESS vggish_postprocess.Postprocessor(pca_params.npz).postprocess(embeddings).
 *   RESAMPY     resampy's kaiser_best table (every 256th entry) and two resampling results.
 *   NETWORK     the VGGish network from golden-tests/generate/vggish.py (torch, vggish_slim's layer
 *               spec, torchvggish keys): every traced layer, the embedding, and the same weights
 *               loaded from the TF-variable .npz ("output@tf_npz").
 * The front end runs on the implementation's SpectralOps (NaiveSpectralOps or VectorSpectralOps),
 * the network on its Kernels. Each result has its own tolerance (VggishTolerances).
 */
package workbench.golden;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import workbench.kernels.Kernels;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.nn.Trace;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;
import workbench.vectorized.vggish.VectorSpectralOps;
import workbench.vggish.Audio;
import workbench.vggish.DoubleMatrix;
import workbench.vggish.MelFeatures;
import workbench.vggish.NaiveSpectralOps;
import workbench.vggish.NpyDoubles;
import workbench.vggish.Postprocessor;
import workbench.vggish.Resampler;
import workbench.vggish.SpectralOps;
import workbench.vggish.VGGish;
import workbench.vggish.VggishCheckpoints;
import workbench.vggish.VggishInput;
import workbench.vggish.WavReader;

public final class VggishCases implements CaseRunner {
    static final String FRONT_END = "vggish_input.wavfile_to_examples(<case>/input.wav); intermediates from vggish_input.wav_read,"
            + " resampy.resample, mel_features.stft_magnitude, mel_features.spectrogram_to_mel_matrix,"
            + " mel_features.log_mel_spectrogram, mel_features.frame";
    static final String MEL_UNITS = "mel_features.hertz_to_mel / periodic_hann / frame / spectrogram_to_mel_matrix / stft_magnitude"
            + " / log_mel_spectrogram";
    static final String POSTPROCESS = "vggish_postprocess.Postprocessor(pca_params.npz).postprocess(embeddings)";
    static final String RESAMPY = "resampy.filters.get_filter('kaiser_best'); resampy.resample";
    static final String NETWORK = "VGGish network (vggish_slim layer spec, torchvggish state_dict layout)";

    @Override
    public String chapter() { return "vggish"; }

    @Override
    public Set<String> functions() { return Set.of(FRONT_END, MEL_UNITS, POSTPROCESS, RESAMPY, NETWORK); }

    @Override
    public Set<String> inputs(GoldenCase c) {
        return Set.of("input", "hz_input", "frame_input", "stft_signal", "log_mel_signal", "pca_eigen_vectors", "pca_means", "embeddings",
                "x_441", "x_100");
    }

    /** The front end's twin of an implementation: the vectorized Kernels go with VectorSpectralOps. */
    public static SpectralOps spectralOps(Kernels kernels) {
        return kernels instanceof VectorKernels ? new VectorSpectralOps() : NaiveSpectralOps.INSTANCE;
    }

    @Override
    public Tol tolerance(GoldenCase c, String name, Tol caseTol) {
        return switch (name) {
            case "pcm_int16", "postprocessed", "frame_output" -> VggishTolerances.EXACT;
            case "samples_mono", "periodic_hann_400", "periodic_hann_25", "mel_matrix", "half_window_every_256" -> VggishTolerances.FLOAT64_UNIT;
            case "waveform_16k", "y_44100_to_16000", "y_8000_to_16000" -> VggishTolerances.WAVEFORM;
            case "stft_magnitude", "mel_spectrogram" -> VggishTolerances.SPECTRUM;
            case "log_mel", "examples" -> VggishTolerances.LOG_MEL;
            case "hertz_to_mel" -> VggishTolerances.MEL_SCALE;
            case "pca_applied" -> VggishTolerances.PCA_F32;
            case "quantized_float" -> VggishTolerances.QUANTIZED_F32;
            default -> caseTol;      // the network: CONV_F32, as every other convolutional net
        };
    }

    @Override
    public Map<String, Tensor> run(GoldenCase c, Kernels kernels) {
        SpectralOps ops = spectralOps(kernels);
        if (c.function().equals(FRONT_END)) return frontEnd(c, ops);
        if (c.function().equals(MEL_UNITS)) return melUnits(c, ops);
        if (c.function().equals(POSTPROCESS)) return postprocess(c);
        if (c.function().equals(RESAMPY)) return resampy(c);
        if (c.function().equals(NETWORK)) return network(c, kernels);
        throw new IllegalArgumentException(c.dir() + ": chapter vggish has no function '" + c.function() + "'");
    }

    private static Map<String, Tensor> frontEnd(GoldenCase c, SpectralOps ops) {
        Audio audio = WavReader.read(c.path("input.wav"));
        VggishInput.Examples ex = VggishInput.waveformToExamples(audio.mono(), audio.sampleRate(), ops);
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (audio.pcm16() != null) {
            float[] pcm = new float[audio.pcm16().length];
            for (int i = 0; i < pcm.length; i++) pcm[i] = audio.pcm16()[i];
            out.put("pcm_int16", audio.channels() == 1 ? Tensor.of(pcm, pcm.length) : Tensor.of(pcm, audio.frames(), audio.channels()));
        }
        out.put("samples_mono", vector(ex.samplesMono()));
        out.put("waveform_16k", vector(ex.waveform16k()));
        int window = MelFeatures.LogMelSpec.vggish().windowLengthSamples();
        out.put("periodic_hann_" + window, vector(MelFeatures.periodicHann(window)));
        out.put("stft_magnitude", ex.logMel().stftMagnitude().toTensor());
        out.put("mel_matrix", ex.logMel().melMatrix().toTensor());
        out.put("mel_spectrogram", ex.logMel().melSpectrogram().toTensor());
        out.put("log_mel", ex.logMel().logMel().toTensor());
        out.put("examples", ex.examples());
        return out;
    }

    private static Map<String, Tensor> melUnits(GoldenCase c, SpectralOps ops) {
        JsonNode a = c.arguments();
        Map<String, Tensor> out = new LinkedHashMap<>();
        float[] hz = c.tensor("hz_input").data(), mel = new float[hz.length];
        for (int i = 0; i < hz.length; i++) mel[i] = (float) MelFeatures.hertzToMel(hz[i]);
        out.put("hertz_to_mel", Tensor.of(mel, mel.length));
        for (JsonNode n : a.path("hann")) out.put("periodic_hann_" + n.asInt(), vector(MelFeatures.periodicHann(n.asInt())));

        Tensor frameIn = c.tensor("frame_input");
        JsonNode fr = a.path("frame");
        int window = fr.path("window").asInt(), hop = fr.path("hop").asInt();
        DoubleMatrix framed = MelFeatures.frame(DoubleMatrix.of(frameIn), window, hop);
        out.put("frame_output", framed.toTensor().reshape(framed.rows(), window, frameIn.dim(1)));

        JsonNode mm = a.path("melmat");
        out.put("mel_matrix", MelFeatures.spectrogramToMelMatrix(mm.path("num_mel_bins").asInt(), mm.path("num_spectrogram_bins").asInt(),
                mm.path("audio_sample_rate").asDouble(), mm.path("lower_edge_hertz").asDouble(), mm.path("upper_edge_hertz").asDouble()).toTensor());

        JsonNode st = a.path("stft");
        double[] stftSignal = NpyDoubles.read(c.path(c.entry("stft_signal").file())).values();
        out.put("stft_magnitude", ops.stftMagnitude(stftSignal, st.path("fft_length").asInt(), st.path("hop_length").asInt(),
                st.path("window_length").asInt()).toTensor());

        JsonNode lm = a.path("logmel");
        double[] signal = NpyDoubles.read(c.path(c.entry("log_mel_signal").file())).values();
        MelFeatures.LogMelSpec spec = new MelFeatures.LogMelSpec(lm.path("sr").asDouble(), lm.path("log_offset").asDouble(),
                lm.path("window_length_secs").asDouble(), lm.path("hop_length_secs").asDouble(), lm.path("num_mel_bins").asInt(),
                lm.path("lower_edge_hertz").asDouble(), lm.path("upper_edge_hertz").asDouble());
        out.put("log_mel", MelFeatures.logMelSpectrogram(signal, spec, ops).logMel().toTensor());
        return out;
    }

    private static Map<String, Tensor> postprocess(GoldenCase c) {
        Postprocessor p = Postprocessor.load(c.path("pca_params.npz"));
        Postprocessor.Result r = p.postprocess(c.tensor("embeddings"));
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("pca_applied", r.pcaApplied());
        out.put("quantized_float", r.quantizedFloat());
        out.put("postprocessed", r.bytesTensor());
        return out;
    }

    private static Map<String, Tensor> resampy(GoldenCase c) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        double[] table = Resampler.halfWindow();
        int every = 256;
        double[] decimated = new double[(table.length + every - 1) / every];
        for (int i = 0; i < decimated.length; i++) decimated[i] = table[i * every];
        out.put("half_window_every_256", vector(decimated));
        for (GoldenCase.FileEntry f : c.files()) {
            // y_<from>_to_<to> resamples the x_<n> whose length gives exactly its output length
            if (!f.name().startsWith("y_")) continue;
            String[] rates = f.name().substring(2).split("_to_");
            double from = Double.parseDouble(rates[0]), to = Double.parseDouble(rates[1]);
            String input = c.files().stream().filter(x -> x.name().startsWith("x_"))
                    .filter(x -> Resampler.outputLength(x.shape()[0], from, to) == f.shape()[0]).map(GoldenCase.FileEntry::name)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(c.dir() + ": no x_* input gives " + f.name() + "'s length"));
            double[] xs = NpyDoubles.read(c.path(c.entry(input).file())).values();
            out.put(f.name(), vector(Resampler.resample(xs, from, to)));
        }
        return out;
    }

    private static Map<String, Tensor> network(GoldenCase c, Kernels kernels) {
        JsonNode a = c.arguments();
        VGGish.Config cfg = new VGGish.Config(a.path("conv1").asInt(), a.path("conv2").asInt(), a.path("conv3").asInt(),
                a.path("conv4").asInt(), a.path("fc1").asInt(), a.path("embedding_size").asInt(), a.path("relu_on_embedding").asBoolean(false));
        VGGish model = new VGGish(cfg);
        VggishCheckpoints.load(model, c.path("model.pth"));
        Tensor x = c.tensor("input");
        Trace trace = Trace.all();
        Tensor y = model.call(x, new Context(kernels, trace));
        Map<String, Tensor> out = new LinkedHashMap<>(trace.tensors());
        out.put("output", y);
        Path tf = c.path("tf_variables.npz");
        if (java.nio.file.Files.exists(tf)) {
            VGGish fromTf = new VGGish(cfg);
            VggishCheckpoints.load(fromTf, tf);
            out.put("output@tf_npz", fromTf.call(x, Context.of(kernels)));
        }
        Module prepared = kernels.prepare(model);
        if (prepared != model) out.put("output@prepared", prepared.call(x, Context.of(kernels)));
        return out;
    }

    private static Tensor vector(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) v[i];
        return Tensor.of(f, f.length);
    }
}
