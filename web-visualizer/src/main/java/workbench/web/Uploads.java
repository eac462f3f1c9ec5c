/*
 * Uploads: the user's own images and checkpoints, recognised and kept in memory under an id.
 * An upload is copied into a per-request temporary folder, read there (ImageIO for images,
 * StateDict.load for .pth/.safetensors/.npz), and the folder is removed before the answer goes out.
 * Recognition: ResNet keys (ResNets.guessArchitecture), SSD keys (backbone./head.), re-parameterization
 * blocks (rbr_dense, dbb_origin, square_conv); other state_dicts are listed with their shapes.
 * Sounds (.wav) are decoded by chapter 02's WavReader, whose messages (empty, truncated, not a WAV)
 * reach the user with the file's name in place of the temporary path; they share the image size limit.
 * Not here: HTTP (UploadController), persistence (uploads live as long as the server).
 */
package workbench.web;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import workbench.io.StateDict;
import workbench.resnet.ResNets;
import workbench.tensor.Tensor;
import workbench.vggish.Audio;
import workbench.vggish.AudioFormatException;
import workbench.vggish.WavReader;

public final class Uploads {
    public static final Set<String> IMAGE_TYPES = Set.of("png", "jpg", "jpeg", "gif", "bmp");
    public static final Set<String> CHECKPOINT_TYPES = Set.of("pth", "pt", "safetensors", "npz");
    public static final Set<String> AUDIO_TYPES = Set.of("wav");
    static final int MAX_IMAGE_SIDE = 4096;
    /** Uploads kept in memory at once (a ResNet-152 checkpoint alone is about 240 MB). */
    static final int MAX_KEPT = 8;

    /** One recognised upload. {@code image} is (3, H, W) in [0, 1] for images; {@code stateDict} for checkpoints; {@code audio} for sounds. */
    public record Upload(String id, String kind, String filename, String model, Tensor image, StateDict stateDict,
                         Map<String, Object> description, Audio audio) {
        public Upload(String id, String kind, String filename, String model, Tensor image, StateDict stateDict, Map<String, Object> description) {
            this(id, kind, filename, model, image, stateDict, description, null);
        }
    }

    private final Workbench wb;
    private final Map<String, Upload> byId = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();

    Uploads(Workbench wb) {
        this.wb = wb;
    }

