/*
 * In-process API tests of the /portrait page: every number and picture checked against chapter 04's
 * classes called directly here (DeepLabV3Plus's model tree, DeepLabComplexity, SyntheticPortrait,
 * EdgeCorrection, Blender, SeamlessClone, the smoothers and TemporalMetrics on the committed clip);
 * an uploaded picture with its mask; bad parameters and bad uploads answered 4xx with a message while
 * the server keeps answering. Not here: the browser (BrowserTest).
 */
package workbench.web;

import static org.assertj.core.api.Assertions.assertThat;
import static workbench.web.Responses.error;
import static workbench.web.Responses.json;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import workbench.io.NpyReader;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.portrait.DeepLabComplexity;
import workbench.portrait.DeepLabConfig;
import workbench.portrait.DeepLabV3Plus;
import workbench.portrait.blend.BlendMode;
import workbench.portrait.blend.BlendOptions;
import workbench.portrait.blend.Blender;
import workbench.portrait.blend.CloneFlag;
import workbench.portrait.blend.SeamlessClone;
import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;
import workbench.portrait.image.SyntheticPortrait;
import workbench.portrait.matte.EdgeCorrection;
import workbench.portrait.temporal.EmaSmoother;
import workbench.portrait.temporal.TemporalMetrics;
import workbench.tensor.Tensor;
import workbench.vectorized.portrait.PanamaGuidedFilter;
import workbench.vectorized.portrait.PanamaPoisson;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PortraitApiTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A PNG answer as the chapter's Image8 (RGB). */
    static Image8 png(String path) throws Exception {
        HttpResponse<byte[]> r = server.getBytes(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("image/png");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        Image8 out = new Image8(img.getWidth(), img.getHeight(), 3);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                out.set(x, y, 0, (rgb >> 16) & 255);
                out.set(x, y, 1, (rgb >> 8) & 255);
                out.set(x, y, 2, rgb & 255);
            }
        }
        return out;
    }

    /** The grey picture a mask or matte is sent as: channel 0 of the PNG. */
    static int[] grey(Image8 rgb) {
        int[] g = new int[rgb.width() * rgb.height()];
        for (int i = 0; i < g.length; i++) g[i] = rgb.get(i % rgb.width(), i / rgb.width(), 0);
        return g;
    }

    static int[] levels(Image8 mask) {
        int[] g = new int[mask.width() * mask.height()];
        for (int i = 0; i < g.length; i++) g[i] = mask.data()[i] & 0xff;
        return g;
    }

    static int[] levels(Matte m) {
        int[] g = new int[m.width() * m.height()];
        for (int i = 0; i < g.length; i++) g[i] = Math.round(Math.min(1f, Math.max(0f, m.alpha()[i])) * 255f);
        return g;
    }

    static byte[] pngBytes(Image8 img) throws Exception {
        BufferedImage b = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int r = img.get(x, y, 0), g = img.channels() == 3 ? img.get(x, y, 1) : r, bl = img.channels() == 3 ? img.get(x, y, 2) : r;
                b.setRGB(x, y, r << 16 | g << 8 | bl);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(b, "png", out);
        return out.toByteArray();
    }

    static int on(Image8 m) {
        int n = 0;
        for (byte b : m.data()) if (b != 0) n++;
        return n;
    }

    static final SyntheticPortrait.Portrait DEMO = SyntheticPortrait.make(PortraitInputs.DEMO_W, PortraitInputs.DEMO_H, PortraitController.DEMO_SEED);

    @Test
    void the_page_is_served_and_the_index_and_every_page_link_to_it() throws Exception {
        HttpResponse<String> page = server.get("/portrait");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/js/portrait.js").contains("/js/frame.js").doesNotContain("http://").doesNotContain("https://");
        for (String p : new String[] {"/", "/resnet", "/ssd", "/reparam", "/golden", "/vggish", "/portrait"}) {
            assertThat(server.get(p).body()).as(p).contains("href=\"/portrait\"");
        }
        assertThat(server.get("/js/portrait.js").statusCode()).isEqualTo(200);
    }

    @Test
    void the_inputs_name_every_blend_mode_and_each_panel_links_lesson_sections_that_exist() throws Exception {
        JsonNode j = json(server.get("/api/portrait/inputs"));
        assertThat(j.path("pictures").get(0).path("id").asText()).isEqualTo("demo");
        assertThat(j.path("modes")).hasSize(BlendMode.values().length);
        for (BlendMode m : BlendMode.values()) assertThat(j.path("modes").get(m.ordinal()).path("definition").asText()).isEqualTo(m.definition());
        assertThat(j.path("panels").findValuesAsText("id")).containsExactly("structure", "edge", "blend", "temporal");
        for (JsonNode p : j.path("panels")) {
            assertThat(p.path("lesson").size()).isGreaterThan(0);
            for (JsonNode l : p.path("lesson")) {
                assertThat(l.path("found").asBoolean()).as(l.toString()).isTrue();
                assertThat(l.path("href").asText()).startsWith("/lesson/04-portrait#");
                assertThat(server.get(l.path("href").asText().split("#")[0]).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void the_dilation_table_is_the_model_trees_at_output_stride_16_and_8() throws Exception {
        for (int os : new int[] {16, 8}) {
            JsonNode j = json(server.get("/api/portrait/structure?os=" + os));
            DeepLabConfig cfg = DeepLabConfig.of("resnet50", os, 21, DeepLabConfig.Layout.VAINF);
            Map<String, Module> tree = new DeepLabV3Plus(cfg).namedModules();
            int blocks = 0;
            for (JsonNode stage : j.path("stages")) {
                for (JsonNode b : stage.path("blocks")) {
                    Conv2d c = (Conv2d) tree.get("backbone." + b.path("name").asText());
                    assertThat(b.path("dilation").asInt()).as(os + " " + b).isEqualTo(c.spec.dilationH());
                    assertThat(b.path("stride").asInt()).as(os + " " + b).isEqualTo(c.spec.strideH());
                    blocks++;
                }
            }
            assertThat(blocks).isEqualTo(3 + 4 + 6 + 3);
            assertThat(j.path("outputStride").asInt()).isEqualTo(os);
            assertThat(j.path("stages").get(3).path("stride").asInt()).isEqualTo(os);
            assertThat(j.path("featureSize").asInt()).isEqualTo(os == 16 ? 33 : 65);
            int[] rates = cfg.atrousRates();
            for (int k = 0; k < 3; k++) {
                assertThat(j.path("atrousRates").get(k).asInt()).isEqualTo(rates[k]);
                JsonNode branch = j.path("aspp").get(k + 1);
                assertThat(branch.path("dilation").asInt()).isEqualTo(((Conv2d) tree.get("classifier.aspp.convs." + (k + 1) + ".0")).spec.dilationH());
                assertThat(branch.path("padding").asInt()).isEqualTo(rates[k]);
            }
        }
        // the facts of the lesson's table (Sec. 1.2), through the page
        JsonNode os8 = json(server.get("/api/portrait/structure?os=8"));
        assertThat(os8.path("stages").get(2).path("blocks").get(0).path("dilation").asInt()).isEqualTo(1);
        assertThat(os8.path("stages").get(2).path("blocks").get(1).path("dilation").asInt()).isEqualTo(2);
        assertThat(os8.path("stages").get(3).path("blocks").get(2).path("dilation").asInt()).isEqualTo(4);
        JsonNode small = json(server.get("/api/portrait/structure?os=16&size=129"));
        assertThat(small.path("featureSize").asInt()).isEqualTo(9);
        assertThat(small.path("shapes").toString()).contains("[1,21,129,129]");
    }

    @Test
    void the_complexity_table_is_deeplab_complexitys() throws Exception {
        JsonNode j = json(server.get("/api/portrait/complexity"));
        List<DeepLabComplexity.Row> rows = DeepLabComplexity.table();
        assertThat(j.path("rows")).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = j.path("rows").get(i);
            assertThat(r.path("model").asText()).isEqualTo(rows.get(i).model());
            assertThat(r.path("parameters").asLong()).isEqualTo(rows.get(i).parameters());
            assertThat(r.path("macs").asLong()).isEqualTo(rows.get(i).macs());
        }
        assertThat(j.path("rows").get(0).path("parameters").asLong()).isEqualTo(39_761_845L);
    }

    @Test
    void the_edge_correction_of_the_demo_equals_the_chapters_stage_by_stage() throws Exception {
        String q = "input=demo&threshold=0.5&kernel=5&radius=8&eps=65.025&impl=vectorized";
        JsonNode j = json(server.get("/api/portrait/edge?" + q));
        EdgeCorrection.Result r = EdgeCorrection.run(DEMO.picture(), DEMO.probability(), EdgeCorrection.Options.defaults(), new PanamaGuidedFilter());
        assertThat(j.path("components").asInt()).isEqualTo(r.cleanup().components()).isGreaterThan(2);
        assertThat(j.path("pixels").path("threshold").asInt()).isEqualTo(on(r.cleanup().threshold()));
        assertThat(j.path("pixels").path("mask").asInt()).isEqualTo(on(r.mask()));
        assertThat(j.path("pixels").path("band").asInt()).isEqualTo(on(r.band(17)));
        float[] g = Matte.fromMask(DEMO.truth()).alpha();
        assertThat(j.path("iouWithTruth").path("mask").asDouble()).isEqualTo(TemporalMetrics.iou(Matte.fromMask(r.mask()).alpha(), g));
        assertThat(j.path("iouWithTruth").path("mask").asDouble()).isGreaterThan(j.path("iouWithTruth").path("threshold").asDouble());
        assertThat(grey(png("/api/portrait/edge.png?" + q + "&stage=mask"))).isEqualTo(levels(r.mask()));
        assertThat(grey(png("/api/portrait/edge.png?" + q + "&stage=matte"))).isEqualTo(levels(r.matte()));
        assertThat(grey(png("/api/portrait/edge.png?" + q + "&stage=band"))).isEqualTo(levels(r.band(17)));
        assertThat(png("/api/portrait/edge.png?" + q + "&stage=picture")).isEqualTo(DEMO.picture());
        // other parameters change the answer as they change the chapter's result
        JsonNode k9 = json(server.get("/api/portrait/edge?input=demo&kernel=9&threshold=0.3&impl=naive"));
        EdgeCorrection.Result r9 = EdgeCorrection.run(DEMO.picture(), DEMO.probability(), EdgeCorrection.Options.defaults().withKernelSize(9).withThreshold(0.3f),
                workbench.portrait.matte.NaiveGuidedFilter.INSTANCE);
        assertThat(k9.path("pixels").path("mask").asInt()).isEqualTo(on(r9.mask()));
        assertThat(k9.path("ops").asText()).isEqualTo("naive");
    }

    @Test
    void an_uploaded_picture_with_its_mask_is_corrected_and_bad_pairs_are_refused_with_a_message() throws Exception {
        SyntheticPortrait.Portrait p = SyntheticPortrait.make(96, 72, 11);
        String pic = json(server.upload("me.png", pngBytes(p.picture()))).path("id").asText();
        Image8 maskImage = p.probability().toMask(0.5f);
        String mask = json(server.upload("me-mask.png", pngBytes(maskImage))).path("id").asText();
        JsonNode j = json(server.get("/api/portrait/edge?input=" + pic + "&mask=" + mask + "&radius=4"));
        EdgeCorrection.Result r = EdgeCorrection.run(p.picture(), Matte.fromMask(maskImage), EdgeCorrection.Options.defaults().withRadius(4), new PanamaGuidedFilter());
        assertThat(j.path("width").asInt()).isEqualTo(96);
        assertThat(j.path("pixels").path("mask").asInt()).isEqualTo(on(r.mask()));
        assertThat(j.has("iouWithTruth")).isFalse();
        assertThat(grey(png("/api/portrait/edge.png?input=" + pic + "&mask=" + mask + "&radius=4&stage=matte"))).isEqualTo(levels(r.matte()));
        // the blend panel takes the uploaded picture as a background too, resized
        assertThat(png("/api/portrait/blend.png?background=" + pic + "&mode=background").width()).isEqualTo(PortraitInputs.DEMO_W);

        assertThat(error(server.get("/api/portrait/edge?input=" + pic), 400).path("hint").asText()).contains("mask=");
        String other = json(server.upload("small-mask.png", ApiTest.png(48, 40))).path("id").asText();
        assertThat(error(server.get("/api/portrait/edge?input=" + pic + "&mask=" + other), 422).path("error").asText()).contains("96x72").contains("48x40");
        String big = json(server.upload("big.png", ApiTest.png(700, 500))).path("id").asText();
        assertThat(error(server.get("/api/portrait/edge?input=" + big + "&mask=" + mask), 422).path("error").asText()).contains("700x500").contains("640");
        assertThat(error(server.get("/api/portrait/edge?input=upload-999&mask=" + mask), 404).path("hint").asText()).contains("upload");
        assertThat(json(server.get("/api/portrait/inputs")).path("pictures").findValuesAsText("id")).contains(pic, mask);
    }

    @Test
    void bad_parameters_get_400_or_404_with_a_message_and_the_server_keeps_answering() throws Exception {
        assertThat(error(server.get("/api/portrait/edge?threshold=abc"), 400).path("error").asText()).contains("threshold").contains("abc");
        assertThat(error(server.get("/api/portrait/edge?threshold=1.5"), 400).path("hint").asText()).contains("[0.0, 0.99]");
        assertThat(error(server.get("/api/portrait/edge?kernel=0"), 400).path("error").asText()).contains("kernel");
        assertThat(error(server.get("/api/portrait/edge?eps=0"), 400).path("error").asText()).contains("eps");
        assertThat(error(server.get("/api/portrait/edge?impl=gpu"), 400).path("hint").asText()).contains("naive or vectorized");
        assertThat(error(server.get("/api/portrait/edge.png?stage=everything"), 400).path("hint").asText()).contains("matte");
        assertThat(error(server.get("/api/portrait/edge?input=holiday"), 404).path("hint").asText()).contains("demo");
        assertThat(error(server.get("/api/portrait/structure?os=12"), 400).path("hint").asText()).contains("8 or 16");
        assertThat(error(server.get("/api/portrait/blend?flag=WIDE"), 400).path("hint").asText()).contains("MIXED");
        assertThat(error(server.get("/api/portrait/blend.png?mode=P9"), 400).path("hint").asText()).contains("P0..P6");
        assertThat(error(server.get("/api/portrait/blend?background=moon"), 404).path("hint").asText()).contains("scene");
        assertThat(error(server.get("/api/portrait/identity?w=2"), 400).path("error").asText()).contains("w = 2");
        assertThat(error(server.get("/api/portrait/temporal?low=0.7&high=0.3"), 400).path("hint").asText()).contains("low <= high");
        assertThat(json(server.get("/api/portrait/inputs")).path("pictures").size()).isGreaterThan(0);
    }

    @Test
    void every_blend_variant_equals_blender_on_the_corrected_matte_and_p6_on_one_frame_is_p2() throws Exception {
        String q = "input=demo&background=scene&flag=NORMAL&epsilon=0.05&impl=vectorized";
        JsonNode j = json(server.get("/api/portrait/blend?" + q));
        assertThat(j.path("modes")).hasSize(7);
        assertThat(j.path("p6EqualsP2").asBoolean()).isTrue();
        Matte matte = EdgeCorrection.run(DEMO.picture(), DEMO.probability(), EdgeCorrection.Options.defaults(), new PanamaGuidedFilter()).matte();
        Image8 scene = SyntheticPortrait.scene(PortraitInputs.DEMO_W, PortraitInputs.DEMO_H);
        assertThat(png("/api/portrait/blend.png?" + q + "&mode=background")).isEqualTo(scene);
        for (BlendMode m : BlendMode.values()) {
            Image8 direct = Blender.create(m, BlendOptions.defaults(), new PanamaPoisson()).blend(DEMO.picture(), scene, matte);
            assertThat(png("/api/portrait/blend.png?" + q + "&mode=" + m)).as(m.name()).isEqualTo(direct);
        }
        Image8 mixed = Blender.create(BlendMode.P2, BlendOptions.defaults().withFlag(CloneFlag.MIXED), new PanamaPoisson()).blend(DEMO.picture(), scene, matte);
        assertThat(png("/api/portrait/blend.png?input=demo&background=scene&flag=mixed&mode=P2")).isEqualTo(mixed);
    }

    @Test
    void the_identity_clone_loses_a_level_in_opencv_precision_and_nothing_in_textbook_precision() throws Exception {
        JsonNode j = json(server.get("/api/portrait/identity?w=93&h=81"));
        Image8 pic = DEMO.picture(), mask = new Image8(pic.width(), pic.height(), 1);
        int x0 = (pic.width() - 93) / 2, y0 = (pic.height() - 81) / 2;
        for (int y = y0; y < y0 + 81; y++) for (int x = x0; x < x0 + 93; x++) mask.set(x, y, 0, 255);
        int[] c = SeamlessClone.centreOfMask(mask);
        Image8 cv = SeamlessClone.apply(pic, pic, mask, c[0], c[1], CloneFlag.NORMAL, new PanamaPoisson());
        long minusOne = 0;
        for (int i = 0; i < pic.data().length; i++) if ((cv.data()[i] & 0xff) - (pic.data()[i] & 0xff) == -1) minusOne++;
        assertThat(j.path("opencv").path("values").asLong()).isEqualTo(91L * 79 * 3);
        assertThat(j.path("opencv").path("minusOne").asLong()).isEqualTo(minusOne);
        assertThat(j.path("opencv").path("percentMinusOne").asDouble()).isGreaterThan(90);
        assertThat(j.path("opencv").path("changedOutsideInterior").asLong()).isZero();
        assertThat(j.path("textbook").path("changed").asLong()).isZero();
        assertThat(png("/api/portrait/identity.png?w=93&h=81&precision=textbook").width()).isEqualTo(pic.width());
        // Sec. 3.5: whether a level is lost depends on the rectangle's size (the sign of float32's error in the lowest eigenvalue)
        assertThat(json(server.get("/api/portrait/identity?w=110&h=101")).path("opencv").path("percentMinusOne").asDouble()).isGreaterThan(90);
        assertThat(json(server.get("/api/portrait/identity?w=111&h=101")).path("opencv").path("percentMinusOne").asDouble()).isLessThan(5);
    }

    @Test
    void the_temporal_metrics_are_the_chapters_on_the_committed_clip_and_flicker_rewards_the_lagging_ema() throws Exception {
        JsonNode j = json(server.get("/api/portrait/temporal?beta=0.8&gate=0.3&low=0.35&high=0.65"));
        assertThat(j.path("clip").path("frames").asInt()).isEqualTo(20);
        assertThat(j.path("methods").findValuesAsText("id")).containsExactly("truth", "raw", "ema", "gated", "hysteresis");
        java.nio.file.Path dir = server.wb.options().goldenDir().resolve(PortraitController.CLIP);
        Tensor probs = NpyReader.readTensor(dir.resolve("probs.npy")), truth = NpyReader.readTensor(dir.resolve("truth.npy"));
        TemporalMetrics ema = new TemporalMetrics(), gt = new TemporalMetrics();
        EmaSmoother s = new EmaSmoother(0.8f);
        for (int t = 0; t < truth.dim(0); t++) {
            Matte g = PortraitController.frame(truth, t);
            ema.add(s.next(PortraitController.frame(probs, t)), g);
            gt.add(g, g);
        }
        JsonNode e = j.path("methods").get(2), g = j.path("methods").get(0);
        assertThat(e.path("meanIou").asDouble()).isEqualTo(ema.meanIou());
        assertThat(e.path("meanDtssd").asDouble()).isEqualTo(ema.dtssd());
        for (int t = 0; t < 19; t++) assertThat(e.path("flicker").get(t).asDouble()).isEqualTo(ema.flickerPerFrame().get(t));
        assertThat(g.path("meanFlicker").asDouble()).isEqualTo(gt.naiveFlicker());
        // the lesson's table, Sec. 5.3: EMA 0.8 flickers less than the truth while its IoU is about halved
        assertThat(e.path("meanFlicker").asDouble()).isLessThan(g.path("meanFlicker").asDouble());
        assertThat(e.path("meanIou").asDouble()).isCloseTo(0.497, within(0.001));
        assertThat(j.path("methods").get(1).path("meanIou").asDouble()).isCloseTo(0.826, within(0.001));
        Image8 strip = png("/api/portrait/temporal.png?t=5");
        assertThat(strip.width()).isEqualTo(5 * 64 + 4 * 2);
        assertThat(error(server.get("/api/portrait/temporal.png?t=20"), 400).path("error").asText()).contains("t = 20");
    }
}
