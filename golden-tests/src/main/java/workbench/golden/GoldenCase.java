/*
 * One golden case on disk: a folder with manifest.json and .npy files, in the format of the shared
 * golden sets (chapter, case, files[{file, name, shape, dtype, meaning}], provenance{function,
 * arguments, ...}, checks, notes). A case is recognised by its manifest - chapter and
 * provenance.function - never by its folder's name.
 */
package workbench.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import workbench.tensor.Shape;
import workbench.tensor.Tensor;

public final class GoldenCase {
    /** One entry of manifest.files. */
    public record FileEntry(String file, String name, int[] shape, String dtype, String meaning) {
        public boolean isNpy() { return file.endsWith(".npy"); }

        /** Parameters and state_dicts are inputs to the code under test, not results of it. */
        public boolean isParameter() {
            return file.startsWith("params/") || file.startsWith("deploy_params/") || file.startsWith("state_dict/")
                    || file.startsWith("deploy_state_dict/");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final JsonNode manifest;
    private final List<FileEntry> files = new ArrayList<>();

    private GoldenCase(Path dir, JsonNode manifest) {
        this.dir = dir;
        this.manifest = manifest;
        for (JsonNode f : manifest.path("files")) {
            int[] shape = new int[f.path("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = f.path("shape").get(i).asInt();
            files.add(new FileEntry(f.path("file").asText(), f.path("name").asText(), shape, f.path("dtype").asText(),
                    f.path("meaning").asText()));
        }
    }

    public static GoldenCase open(Path dir) {
        Path m = dir.resolve("manifest.json");
        if (!Files.isRegularFile(m)) {
            throw new IllegalArgumentException(dir + ": no manifest.json here"
                    + "\n  ---> HINT: a golden case is a folder holding manifest.json and its .npy files (see golden-tests/README.md).");
        }
        JsonNode root;
        try {
            root = JSON.readTree(m.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(m + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        for (String key : new String[] {"chapter", "case", "files", "provenance"}) {
            if (!root.has(key)) {
                throw new IllegalArgumentException(m + ": manifest has no '" + key + "' field"
                        + "\n  ---> HINT: expected the shared golden format: chapter, case, files, provenance{function, arguments}.");
            }
        }
        return new GoldenCase(dir, root);
    }

    public Path dir() { return dir; }
    public String chapter() { return manifest.path("chapter").asText(); }
    public String name() { return manifest.path("case").asText(); }
    public String description() { return manifest.path("description").asText(); }
    public String function() { return manifest.path("provenance").path("function").asText(); }
    public JsonNode arguments() { return manifest.path("provenance").path("arguments"); }
    public JsonNode provenance() { return manifest.path("provenance"); }
    public JsonNode checks() { return manifest.path("checks"); }
    public List<FileEntry> files() { return List.copyOf(files); }

    public FileEntry entry(String name) {
        for (FileEntry f : files) if (f.name().equals(name)) return f;
        throw new IllegalArgumentException(dir.resolve("manifest.json") + ": no file named '" + name + "'");
    }

    public boolean has(String name) {
        return files.stream().anyMatch(f -> f.name().equals(name));
    }

    public Path path(String file) {
        Path p = dir.resolve(file).normalize();
        if (!p.startsWith(dir.normalize())) throw new IllegalArgumentException(dir + ": file '" + file + "' points outside the case");
        return p;
    }

    /** Loads the .npy of a manifest entry and checks it against the manifest's shape. */
    public Tensor tensor(String name) {
        FileEntry f = entry(name);
        Tensor t = NpyIo.read(path(f.file()));
        if (!Arrays.equals(t.shape(), f.shape())) {
            throw new IllegalArgumentException(path(f.file()) + ": manifest says shape " + Shape.str(f.shape()) + ", file holds "
                    + t.shapeString() + "\n  ---> HINT: the case is damaged; regenerate it with its generator (see provenance).");
        }
        return t;
    }

    /** Entries under params/ by their state_dict key, in manifest order. */
    public Map<String, Tensor> params() {
        return prefixed("params/");
    }

    /** Entries whose file starts with {@code prefix}, keyed by manifest name. */
    public Map<String, Tensor> prefixed(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (FileEntry f : files) if (f.file().startsWith(prefix) && f.isNpy()) out.put(f.name(), tensor(f.name()));
        return out;
    }

    /** The case's tolerance from checks.tolerance, or the fallback when it names none. */
    public Tol tolerance(Tol fallback) {
        JsonNode t = checks().path("tolerance");
        if (t.isMissingNode()) return fallback;
        return new Tol(t.path("atol").asDouble(fallback.atol()), t.path("rtol").asDouble(fallback.rtol()),
                t.path("scale").asText("").startsWith("max(1"), t.path("why").asText(fallback.why()));
    }

    public int[] intArray(JsonNode n) {
        int[] a = new int[n.size()];
        for (int i = 0; i < a.length; i++) a[i] = n.get(i).asInt();
        return a;
    }

    /** A required integer argument, with a message naming the case when it is absent. */
    public int intArg(String key) {
        JsonNode v = arguments().get(key);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException(dir.resolve("manifest.json") + ": provenance.arguments." + key + " missing or not an integer");
        }
        return v.asInt();
    }

    public String textArg(String key) {
        JsonNode v = arguments().get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(dir.resolve("manifest.json") + ": provenance.arguments." + key + " missing or not a string");
        }
        return v.asText();
    }

    @Override
    public String toString() {
        return chapter() + "/" + name();
    }

    static UncheckedIOException io(Path p, IOException e) {
        return new UncheckedIOException(p + ": " + e.getMessage(), e);
    }
}