    public static String extension(String filename) {
        String n = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1);
    }

    /** Checks the type and size before anything is read; the body may still be refused by content. */
    public void checkAdmissible(String filename, long size) {
        String ext = extension(filename);
        if (!IMAGE_TYPES.contains(ext) && !CHECKPOINT_TYPES.contains(ext) && !AUDIO_TYPES.contains(ext)) {
            throw ApiError.badRequest("file type '" + (ext.isEmpty() ? "(none)" : "." + ext) + "' of '" + filename + "' is not accepted",
                    "upload an image (.png, .jpg, .gif, .bmp), a checkpoint (.pth, .safetensors, .npz) or a sound (.wav)");
        }
        boolean media = IMAGE_TYPES.contains(ext) || AUDIO_TYPES.contains(ext);      // images and sounds share one limit
        long limit = media ? wb.options().maxImageBytes() : wb.options().maxCheckpointBytes();
        if (size > limit) {
            throw ApiError.tooLarge(filename + " is " + mb(size) + "; the limit for this type is " + mb(limit),
                    AUDIO_TYPES.contains(ext) ? "cut the sound shorter or save it as 16 kHz mono (the page shows its first seconds in detail anyway)"
                            : IMAGE_TYPES.contains(ext) ? "scale the image down (the pages use at most 300x300 pixels)"
                            : "a ResNet-152 checkpoint is about 240 MB; larger files are not models these pages show");
        }
    }

    private static String mb(long bytes) {
        return bytes < (1 << 20) ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    /** Reads {@code content} (a file named {@code filename}) in a fresh temporary folder, then removes the folder. */
    public Upload accept(String filename, InputStream content) {
        String ext = extension(filename);
        Path dir;
        try {
            dir = Files.createTempDirectory(wb.tempRoot(), "upload-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
        try {
            Path file = dir.resolve("upload." + ext);
            long size;
            try {
                size = Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw ApiError.badRequest("the upload of " + filename + " was interrupted", "try again");
            }
            checkAdmissible(filename, size);
            String id = "upload-" + counter.incrementAndGet();
            Upload u = IMAGE_TYPES.contains(ext) ? readImage(id, filename, file)
                    : AUDIO_TYPES.contains(ext) ? readAudio(id, filename, file) : readCheckpoint(id, filename, file);
            byId.put(id, u);
            while (byId.size() > MAX_KEPT) byId.remove(all().get(0).id());     // the oldest goes first
            return u;
        } finally {
            deleteTree(dir);
        }
    }

    private Upload readImage(String id, String filename, Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            img = null;
        }
        if (img == null) {
            throw ApiError.unprocessable(filename + " is not a readable image",
                    "the file's content does not match its extension; save it again as PNG or JPEG");
        }
        int w = img.getWidth(), h = img.getHeight();
        if (w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE || w < 8 || h < 8) {
            throw ApiError.unprocessable(filename + " is " + w + "x" + h + " pixels",
                    "use an image between 8 and " + MAX_IMAGE_SIDE + " pixels a side");
        }
        Tensor t = Tensor.zeros(3, h, w);
        float[] d = t.data();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                d[y * w + x] = ((rgb >> 16) & 255) / 255f;
                d[(h + y) * w + x] = ((rgb >> 8) & 255) / 255f;
                d[(2 * h + y) * w + x] = (rgb & 255) / 255f;
            }
        }
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("width", w);
        desc.put("height", h);
        desc.put("shape", List.of(3, h, w));
        return new Upload(id, "image", filename, null, t, null, desc);
    }

    /** A sound, decoded as `./workbench run vggish` decodes it; the chapter's message, with the file's name. */
    private Upload readAudio(String id, String filename, Path file) {
        Audio audio;
        try {
            audio = WavReader.read(file);
        } catch (AudioFormatException e) {
            String msg = e.getMessage().replace(file.toString(), filename);
            int hint = msg.indexOf("\n  ---> HINT:");
            throw ApiError.unprocessable(hint < 0 ? msg : msg.substring(0, hint), hint < 0 ? "save it again as 16-bit PCM WAV"
                    : msg.substring(hint + "\n  ---> HINT:".length()).trim());
        } catch (UncheckedIOException e) {
            throw ApiError.unprocessable(filename + " could not be read as a sound: " + String.valueOf(e.getMessage()).replace(file.toString(), filename),
                    "save it again as 16-bit PCM WAV");
        }
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("sampleRate", audio.sampleRate());
        desc.put("channels", audio.channels());
        desc.put("frames", audio.frames());
        desc.put("seconds", audio.seconds());
        desc.put("encoding", audio.encoding());
        Audio named = new Audio(audio.interleaved(), audio.sampleRate(), audio.channels(), audio.encoding(), null, filename);
        return new Upload(id, "audio", filename, null, null, null, desc, named);
    }

    private Upload readCheckpoint(String id, String filename, Path file) {
        StateDict sd;
        try {
            sd = StateDict.load(file);
        } catch (workbench.io.CheckpointFormatException e) {
            throw ApiError.unprocessable(filename + ": " + e.problem(), e.hint());
        } catch (RuntimeException e) {
            throw ApiError.unprocessable(filename + " could not be read as a ." + extension(filename) + " checkpoint: " + e.getMessage(),
                    "save a state_dict with torch.save(model.state_dict(), f), safetensors or numpy.savez");
        }
        if (sd.size() == 0) {
            throw ApiError.unprocessable(filename + " holds no tensors", "save the model's state_dict, not an empty dict");
        }
        Map<String, Tensor> map = sd.asMap();
        String kind = "state_dict", model = null;
        Optional<String> resnet = ResNets.guessArchitecture(map);
        if (resnet.isPresent() && ResNets.names().contains(resnet.get())) {
            kind = "resnet";
            model = resnet.get();
        } else if (map.keySet().stream().anyMatch(k -> k.startsWith("backbone.")) && map.keySet().stream().anyMatch(k -> k.startsWith("head."))) {
            kind = "ssd";
            model = "ssd300_vgg16";
        } else if (map.keySet().stream().anyMatch(k -> k.contains("rbr_dense") || k.contains("rbr_reparam") || k.contains("dbb_origin")
                || k.contains("square_conv"))) {
            kind = "reparam";
            model = map.keySet().stream().anyMatch(k -> k.contains("rbr_")) ? "RepVGG" : map.keySet().stream().anyMatch(k -> k.contains("dbb_")) ? "DBB" : "ACNet";
        }
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("tensors", sd.size());
        List<Map<String, Object>> shapes = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : map.entrySet()) {
            if (shapes.size() == 12) break;
            shapes.add(Map.of("name", e.getKey(), "shape", e.getValue().shape()));
        }
        desc.put("shapes", shapes);
        if (resnet.isPresent() && model == null) desc.put("looksLike", resnet.get());
        return new Upload(id, kind, filename, model, null, sd, desc);
    }

    public Upload get(String id) {
        Upload u = byId.get(id);
        if (u == null) {
            throw ApiError.notFound("no upload with id '" + id + "'", "uploads live as long as the server; upload the file again");
        }
        return u;
    }

    public Optional<Upload> find(String id) { return Optional.ofNullable(byId.get(id)); }

    public List<Upload> all() {
        return byId.values().stream().sorted(Comparator.comparingInt(u -> Integer.parseInt(u.id().substring(7)))).toList();
    }

    /** The JSON answer for an upload: id, kind, filename, model name, and shapes. */
    public static Map<String, Object> describe(Upload u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("kind", u.kind());
        m.put("filename", u.filename());
        if (u.model() != null) m.put("model", u.model());
        m.putAll(u.description());
        return m;
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a file still open elsewhere goes with the JVM's temp cleanup
                }
            });
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
