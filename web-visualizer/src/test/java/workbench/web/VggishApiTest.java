/*
 * In-process API tests of the /vggish page: every JSON and float32 answer checked against chapter 02's
 * functions called directly here (WavReader, VggishInput, MelFeatures, VGGish, Postprocessor) on the same
 * sound; the demo sounds' shapes (44.1 kHz stereo resampled, 16 kHz untouched, 0 examples); uploaded
 * WAVs, good and bad (empty, truncated, not a WAV, too large) with the reader's own messages; the lesson
 * links; PCA parameters given at start-up. Not here: the browser (BrowserTest).
 */
package workbench.web;

import static org.assertj.core.api.Assertions.assertThat;
import static workbench.web.Responses.error;
import static workbench.web.Responses.json;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.io.NpzWriter;
import workbench.nn.Context;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;
import workbench.vectorized.vggish.VectorSpectralOps;
import workbench.vggish.Audio;
import workbench.vggish.DoubleMatrix;
import workbench.vggish.MelFeatures;
import workbench.vggish.Postprocessor;
import workbench.vggish.Resampler;
import workbench.vggish.SmokeTest;
import workbench.vggish.VGGish;
import workbench.vggish.VggishCheckpoints;
import workbench.vggish.VggishInput;
import workbench.vggish.WavReader;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class VggishApiTest {
    static TestServer server;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static float[] floats(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.length / 4];
        for (int i = 0; i < f.length; i++) f[i] = buf.getFloat();
        return f;
    }

    /** The chapter's reader on these bytes, from a file as the CLI reads it. */
    static Audio read(byte[] wav) throws Exception {
        Path f = Files.createTempFile(tmp, "sound-", ".wav");
        Files.write(f, wav);
        return WavReader.read(f);
    }

    /** waveform_to_examples on the vectorized twin, as the page's default. */
    static VggishInput.Examples direct(byte[] wav) throws Exception {
        Audio a = read(wav);
        return VggishInput.waveformToExamples(a.mono(), a.sampleRate(), new VectorSpectralOps());
    }

    static VGGish seededNet() {
        return VggishCheckpoints.seeded(new VGGish(), VggishController.SEED_NETWORK);
    }

    @Test
    void the_page_is_served_and_the_index_and_every_page_link_to_it() throws Exception {
        HttpResponse<String> page = server.get("/vggish");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/js/vggish.js").contains("/js/frame.js").doesNotContain("http://").doesNotContain("https://");
        for (String p : new String[] {"/", "/resnet", "/ssd", "/reparam", "/golden"}) assertThat(server.get(p).body()).as(p).contains("href=\"/vggish\"");
        assertThat(server.get("/js/vggish.js").statusCode()).isEqualTo(200);
    }

    @Test
    void the_inputs_are_the_demo_sounds_and_the_weights_are_labelled_seeded_as_the_cli_does() throws Exception {
        JsonNode j = json(server.get("/api/vggish/inputs"));
        assertThat(j.path("inputs").findValuesAsText("id")).contains("chirp", "sine", "blip");
        assertThat(j.path("weights").path("real").asBoolean()).isFalse();
        assertThat(j.path("weights").path("network").asText()).contains("SEEDED").contains("2017");
        assertThat(j.path("weights").path("warning").asText()).contains("no --vggish-weights").contains("not VGGish's");
    }

    @Test
    void the_chirp_demo_is_resampled_from_44_1_kHz_stereo_and_every_stage_equals_the_chapter_functions() throws Exception {
        JsonNode j = json(server.get("/api/vggish/analysis?input=chirp"));
        byte[] wav = DemoAudio.wav("chirp");
        Audio audio = read(wav);
        VggishInput.Examples ex = direct(wav);
        // the sound and the waveform before and after resampling
        assertThat(j.path("audio").path("sampleRate").asInt()).isEqualTo(44100);
        assertThat(j.path("audio").path("channels").asInt()).isEqualTo(2);
        assertThat(j.path("audio").path("frames").asInt()).isEqualTo(audio.frames()).isEqualTo(4 * 44100);
        JsonNode before = j.path("waveform").path("before"), after = j.path("waveform").path("after");
        assertThat(j.path("waveform").path("resampled").asBoolean()).isTrue();
        assertThat(before.path("samples").asInt()).isEqualTo(audio.frames());
        assertThat(after.path("samples").asInt()).isEqualTo(ex.waveform16k().length).isEqualTo(Resampler.outputLength(4 * 44100, 44100, 16000));
        assertThat(before.path("min")).hasSize(VggishController.WAVEFORM_COLUMNS);
        assertThat(after.path("max")).hasSize(VggishController.WAVEFORM_COLUMNS);
        double top = Arrays.stream(ex.waveform16k()).max().orElseThrow(), bottom = Arrays.stream(ex.waveform16k()).min().orElseThrow();
        double envTop = Double.NEGATIVE_INFINITY, envBottom = Double.POSITIVE_INFINITY;
        for (int i = 0; i < after.path("max").size(); i++) {
            envTop = Math.max(envTop, after.path("max").get(i).asDouble());
            envBottom = Math.min(envBottom, after.path("min").get(i).asDouble());
        }
        assertThat(envTop).isCloseTo(top, within(1e-6));
        assertThat(envBottom).isCloseTo(bottom, within(1e-6));
        double monoPeak = Arrays.stream(audio.mono()).map(Math::abs).max().orElseThrow(), envPeak = 0;
        for (JsonNode v : before.path("max")) envPeak = Math.max(envPeak, Math.abs(v.asDouble()));
        for (JsonNode v : before.path("min")) envPeak = Math.max(envPeak, Math.abs(v.asDouble()));
        assertThat(envPeak).isCloseTo(monoPeak, within(1e-6));
        // shapes: 64000 samples -> 1 + (64000 - 400) / 160 = 398 frames -> 4 examples, 14 frames dropped
        DoubleMatrix stft = ex.logMel().stftMagnitude();
        assertThat(j.path("stft").path("shape").toString()).isEqualTo("[398,257]").isEqualTo("[" + stft.rows() + "," + stft.cols() + "]");
        assertThat(j.path("logMel").path("shape").toString()).isEqualTo("[398,64]");
        assertThat(j.path("examples").path("shape").toString()).isEqualTo("[4,96,64]");
        assertThat(j.path("examples").path("framesDropped").asInt()).isEqualTo(398 - 4 * 96);
        assertThat(j.path("embeddings").path("shape").toString()).isEqualTo("[4,128]");
        assertThat(j.path("twins").path("logMelMaxDiff").asDouble()).isLessThan(1e-9);
        assertThat(j.path("twins").path("kernels").asText()).startsWith("vectorized");

        // the STFT, every frameStep-th frame, equals stft_magnitude's rows
        HttpResponse<byte[]> s = server.getBytes("/api/vggish/stft.bin?input=chirp");
        int step = Integer.parseInt(s.headers().firstValue("X-Frame-Step").orElseThrow());
        assertThat(step).isEqualTo(j.path("stft").path("frameStep").asInt()).isEqualTo(2);
        assertThat(s.headers().firstValue("X-Shape")).contains("199,257");
        float[] got = floats(s.body());
        for (int r = 0; r < 199; r++) for (int c = 0; c < 257; c++) assertThat(got[r * 257 + c]).isEqualTo((float) stft.get(r * step, c));
        // the log-mel, whole
        HttpResponse<byte[]> lm = server.getBytes("/api/vggish/logmel.bin?input=chirp");
        assertThat(lm.headers().firstValue("X-Shape")).contains("398,64");
        assertThat(floats(lm.body())).containsExactly(ex.logMel().logMel().toTensor().data());
        // the examples, exactly the network's float32 input
        HttpResponse<byte[]> e = server.getBytes("/api/vggish/examples.bin?input=chirp&from=1&count=2");
        assertThat(e.headers().firstValue("X-Shape")).contains("2,96,64");
        assertThat(floats(e.body())).containsExactly(Arrays.copyOfRange(ex.examples().data(), 96 * 64, 3 * 96 * 64));

        // the embeddings: the seeded network (the CLI's seed) on the vectorized kernels, then the seeded PCA
        Tensor emb = seededNet().call(ex.batch(), Context.of(new VectorKernels()));
        JsonNode raw = j.path("embeddings").path("raw"), bytes = j.path("embeddings").path("postprocessed");
        float[] serverRaw = new float[4 * 128];
        for (int n = 0; n < 4; n++) {
            for (int d = 0; d < 128; d++) {
                serverRaw[n * 128 + d] = (float) raw.get(n).get(d).asDouble();
                assertThat(serverRaw[n * 128 + d]).as("embedding [%d, %d]", n, d).isCloseTo(emb.get(n, d), within(1e-4f * Math.max(1f, Math.abs(emb.get(n, d)))));
            }
        }
        Postprocessor.Result pp = SmokeTest.seededPca(VggishController.SEED_PCA).postprocess(Tensor.of(serverRaw, 4, 128));
        for (int n = 0; n < 4; n++) for (int d = 0; d < 128; d++) assertThat(bytes.get(n).get(d).asInt()).isEqualTo(pp.bytes()[n * 128 + d]);
        assertThat(Arrays.stream(pp.bytes()).filter(b -> b > 0 && b < 255).count()).isPositive();
    }

    @Test
    void the_mel_matrix_is_spectrogram_to_mel_matrix_with_the_vggish_parameters() throws Exception {
        HttpResponse<byte[]> r = server.getBytes("/api/vggish/mel-matrix.bin");
        assertThat(r.headers().firstValue("X-Shape")).contains("257,64");
        float[] got = floats(r.body());
        DoubleMatrix m = MelFeatures.spectrogramToMelMatrix(64, 257, 16000, 125, 7500);
        for (int i = 0; i < got.length; i++) assertThat(got[i]).isEqualTo((float) m.data()[i]);
        for (int b = 0; b < 64; b++) assertThat(got[b]).as("DC row, band %d", b).isZero();
        for (int b = 0; b < 64; b++) {                       // every band is a triangle: some bin inside it, none above 1
            double peak = 0;
            for (int k = 0; k < 257; k++) peak = Math.max(peak, got[k * 64 + b]);
            assertThat(peak).as("band %d", b).isGreaterThan(0.3).isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void a_16_kHz_sound_is_not_resampled_and_the_smoke_test_sine_gives_three_examples() throws Exception {
        JsonNode j = json(server.get("/api/vggish/analysis?input=sine"));
        assertThat(j.path("waveform").path("resampled").asBoolean()).isFalse();
        assertThat(j.path("waveform").path("before").path("samples").asInt()).isEqualTo(48000)
                .isEqualTo(j.path("waveform").path("after").path("samples").asInt());
        assertThat(j.path("examples").path("count").asInt()).isEqualTo(3);
        assertThat(j.path("embeddings").path("shape").toString()).isEqualTo("[3,128]");
    }

    @Test
    void half_a_second_gives_zero_examples_shown_as_such() throws Exception {
        JsonNode j = json(server.get("/api/vggish/analysis?input=blip"));
        assertThat(j.path("logMel").path("shape").toString()).isEqualTo("[48,64]");
        assertThat(j.path("examples").path("count").asInt()).isZero();
        assertThat(j.path("examples").path("shape").toString()).isEqualTo("[0,96,64]");
        assertThat(j.path("embeddings").path("shape").toString()).isEqualTo("[0,128]");
        assertThat(j.path("embeddings").path("raw")).isEmpty();
        HttpResponse<byte[]> e = server.getBytes("/api/vggish/examples.bin?input=blip");
        assertThat(e.statusCode()).isEqualTo(200);
        assertThat(e.headers().firstValue("X-Shape")).contains("0,96,64");
        assertThat(e.body()).isEmpty();
    }

    @Test
    void the_naive_twin_gives_the_same_front_end_and_embeddings_within_float_rounding() throws Exception {
        String id = json(server.upload("second.wav", tone(22050, 1.1))).path("id").asText();   // one example: the naive network takes seconds
        JsonNode vec = json(server.get("/api/vggish/analysis?impl=vectorized&input=" + id));
        JsonNode nai = json(server.get("/api/vggish/analysis?impl=naive&input=" + id));
        assertThat(nai.path("twins").path("spectralOps").asText()).isEqualTo("naive");
        assertThat(nai.path("twins").path("kernels").asText()).isEqualTo("naive");
        assertThat(nai.path("twins").path("logMelMaxDiff").asDouble()).isLessThan(1e-9);
        assertThat(nai.path("embeddings").path("shape").toString()).isEqualTo("[1,128]");
        byte[] naiveExamples = server.getBytes("/api/vggish/examples.bin?impl=naive&input=" + id).body();
        byte[] vectorExamples = server.getBytes("/api/vggish/examples.bin?impl=vectorized&input=" + id).body();
        float[] xn = floats(naiveExamples), xv = floats(vectorExamples);
        assertThat(xn).hasSize(96 * 64).hasSameSizeAs(xv);
        for (int i = 0; i < xn.length; i++) assertThat(xn[i]).isCloseTo(xv[i], within(1e-5f));
        for (int n = 0; n < 1; n++) {
            for (int d = 0; d < 128; d++) {
                double a = vec.path("embeddings").path("raw").get(n).get(d).asDouble(), b = nai.path("embeddings").path("raw").get(n).get(d).asDouble();
                assertThat(b).isCloseTo(a, within(1e-4 * Math.max(1, Math.abs(a))));
            }
        }
    }

    /** A mono 16-bit WAV of a 300 Hz tone. */
    static byte[] tone(int sampleRate, double seconds) {
        double[] x = new double[(int) (sampleRate * seconds)];
        for (int i = 0; i < x.length; i++) x[i] = 0.4 * Math.sin(2 * Math.PI * 300 * i / sampleRate);
        return DemoAudio.encode(x, sampleRate, 1);
    }

    @Test
    void an_uploaded_wav_is_recognised_and_runs_through_the_pipeline() throws Exception {
        byte[] wav = tone(8000, 1.5);
        JsonNode up = json(server.upload("tone.wav", wav));
        assertThat(up.path("kind").asText()).isEqualTo("audio");
        assertThat(up.path("sampleRate").asInt()).isEqualTo(8000);
        assertThat(up.path("channels").asInt()).isEqualTo(1);
        String id = up.path("id").asText();
        assertThat(json(server.get("/api/vggish/inputs")).path("inputs").findValuesAsText("id")).contains(id);
        JsonNode j = json(server.get("/api/vggish/analysis?input=" + id));
        assertThat(j.path("audio").path("source").asText()).isEqualTo("tone.wav");
        assertThat(j.path("waveform").path("after").path("samples").asInt()).isEqualTo(24000);   // 1.5 s at 16 kHz
        assertThat(j.path("examples").path("count").asInt()).isEqualTo(1);                       // 148 frames
        VggishInput.Examples ex = direct(wav);
        assertThat(floats(server.getBytes("/api/vggish/examples.bin?input=" + id).body())).containsExactly(ex.examples().data());
        error(server.get("/api/vggish/demo.wav?input=" + id), 404);                              // only demos are played back
    }

    @Test
    void a_wav_with_a_header_and_no_samples_is_accepted_and_gives_zero_of_everything() throws Exception {
        JsonNode up = json(server.upload("silence.wav", DemoAudio.encode(new double[0], 44100, 2)));
        assertThat(up.path("frames").asInt()).isZero();
        JsonNode j = json(server.get("/api/vggish/analysis?input=" + up.path("id").asText()));
        assertThat(j.path("waveform").path("after").path("samples").asInt()).isZero();
        assertThat(j.path("stft").path("shape").toString()).isEqualTo("[0,257]");
        assertThat(j.path("examples").path("shape").toString()).isEqualTo("[0,96,64]");
        assertThat(j.path("embeddings").path("shape").toString()).isEqualTo("[0,128]");
        assertThat(server.getBytes("/api/vggish/stft.bin?input=" + up.path("id").asText()).body()).isEmpty();
    }

    @Test
    void bad_uploads_are_refused_with_the_readers_message_and_the_server_keeps_running() throws Exception {
        JsonNode empty = error(server.upload("empty.wav", new byte[0]), 422);
        assertThat(empty.path("error").asText()).isEqualTo("empty.wav: the file is empty (0 bytes)");
        assertThat(empty.path("hint").asText()).contains("44-byte header");

        byte[] whole = tone(16000, 1.0);
        JsonNode cut = error(server.upload("cut.wav", Arrays.copyOf(whole, whole.length / 2)), 422);
        assertThat(cut.path("error").asText()).startsWith("cut.wav: truncated").contains("declares 16000 frames");
        assertThat(cut.path("hint").asText()).contains("cut short");

        JsonNode header = error(server.upload("header.wav", Arrays.copyOf(whole, 30)), 422);
        assertThat(header.path("error").asText()).startsWith("header.wav: truncated");

        JsonNode text = error(server.upload("notes.wav", "these are my notes, not a sound".getBytes()), 422);
        assertThat(text.path("error").asText()).startsWith("notes.wav: not a WAV file");
        assertThat(text.path("hint").asText()).contains("16-bit PCM WAV");

        byte[] avi = Arrays.copyOf(whole, 64);
        System.arraycopy("AVI ".getBytes(), 0, avi, 8, 4);
        assertThat(error(server.upload("movie.wav", avi), 422).path("error").asText()).contains("a RIFF file but not WAVE");

        JsonNode big = error(server.upload("long.wav", new byte[(int) TestServer.IMAGE_LIMIT + 1024]), 413);
        assertThat(big.path("hint").asText()).contains("shorter");

        for (JsonNode e : new JsonNode[] {empty, cut, header, text}) assertThat(e.toString()).doesNotContain(server.wb.tempRoot().toString());
        try (var s = Files.list(server.wb.tempRoot())) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("upload-")).toList()).isEmpty();
        }
        assertThat(server.get("/api/vggish/inputs").statusCode()).isEqualTo(200);
        assertThat(server.get("/api/vggish/analysis?input=blip").statusCode()).isEqualTo(200);
    }

    @Test
    void bad_parameters_answer_400_or_404_with_a_hint() throws Exception {
        assertThat(error(server.get("/api/vggish/analysis?input=chirp&impl=gpu"), 400).path("hint").asText()).contains("naive or vectorized");
        assertThat(error(server.get("/api/vggish/analysis?input=birdsong"), 404).path("hint").asText()).contains("chirp");
        error(server.get("/api/vggish/analysis?input=upload-999"), 404);
        error(server.get("/api/vggish/examples.bin?input=sine&from=7"), 400);
        error(server.get("/api/vggish/examples.bin?input=sine&count=99"), 400);
        JsonNode img = json(server.upload("square.png", ApiTest.png(16, 16)));
        assertThat(error(server.get("/api/vggish/analysis?input=" + img.path("id").asText()), 400).path("error").asText()).contains("not a sound");
    }

    @Test
    void every_panel_names_its_official_function_and_links_an_existing_lesson_section() throws Exception {
        JsonNode panels = json(server.get("/api/vggish/analysis?input=blip")).path("panels");
        assertThat(panels.findValuesAsText("id")).containsExactly("waveform", "stft", "mel", "logmel", "examples", "embeddings");
        String lesson = server.get("/lesson/02-vggish").body();
        assertThat(lesson).contains("<h2 id=\"31-training-the-input-features\">");
        for (JsonNode p : panels) {
            assertThat(p.path("mirrors").asText()).containsAnyOf("mel_features.py", "vggish_input.py", "vggish_postprocess.py");
            assertThat(p.path("lesson")).isNotEmpty();
            for (JsonNode l : p.path("lesson")) {
                assertThat(l.path("found").asBoolean()).as(l.toString()).isTrue();
                String href = l.path("href").asText();
                assertThat(href).startsWith("/lesson/02-vggish#");
                assertThat(lesson).contains("id=\"" + href.substring(href.indexOf('#') + 1) + "\"");
            }
        }
        error(server.get("/lesson/99-nothing"), 404);
        error(server.get("/lesson/..%2F..%2Fetc"), 404);
    }

    @Test
    void the_demo_sound_plays_as_a_wav() throws Exception {
        HttpResponse<byte[]> r = server.getBytes("/api/vggish/demo.wav?input=blip");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("audio/wav");
        assertThat(new String(r.body(), 0, 4)).isEqualTo("RIFF");
        assertThat(read(r.body()).sampleRate()).isEqualTo(22050);
    }

    @Test
    void pca_parameters_given_at_start_up_are_used_and_named(@TempDir Path dir) throws Exception {
        Tensor p = Tensor.zeros(128, 128), mu = Tensor.zeros(128, 1);
        for (int i = 0; i < 128; i++) p.set(0.5f, i, i);                   // half of each dimension, no mean
        Path pca = dir.resolve("pca.npz");
        NpzWriter.write(pca, Map.of("pca_eigen_vectors", p, "pca_means", mu));
        try (TestServer s = new TestServer(TestServer.defaults().withVggish(null, pca))) {
            JsonNode j = json(s.get("/api/vggish/analysis?input=sine"));
            assertThat(j.path("weights").path("pca").asText()).contains("pca.npz");
            assertThat(j.path("weights").path("real").asBoolean()).isFalse();                // the network is still seeded
            assertThat(j.path("weights").path("warning").asText()).contains("no --vggish-weights").doesNotContain("--vggish-pca");
            JsonNode raw = j.path("embeddings").path("raw"), bytes = j.path("embeddings").path("postprocessed");
            for (int d = 0; d < 128; d++) {
                double x = Math.max(-2, Math.min(2, (float) (0.5f * (float) raw.get(0).get(d).asDouble())));
                assertThat(bytes.get(0).get(d).asInt()).as("dimension %d", d).isEqualTo((int) (float) ((float) (x + 2) * 63.75f));
            }
        }
        Path junk = dir.resolve("weights.npz");
        NpzWriter.write(junk, Map.of("something", Tensor.zeros(2, 2)));
        try (TestServer s = new TestServer(TestServer.defaults().withVggish(junk, null))) {
            JsonNode e = error(s.get("/api/vggish/analysis?input=sine"), 422);
            assertThat(e.path("error").asText()).contains("weights.npz");
            assertThat(s.get("/vggish").statusCode()).isEqualTo(200);
        }
    }
}
