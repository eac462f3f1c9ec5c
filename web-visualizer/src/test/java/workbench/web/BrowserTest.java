/*
 * Real-browser tests of the web visualizer (tag "browser"): Debian's chromium, headless, driven by
 * Selenium through /usr/bin/chromedriver. They open every page, wait for the page's status line,
 * read canvas pixels back, click controls, draw a box on the SSD page, upload a sound on the VGGish page,
 * a picture and its mask on the portrait page,
 * and a bad file, and fail on console errors. Skipped (with the reason) when chromium or chromium-driver is not installed;
 * `./workbench test` installs both when it runs as root.
 * Not here: API details (ApiTest).
 */
package workbench.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

@Tag("browser")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BrowserTest {
    static final String CHROMIUM = "/usr/bin/chromium", DRIVER = "/usr/bin/chromedriver";
    static TestServer server;
    static ChromeDriver driver;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute(),
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver; ./workbench test does it as root)");
        server = new TestServer();
        profile = Files.createTempDirectory("wb-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1400,1000", "--user-data-dir=" + profile);
        o.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (server != null) server.close();
        if (profile != null) Uploads.deleteTree(profile);
    }

    @BeforeEach
    void forgetEarlierConsoleMessages() {
        consoleErrors();                                   // reading the browser log empties it
    }

    static void open(String path) {
        driver.get(server.url(path));
    }

    /** Waits until the page's status line says ready (or fails on error), returns its text. */
    static String waitReady(String contains, int seconds) {
        WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(seconds));
        w.until(d -> {
            WebElement s = d.findElement(By.id("status"));
            String state = s.getAttribute("data-state");
            if ("error".equals(state)) throw new AssertionError("page reports an error: " + s.getText() + " / " + errorBox());
            return "ready".equals(state) && s.getText().contains(contains);
        });
        return driver.findElement(By.id("status")).getText();
    }

    static String errorBox() {
        List<WebElement> e = driver.findElements(By.id("error"));
        return e.isEmpty() ? "" : e.get(0).getText();
    }

    /** Number of pixels of a canvas that are not (near) white. */
    static long inkedPixels(String canvasSelector) {
        Object n = ((JavascriptExecutor) driver).executeScript(
                "const c = document.querySelector(arguments[0]);"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let n = 0; for (let i = 0; i < d.length; i += 4) if (!(d[i] > 245 && d[i+1] > 245 && d[i+2] > 245)) n++;"
                        + "return n;", canvasSelector);
        return ((Number) n).longValue();
    }

    static List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    static String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    @Test
    void the_index_page_links_to_every_page_and_none_logs_a_console_error() {
        open("/");
        waitReady("ready", 10);
        for (String page : List.of("/resnet", "/vggish", "/ssd", "/reparam", "/portrait", "/golden")) {
            open("/");
            driver.findElement(By.cssSelector("a.card[href='" + page + "']")).click();
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith(page));
            waitReady("ready", 240);
            assertThat(consoleErrors()).as(page).isEmpty();
        }
    }

    @Test
    void the_resnet_page_draws_feature_maps_and_answers_hover_clicks_and_scope() {
        open("/resnet");
        waitReady("layer1.0", 180);
        assertThat(inkedPixels("#fmap")).isGreaterThan(1000);
        assertThat(inkedPixels("#input-canvas")).isGreaterThan(1000);
        WebElement fmap = driver.findElement(By.id("fmap"));
        new Actions(driver).moveToElement(fmap, -fmap.getSize().getWidth() / 2 + 5, -fmap.getSize().getHeight() / 2 + 5).perform();
        assertThat(text("readout")).matches("\\(c, y, x\\) = \\(0, \\d+, \\d+\\) = .+");
        assertThat(text("rf-note")).contains("receptive field");
        driver.findElement(By.cssSelector("#layers tr[data-layer='layer2.0.conv1']")).click();
        waitReady("layer2.0.conv1", 60);
        assertThat(text("fm-title")).contains("(128, 8, 8)");
        driver.findElement(By.cssSelector("#scope button[data-scope='global']")).click();
        assertThat(text("legend")).contains("over all layers").contains("min").contains("max");
        driver.findElement(By.cssSelector("#scope button[data-scope='layer']")).click();
        assertThat(text("legend")).contains("scale of the layer");
        assertThat(driver.findElements(By.cssSelector("#blocks tbody tr"))).hasSize(8);
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void the_ssd_page_counts_8732_boxes_shows_a_cell_and_matches_a_drawn_box() {
        open("/ssd");
        waitReady("8732", 60);
        assertThat(text("total")).isEqualTo("8732");
        assertThat(inkedPixels("#ssd-canvas")).isGreaterThan(10000);
        driver.findElement(By.cssSelector("#kinds input[data-kind='1:2']")).click();
        WebElement canvas = driver.findElement(By.id("ssd-canvas"));
        new Actions(driver).moveToElement(canvas, 10, 10).click().perform();
        assertThat(text("cell-note")).contains("level 3: cell (y, x) = (2, 2)");
        new Actions(driver).moveToElement(canvas, -260, -80).clickAndHold().moveByOffset(60, 40).moveByOffset(120, 80).release().perform();
        waitReady("matched", 240);
        assertThat(Integer.parseInt(text("tv-count"))).isPositive();
        assertThat(Integer.parseInt(text("caffe-count"))).isPositive();
        assertThat(Integer.parseInt(text("neg-count"))).isEqualTo(3 * Integer.parseInt(text("tv-count")));
        new Actions(driver).moveToElement(canvas, -250, -70).clickAndHold().moveByOffset(90, 60).moveByOffset(90, 60).release().perform();
        waitReady("matched", 60);
        assertThat(text("match")).contains("box 0").contains("box 1");
        driver.findElement(By.id("detect")).click();
        waitReady("detections", 240);
        assertThat(text("det-count")).contains("detections");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void the_reparam_page_draws_every_kernel_and_loses_equivalence_when_bn_statistics_move() {
        open("/reparam");
        waitReady("(equivalent)", 60);
        assertThat(driver.findElements(By.cssSelector("canvas.kernel"))).hasSizeGreaterThanOrEqualTo(6);
        assertThat(inkedPixels("canvas.kernel[data-name='fused']")).isGreaterThan(50);
        assertThat(text("verdict")).startsWith("equivalent");
        ((JavascriptExecutor) driver).executeScript("const p = document.getElementById('perturb'); p.value = '0.5';"
                + " p.dispatchEvent(new Event('change'));");
        waitReady("(not equivalent)", 60);
        assertThat(text("verdict")).startsWith("not equivalent");
        assertThat(inkedPixels("#diff")).isGreaterThan(100);
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("block"))).selectByValue("dbb");
        waitReady("dbb perturb 0.50", 60);
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> !d.findElements(By.id("speedup")).isEmpty());
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void the_vggish_page_draws_every_stage_links_the_lesson_and_runs_an_uploaded_wav() throws Exception {
        open("/vggish");
        waitReady("4 examples", 180);
        assertThat(text("weights")).contains("seeded stand-in weights").contains("2017");
        for (String c : List.of("#wave-before", "#wave-after", "#emb-raw", "#emb-pp")) assertThat(inkedPixels(c)).as(c).isGreaterThan(300);
        for (String c : List.of("#stft", "#logmel")) assertThat(inkedPixels(c)).as(c).isGreaterThan(10000);
        assertThat(inkedPixels("#mel")).isGreaterThan(1000);
        assertThat(driver.findElements(By.cssSelector("canvas.example"))).hasSize(4);
        assertThat(inkedPixels("canvas.example[data-example='3']")).isGreaterThan(5000);
        assertThat(text("wave-before-note")).contains("44100 Hz");
        assertThat(text("wave-after-note")).contains("16000 Hz").contains("64000 samples");
        for (String p : List.of("waveform", "stft", "mel", "logmel", "examples", "embeddings")) {
            assertThat(driver.findElement(By.cssSelector("#panel-" + p + " .mirrors")).getText()).as(p).containsPattern("mel_features.py|vggish_input.py|vggish_slim.py");
            assertThat(driver.findElements(By.cssSelector("#panel-" + p + " a.lesson-link"))).as(p).isNotEmpty();
        }
        assertThat(driver.findElements(By.cssSelector("a.lesson-link.missing"))).isEmpty();
        WebElement stft = driver.findElement(By.id("stft"));
        new Actions(driver).moveToElement(stft, 0, 0).perform();
        assertThat(text("stft-readout")).matches("\\(frame, bin\\) = \\(\\d+, \\d+\\) .* Hz .*");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("example"))).selectByValue("2");
        WebElement raw = driver.findElement(By.id("emb-raw"));
        new Actions(driver).moveToElement(raw, 10, 0).perform();
        assertThat(text("emb-readout")).startsWith("example 2, dimension").contains("byte");
        assertThat(consoleErrors()).isEmpty();

        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("input"))).selectByValue("blip");
        waitReady("blip on vectorized, 0 examples", 60);
        assertThat(text("no-examples")).startsWith("0 examples: shape (0, 96, 64)");
        assertThat(text("emb-note")).contains("no examples");

        String href = driver.findElement(By.cssSelector("#panel-mel a.lesson-link")).getAttribute("href");
        Path wav = Files.createTempFile("tone-", ".wav");
        double[] x = new double[3 * 11025];
        for (int i = 0; i < x.length; i++) x[i] = 0.3 * Math.sin(2 * Math.PI * 500 * i / 11025.0);
        Files.write(wav, DemoAudio.encode(x, 11025, 1));
        driver.findElement(By.id("upload-file")).sendKeys(wav.toString());
        assertThat(waitReady("ready: upload-", 120)).endsWith("3 examples");
        assertThat(text("summary")).contains("11025 Hz");
        assertThat(consoleErrors()).isEmpty();
        Files.delete(wav);

        Path bad = Files.createTempFile("notes-", ".wav");
        Files.writeString(bad, "not a sound");
        driver.findElement(By.id("upload-file")).sendKeys(bad.toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector(".upload-result")).getText().startsWith("refused"));
        assertThat(text("error")).contains("not a WAV file").contains("Hint:");
        Files.delete(bad);

        driver.get(href);
        String anchor = href.substring(href.indexOf('#') + 1);
        assertThat(driver.findElements(By.id(anchor))).as(href).hasSize(1);
    }

    /** Number of pictures in {@code selector} that loaded (a broken PNG has no natural width). */
    static long loadedImages(String selector) {
        Object n = ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll(arguments[0])].filter(i => i.complete && i.naturalWidth > 0).length;", selector);
        return ((Number) n).longValue();
    }

    @Test
    void the_portrait_page_draws_every_panel_links_the_lesson_and_runs_an_uploaded_picture_with_its_mask() throws Exception {
        open("/portrait");
        waitReady("panels structure", 300);
        // (a) the dilation table from the model tree: OS16 dilates layer4 (1, 2, 2), OS8 also layer3, layer4 (2, 4, 4)
        List<WebElement> last = driver.findElements(By.cssSelector("#os-table tr[data-block='layer4.2.conv2'] td"));
        assertThat(last.get(2).getText()).isEqualTo("2");
        assertThat(last.get(4).getText()).isEqualTo("4");
        assertThat(inkedPixels("#aspp")).isGreaterThan(1000);
        WebElement aspp = driver.findElement(By.id("aspp"));
        new Actions(driver).moveToElement(aspp, -aspp.getSize().getWidth() / 2 + 170, -aspp.getSize().getHeight() / 2 + 170).perform();
        assertThat(text("aspp-readout")).startsWith("centre (y, x) = (");
        assertThat(text("complexity")).contains("39,761,845").contains("178.09");
        // (b) every stage of the edge correction, with the counts
        assertThat(loadedImages("#edge-images img")).isEqualTo(10);
        assertThat(text("edge-stats")).contains("IoU with the exact mask");
        // (c) the blend variants and the identity clone
        assertThat(loadedImages("#blend-images img")).isEqualTo(8);
        assertThat(text("identity-stats")).matches("(?s).*OpenCV precision lowers \\d+ by one level.*TEXTBOOK precision changes 0\\..*");
        // (d) the temporal plots and the row that flickers less than the truth
        assertThat(inkedPixels("#plot-iou")).isGreaterThan(500);
        assertThat(inkedPixels("#plot-dtssd")).isGreaterThan(500);
        assertThat(driver.findElements(By.cssSelector("#temporal-table tr[data-method='ema'] td.bad"))).hasSize(1);
        List<WebElement> links = driver.findElements(By.cssSelector("a.lesson-link"));
        assertThat(links).hasSizeGreaterThanOrEqualTo(10);
        for (WebElement a : links) assertThat(a.getAttribute("href")).contains("/lesson/04-portrait#");
        assertThat(driver.findElements(By.cssSelector("a.lesson-link.missing"))).isEmpty();
        // a parameter change recomputes the panel
        String before = text("edge-stats");
        WebElement kernel = driver.findElement(By.id("kernel"));
        kernel.clear();
        kernel.sendKeys("11\t");
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> !text("edge-stats").equals(before));
        waitReady("panels edge, blend", 120);
        // an uploaded picture, then its mask
        workbench.portrait.image.SyntheticPortrait.Portrait p = workbench.portrait.image.SyntheticPortrait.make(120, 90, 3);
        Path pic = Files.createTempFile("me-", ".png"), mask = Files.createTempFile("me-mask-", ".png");
        workbench.portrait.image.ImageFiles.writePng(p.picture(), pic);
        workbench.portrait.image.ImageFiles.writePng(p.truth(), mask);
        driver.findElement(By.id("upload-file")).sendKeys(pic.toString());
        waitReady("its mask", 60);
        driver.findElement(By.id("upload-file")).sendKeys(mask.toString());
        waitReady("panels edge, blend", 120);
        assertThat(text("edge-stats")).contains(pic.getFileName().toString().substring(0, 3)).contains("120x90").doesNotContain("IoU");
        assertThat(loadedImages("#edge-images img")).isEqualTo(9);
        assertThat(consoleErrors()).isEmpty();
        Files.delete(pic);
        Files.delete(mask);
    }

    @Test
    void a_repvgg_checkpoint_uploaded_on_the_reparam_page_shows_its_own_blocks() throws Exception {
        open("/reparam");
        waitReady("(equivalent)", 60);
        workbench.reparam.RepVGGConfig tiny = new workbench.reparam.RepVGGConfig("tiny", new int[] {2, 2, 2, 1},
                new double[] {0.25, 0.25, 0.25, 0.5}, Map.of(2, 2, 4, 2, 6, 2), 10, false);
        Path f = Files.createTempFile("repvgg-tiny-", ".safetensors");
        workbench.io.SafetensorsWriter.write(f, workbench.reparam.RepVGGs.randomize(new workbench.reparam.RepVGG(tiny, false), 5).stateDict());
        driver.findElement(By.id("upload-file")).sendKeys(f.toString());
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> d.findElement(By.id("block")).getAttribute("value").startsWith("upload-"));
        assertThat(waitReady("ready: upload-", 60)).endsWith("(equivalent)");
        assertThat(text("describe")).startsWith("RepVGGBlock");
        assertThat(driver.findElements(By.cssSelector("canvas.kernel"))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(consoleErrors()).isEmpty();
        Files.delete(f);
    }

    @Test
    void the_golden_dashboard_checks_every_case_on_both_twins_and_times_quick_speed_rows() {
        open("/golden");
        waitReady("golden cases checked", 300);
        assertThat(driver.findElements(By.cssSelector("#cases tr[data-ok='true']"))).hasSizeGreaterThan(20);
        List<WebElement> rows = driver.findElements(By.cssSelector("#cases tbody tr[data-case]"));
        assertThat(rows.size()).isGreaterThan(30);
        rows.get(0).click();
        assertThat(driver.findElements(By.cssSelector("#cases tr.detail"))).hasSize(1);
        driver.findElement(By.id("bench-run")).click();
        waitReady("quick rows timed", 180);
        assertThat(driver.findElements(By.cssSelector("#bench tbody tr"))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(text("bench")).contains("conv3x3-512-512-7").contains("vectorized");
        assertThat(text("bench-note")).contains("peak");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void a_bad_upload_is_refused_with_a_message_on_the_page() throws Exception {
        open("/resnet");
        waitReady("ready", 180);
        Path bad = Files.createTempFile("notes-", ".txt");
        Files.writeString(bad, "not an image");
        driver.findElement(By.id("upload-file")).sendKeys(bad.toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector(".upload-result")).getText().startsWith("refused"));
        assertThat(text("error")).contains("not accepted").contains("Hint:");
        Files.delete(bad);
    }
}
