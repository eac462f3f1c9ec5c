/*
 * In-process API tests of the web visualizer: pages from the jar, the /resnet, /ssd, /reparam and
 * /golden endpoints, uploads (recognised, refused by type, by content and by size), error bodies
 * {error, hint} with the right status and no stack trace, the temporary folders, and a burst of
 * concurrent requests. Not here: the browser (BrowserTest).
 */
package workbench.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.io.SafetensorsWriter;
import workbench.resnet.ResNets;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ApiTest {
    static TestServer server;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static void assertError(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/json");
        JsonNode j = json(r);
        assertThat(j.path("error").asText()).isNotBlank();
        assertThat(j.has("hint")).isTrue();
        assertThat(r.body()).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @Test
    void the_index_page_links_to_every_page_and_every_page_is_served_from_the_jar() throws Exception {
        HttpResponse<String> index = server.get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        for (String page : List.of("/resnet", "/ssd", "/reparam", "/golden", "/vggish", "/portrait")) {
            assertThat(index.body()).contains("href=\"" + page + "\"");
            HttpResponse<String> p = server.get(page);
            assertThat(p.statusCode()).isEqualTo(200);
            assertThat(p.headers().firstValue("Content-Type").orElse("")).contains("text/html");
            assertThat(p.body()).contains("/js/frame.js").doesNotContain("http://").doesNotContain("https://");
        }
        assertThat(server.get("/js/frame.js").statusCode()).isEqualTo(200);
        assertThat(server.get("/css/workbench.css").statusCode()).isEqualTo(200);
    }

    @Test
    void an_unknown_path_answers_404_with_error_and_hint() throws Exception {
        assertError(server.get("/no-such-page"), 404);
        assertError(server.get("/api/no-such-endpoint"), 404);
    }

    @Test
    void the_resnet_layer_list_names_every_layer_with_its_shape_and_twin_difference() throws Exception {
        JsonNode j = json(server.get("/api/resnet/layers?model=resnet18&input=shapes"));
        assertThat(j.path("inputSize").asInt()).isEqualTo(64);
        List<String> names = new ArrayList<>();
        for (JsonNode l : j.path("layers")) names.add(l.path("name").asText());
        assertThat(names).contains("conv1", "maxpool", "layer1.0.conv1", "layer4.1", "fc");
        JsonNode conv1 = j.path("layers").get(0);
        assertThat(conv1.path("shape").toString()).isEqualTo("[1,64,32,32]");
        assertThat(conv1.path("rf").path("size").asInt()).isEqualTo(7);
        for (JsonNode l : j.path("layers")) {
            if (l.path("name").asText().equals("layer4")) {               // ResNet-18's well-known 435-pixel field, 32-pixel stride
                assertThat(l.path("rf").path("size").asInt()).isEqualTo(435);
                assertThat(l.path("rf").path("jump").asInt()).isEqualTo(32);
            }
        }
        assertThat(conv1.path("maxDiff").asDouble()).isLessThan(1e-3);
        assertThat(j.path("blocks")).hasSize(8);
        assertThat(j.path("blocks").get(2).path("projection").asBoolean()).isTrue();   // layer2.0 has a downsample
    }

    @Test
    void the_resnet_run_reports_progress_over_sse_before_the_layers_are_read() throws Exception {
        HttpResponse<String> r = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/resnet/run?model=resnet20_cifar&input=shapes")))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("event: progress").contains("event: done");
        HttpResponse<String> bad = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/resnet/run?model=alexnet")))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.body()).contains("event: failed").contains("hint");
    }

    @Test
    void a_feature_map_comes_as_little_endian_float32_of_the_advertised_shape() throws Exception {
        HttpResponse<byte[]> r = server.getBytes("/api/resnet/featuremap?model=resnet18&input=shapes&layer=layer1.0");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Shape")).contains("64,16,16");
        assertThat(r.body()).hasSize(4 * 64 * 16 * 16);
        ByteBuffer b = ByteBuffer.wrap(r.body()).order(ByteOrder.LITTLE_ENDIAN);
        float max = Float.parseFloat(r.headers().firstValue("X-Max").orElseThrow());
        float seen = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < 64 * 16 * 16; i++) seen = Math.max(seen, b.getFloat());
        assertThat(seen).isEqualTo(max);
        HttpResponse<byte[]> one = server.getBytes("/api/resnet/featuremap?model=resnet18&input=shapes&layer=layer1.0&channel=3");
        assertThat(one.headers().firstValue("X-Shape")).contains("1,16,16");
        assertThat(one.body()).hasSize(4 * 16 * 16).isEqualTo(java.util.Arrays.copyOfRange(r.body(), 4 * 3 * 256, 4 * 4 * 256));
        assertError(server.get("/api/resnet/featuremap?model=resnet18&input=shapes&layer=layer1.0&channel=64"), 400);
    }

    @Test
    void resnet_requests_with_bad_parameters_answer_400_or_404() throws Exception {
        assertError(server.get("/api/resnet/featuremap?model=resnet18&input=shapes"), 400);
        assertError(server.get("/api/resnet/featuremap?model=resnet18&input=shapes&layer=layer9"), 404);
        assertError(server.get("/api/resnet/featuremap?model=resnet18&input=shapes&layer=fc"), 400);
        assertError(server.get("/api/resnet/layers?model=vgg11"), 404);
        assertError(server.get("/api/resnet/layers?model=resnet18&input=holiday"), 404);
        assertError(server.get("/api/images/shapes?size=lots"), 400);
    }

    static byte[] png(int w, int h) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 90);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void an_uploaded_image_is_recognised_and_becomes_an_input() throws Exception {
        HttpResponse<String> r = server.upload("street.png", png(48, 40));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode j = json(r);
        assertThat(j.path("kind").asText()).isEqualTo("image");
        assertThat(j.path("shape").toString()).isEqualTo("[3,40,48]");
        String id = j.path("id").asText();
        assertThat(server.getBytes("/api/images/" + id + "?size=64").statusCode()).isEqualTo(200);
        assertThat(server.get("/api/resnet/layers?model=resnet20_cifar&input=" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void an_uploaded_checkpoint_is_recognised_by_its_keys(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("mine.safetensors");
        SafetensorsWriter.write(f, ResNets.randomize(ResNets.create("resnet20_cifar"), 3).stateDict());
        HttpResponse<String> r = server.upload("mine.safetensors", Files.readAllBytes(f));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode j = json(r);
        assertThat(j.path("kind").asText()).isEqualTo("resnet");
        assertThat(j.path("model").asText()).isEqualTo("resnet20_cifar");
        assertThat(j.path("shapes").get(0).path("name").asText()).isEqualTo("conv1.weight");
        JsonNode models = json(server.get("/api/resnet/models"));
        assertThat(models.path("models").toString()).contains(j.path("id").asText());
        JsonNode layers = json(server.get("/api/resnet/layers?model=" + j.path("id").asText() + "&input=checker"));
        assertThat(layers.path("inputSize").asInt()).isEqualTo(32);
    }

    @Test
    void an_npz_of_unknown_tensors_is_listed_as_a_state_dict_with_its_shapes(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("arrays.npz");
        workbench.io.NpzWriter.write(f, java.util.Map.of("weights", workbench.tensor.Tensor.zeros(3, 5)));
        HttpResponse<String> r = server.upload("arrays.npz", Files.readAllBytes(f));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode j = json(r);
        assertThat(j.path("kind").asText()).isEqualTo("state_dict");
        assertThat(j.path("shapes").get(0).path("shape").toString()).isEqualTo("[3,5]");
        assertError(server.get("/api/resnet/layers?model=" + j.path("id").asText()), 400);
    }

    @Test
    void a_wrong_file_type_is_refused_with_400_and_a_hint() throws Exception {
        HttpResponse<String> r = server.upload("notes.txt", "hello".getBytes());
        assertError(r, 400);
        assertThat(json(r).path("hint").asText()).contains(".png").contains(".pth");
    }

    @Test
    void a_file_whose_content_does_not_match_its_type_is_refused_with_422() throws Exception {
        assertError(server.upload("photo.png", "this is not a png".getBytes()), 422);
        assertError(server.upload("weights.pth", "not a zip either".getBytes()), 422);
    }

    @Test
    void an_upload_over_the_limit_is_refused_with_413() throws Exception {
        assertError(server.upload("huge.png", new byte[(int) TestServer.IMAGE_LIMIT + 1024]), 413);
        assertError(server.upload("huge.safetensors", new byte[(int) TestServer.CHECKPOINT_LIMIT + (1 << 17)]), 413);
    }

    @Test
    void an_upload_without_a_file_field_answers_400() throws Exception {
        assertError(server.postJson("/api/upload", "{}"), 400);
    }

    @Test
    void uploads_leave_no_files_behind_in_the_temporary_folder() throws Exception {
        server.upload("a.png", png(16, 16));
        server.upload("b.png", "junk".getBytes());
        server.upload("c.txt", "junk".getBytes());
        // over 8 MB, so Jetty spills it to disk before the limit refuses it
        assertThat(server.upload("d.npz", new byte[(int) TestServer.CHECKPOINT_LIMIT + (1 << 16)]).statusCode()).isEqualTo(413);
        try (Stream<Path> s = Files.list(server.wb.tempRoot())) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void the_ssd_prior_counts_per_level_sum_to_8732() throws Exception {
        JsonNode j = json(server.get("/api/ssd/priors"));
        int sum = 0;
        for (JsonNode l : j.path("levels")) sum += l.path("count").asInt();
        assertThat(sum).isEqualTo(8732).isEqualTo(j.path("total").asInt());
        assertThat(j.path("levels").get(0).path("count").asInt()).isEqualTo(38 * 38 * 4);
        HttpResponse<byte[]> boxes = server.getBytes("/api/ssd/priors.bin");
        assertThat(boxes.body()).hasSize(8732 * 4 * 4);
        HttpResponse<byte[]> level5 = server.getBytes("/api/ssd/priors.bin?size=300&level=5");
        assertThat(level5.headers().firstValue("X-Shape")).contains("4,4");
        ByteBuffer b = ByteBuffer.wrap(level5.body()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getFloat(0)).isLessThan(b.getFloat(8));                   // x1 < x2 of the 1x1 map's first box
        assertError(server.get("/api/ssd/priors?size=512"), 400);
        assertError(server.get("/api/ssd/priors.bin?level=9"), 400);
    }

    @Test
    void a_drawn_box_gets_its_matches_under_both_rules_and_three_hard_negatives_per_positive() throws Exception {
        HttpResponse<String> r = server.postJson("/api/ssd/match", "{\"box\": [20, 110, 110, 180], \"input\": \"shapes\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode j = json(r);
        int positives = j.path("torchvision").path("positives").size();
        assertThat(positives).isGreaterThan(0);
        assertThat(j.path("caffe").path("positives").size()).isGreaterThan(0);
        assertThat(j.path("hardNegatives").path("indices").size()).isEqualTo(3 * positives);
        assertThat(j.path("torchvision").path("positives").toString()).contains(j.path("bestPrior").asText());
        JsonNode d = json(server.get("/api/ssd/detections?input=shapes"));
        assertThat(d.path("count").asInt()).isBetween(1, 200);
    }

    @Test
    void two_boxes_sharing_a_best_prior_part_the_caffe_rule_from_the_torchvision_rule() throws Exception {
        JsonNode j = json(server.postJson("/api/ssd/match", "{\"boxes\": [[101, 101, 131, 131], [104, 103, 134, 133]]}"));
        assertThat(j.path("boxes")).hasSize(2);
        assertThat(j.path("differ").size()).as(j.toString()).isPositive();
        assertThat(j.path("caffe").path("gt").toString()).contains("0").contains("1");   // bipartite: every box gets a prior
    }

    @Test
    void a_bad_box_is_refused() throws Exception {
        assertError(server.postJson("/api/ssd/match", "not json"), 400);
        assertError(server.postJson("/api/ssd/match", "{\"box\": [1, 2]}"), 400);
        assertError(server.postJson("/api/ssd/match", "{\"box\": [50, 50, 40, 60]}"), 422);
    }

    @Test
    void every_reparam_block_fuses_exactly_in_eval_mode_and_not_after_its_statistics_move() throws Exception {
        for (String block : List.of("repvgg", "dbb", "acnet")) {
            JsonNode eval = json(server.get("/api/reparam/kernels?block=" + block + "&perturb=0"));
            assertThat(eval.path("equivalent").asBoolean()).as(block).isTrue();
            assertThat(eval.path("diff").path("maxAbs").asDouble()).isLessThan(1e-4);
            assertThat(eval.path("kernels").toString()).contains("\"fused\"");
            JsonNode moved = json(server.get("/api/reparam/kernels?block=" + block + "&perturb=0.5"));
            assertThat(moved.path("equivalent").asBoolean()).as(block).isFalse();
        }
        JsonNode rep = json(server.get("/api/reparam/kernels?block=repvgg"));
        assertThat(rep.path("kernels").toString()).contains("\"1x1 padded\"").contains("\"identity\"");
        assertError(server.get("/api/reparam/kernels?block=inception"), 404);
        assertError(server.get("/api/reparam/kernels?block=repvgg&perturb=much"), 400);
        assertError(server.get("/api/reparam/kernels?block=repvgg&perturb=3"), 400);
    }

    @Test
    void the_blocks_of_an_uploaded_repvgg_checkpoint_are_fused_on_the_reparam_page(@TempDir Path tmp) throws Exception {
        workbench.reparam.RepVGGConfig tiny = new workbench.reparam.RepVGGConfig("tiny", new int[] {2, 2, 2, 1},
                new double[] {0.25, 0.25, 0.25, 0.5}, java.util.Map.of(2, 2, 4, 2, 6, 2), 10, false);
        Path f = tmp.resolve("repvgg_tiny.safetensors");
        SafetensorsWriter.write(f, workbench.reparam.RepVGGs.randomize(new workbench.reparam.RepVGG(tiny, false), 5).stateDict());
        JsonNode up = json(server.upload("repvgg_tiny.safetensors", Files.readAllBytes(f)));
        assertThat(up.path("kind").asText()).isEqualTo("reparam");
        assertThat(up.path("model").asText()).isEqualTo("RepVGG");
        List<String> ids = new ArrayList<>();
        for (JsonNode b : json(server.get("/api/reparam/blocks")).path("blocks")) {
            if (b.path("id").asText().startsWith(up.path("id").asText() + ":")) ids.add(b.path("id").asText());
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(7);
        for (String id : ids) {
            HttpResponse<String> r = server.get("/api/reparam/kernels?block=" + java.net.URLEncoder.encode(id, "UTF-8"));
            assertThat(r.statusCode()).as(id + " " + r.body()).isEqualTo(200);
            assertThat(json(r).path("equivalent").asBoolean()).as(id).isTrue();
        }
        assertThat(json(server.get("/api/reparam/timing?block=" + java.net.URLEncoder.encode(ids.get(0), "UTF-8"))).path("fusedMs").asDouble()).isPositive();
        assertError(server.get("/api/reparam/kernels?block=" + up.path("id").asText() + ":nowhere."), 404);
    }

    @Test
    void the_fused_block_is_timed_against_the_multi_branch_block() throws Exception {
        JsonNode t = json(server.get("/api/reparam/timing?block=acnet"));
        assertThat(t.path("multiBranchMs").asDouble()).isPositive();
        assertThat(t.path("fusedMs").asDouble()).isPositive();
    }

    @Test
    void the_golden_run_streams_every_case_over_sse_with_both_twins_per_case() throws Exception {
        int cases = json(server.get("/api/golden/cases")).path("cases").size();
        assertThat(cases).isGreaterThan(30);
        HttpResponse<String> r = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/golden/run")))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> results = new ArrayList<>();
        String event = null;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("event:")) event = line.substring(6).trim();
            if (line.startsWith("data:") && "case".equals(event)) results.add(JSON.readTree(line.substring(5)).path("result"));
        }
        assertThat(r.body()).contains("event: done");
        assertThat(results).hasSize(cases);
        for (JsonNode res : results) {
            assertThat(res.path("twins").has("naive") && res.path("twins").has("vectorized")).isTrue();
            // the golden suite itself holds every chapter; here the kernel and ResNet cases stand for "the dashboard reports passes"
            if (List.of("kernels", "resnet").contains(res.path("chapter").asText())) assertThat(res.path("ok").asBoolean()).as(res.toString()).isTrue();
        }
        assertThat(results.stream().filter(res -> res.path("ok").asBoolean()).count()).isGreaterThan(20);
        assertThat(json(server.get("/api/golden/results")).path("results")).hasSize(cases);
    }

    @Test
    void the_speed_table_answers_without_timing_anything_on_load() throws Exception {
        JsonNode b = json(server.get("/api/golden/bench"));
        assertThat(b.has("rows")).isTrue();
        assertThat(b.path("quickAvailable").asBoolean()).isTrue();
    }

    @Test
    void quick_speed_rows_are_timed_over_sse_and_then_listed() throws Exception {
        HttpResponse<String> r = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/golden/bench/run")))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("event: progress").contains("event: done");
        JsonNode rows = json(server.get("/api/golden/bench")).path("rows");
        assertThat(rows.toString()).contains("\"naive\"").contains("\"vectorized\"").contains("conv3x3-512-512-7");
        for (JsonNode row : rows) assertThat(row.path("pctPeak").asDouble()).isPositive();
    }

    @Test
    void the_server_stays_up_under_many_concurrent_requests() throws Exception {
        List<String> paths = List.of("/api/resnet/layers?model=resnet20_cifar&input=stripes", "/api/ssd/priors",
                "/api/reparam/kernels?block=dbb&perturb=0.2", "/api/images/checker?size=64", "/",
                "/api/resnet/featuremap?model=resnet20_cifar&input=stripes&layer=layer1.0", "/api/nothing-here");
        List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            all.add(server.http.sendAsync(HttpRequest.newBuilder(URI.create(server.url(paths.get(i % paths.size())))).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (int i = 0; i < all.size(); i++) {
            int status = all.get(i).get().statusCode();
            assertThat(status).as(paths.get(i % paths.size())).isEqualTo(paths.get(i % paths.size()).contains("nothing") ? 404 : 200);
        }
        assertThat(server.get("/").statusCode()).isEqualTo(200);
    }
}
