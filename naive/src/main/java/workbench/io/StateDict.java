/*
 * An ordered map from parameter names to tensors, as torch's state_dict: keys keep the order of the
 * file (state_dict order for .pth, header order for .safetensors, archive order for .npz, sorted
 * relative paths for a directory of .npy files). Values are float32 Tensors; dtype(key) tells what
 * the file stored.
 * StateDict.load picks the reader from the path: .pth/.pt/.bin/.ckpt -> PthReader,
 * .safetensors -> SafetensorsReader, .npz -> NpzReader, .npy -> one tensor named after the file,
 * a directory -> every .npy below it (fromNpyDirectory).
 * Deliberately not here: writing, lazy loading, name remapping beyond stripping a prefix.
 */
package workbench.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import workbench.tensor.Tensor;

public final class StateDict implements Iterable<Map.Entry<String, Tensor>> {
    static final String SUPPORTED = ".pth/.pt/.bin/.ckpt (torch.save zip format), .safetensors, .npz, .npy,"
            + " or a directory of .npy files";

    private final Path source;
    private final LinkedHashMap<String, Tensor> tensors;
    private final LinkedHashMap<String, DType> dtypes;
    private final String wrapperKey;
    private final List<String> skippedKeys;

    StateDict(Path source, LinkedHashMap<String, Tensor> tensors, LinkedHashMap<String, DType> dtypes,
              String wrapperKey, List<String> skippedKeys) {
        this.source = source;
        this.tensors = tensors;
        this.dtypes = dtypes;
        this.wrapperKey = wrapperKey;
        this.skippedKeys = List.copyOf(skippedKeys);
    }

    /** A state dict built in memory (tests, converted weights); every tensor counts as FLOAT32. */
    public static StateDict of(Path source, Map<String, Tensor> tensors) {
        LinkedHashMap<String, DType> dtypes = new LinkedHashMap<>();
        for (String k : tensors.keySet()) dtypes.put(k, DType.FLOAT32);
        return new StateDict(source, new LinkedHashMap<>(tensors), dtypes, null, List.of());
    }

    /** Reads a checkpoint, choosing the reader by extension (or a directory of .npy files). */
    public static StateDict load(Path path) {
        if (Files.isDirectory(path)) return fromNpyDirectory(path);
        if (!Files.exists(path)) {
            throw new UncheckedIOException(new NoSuchFileException(path.toString(), null, "no such file"));
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
        return switch (ext) {
            case ".pth", ".pt", ".bin", ".ckpt" -> PthReader.read(path);
            case ".safetensors" -> SafetensorsReader.read(path);
            case ".npz" -> fromNpy(path, NpzReader.read(path));
            case ".npy" -> {
                String stem = path.getFileName().toString();
                yield fromNpy(path, new LinkedHashMap<>(Map.of(stem.substring(0, stem.length() - 4), NpyReader.read(path))));
            }
            default -> throw new CheckpointFormatException(path, "unknown checkpoint extension '" + ext
                    + "'; supported: " + SUPPORTED, "rename the file to the extension of its format, or call"
                    + " the matching reader (PthReader, SafetensorsReader, NpzReader, NpyReader) directly");
        };
    }

    /**
     * Every .npy file under {@code dir}, recursively. The key is the path relative to {@code dir}
     * without ".npy", components joined by '/' ("params/layer1.0.conv1.weight"); keys are sorted.
     * Other files (manifest.json, ...) are ignored.
     */
    public static StateDict fromNpyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UncheckedIOException(new NoSuchFileException(dir.toString(), null, "not a directory"));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = new ArrayList<>(walk.filter(p -> p.getFileName().toString().endsWith(".npy"))
                    .filter(Files::isRegularFile).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list", e);
        }
        if (files.isEmpty()) {
            throw new CheckpointFormatException(dir, "the directory holds no .npy files",
                    "point at the directory the golden generator wrote (it holds <name>.npy per tensor)");
        }
        LinkedHashMap<String, NpyArray> arrays = new LinkedHashMap<>();
        files.stream().map(p -> Map.entry(key(dir, p), p)).sorted(Map.Entry.comparingByKey())
                .forEach(e -> arrays.put(e.getKey(), NpyReader.read(e.getValue())));
        return fromNpy(dir, arrays);
    }

    private static String key(Path dir, Path file) {
        Path rel = dir.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) sb.append(sb.isEmpty() ? "" : "/").append(part);
        return sb.substring(0, sb.length() - ".npy".length());
    }

    private static StateDict fromNpy(Path source, LinkedHashMap<String, NpyArray> arrays) {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        LinkedHashMap<String, DType> dtypes = new LinkedHashMap<>();
        arrays.forEach((k, a) -> {
            tensors.put(k, a.tensor());
            dtypes.put(k, a.dtype());
        });
        return new StateDict(source, tensors, dtypes, null, List.of());
    }

    /** The file or directory this was read from. */
    public Path source() { return source; }

    /** The tensor under {@code key}; a missing key is an error that lists a few keys that exist. */
    public Tensor get(String key) {
        Tensor t = tensors.get(key);
        if (t == null) {
            List<String> some = tensors.keySet().stream().limit(8).toList();
            String suffix = key.contains(".") ? key.substring(key.lastIndexOf('.')) : key;
            List<String> similar = tensors.keySet().stream().filter(k -> k.endsWith(suffix)).limit(5).toList();
            throw new IllegalArgumentException(source + ": no tensor '" + key + "' among " + tensors.size()
                    + " keys (first: " + some + ")\n  ---> HINT: "
                    + (similar.isEmpty() ? "check the spelling against keys()"
                    : "keys ending like it: " + similar + "; a prefix such as 'module.' may need stripPrefix"));
        }
        return t;
    }

    public Optional<Tensor> find(String key) { return Optional.ofNullable(tensors.get(key)); }

    public boolean contains(String key) { return tensors.containsKey(key); }

    /** The dtype the file stored for {@code key} (values are float32 either way). */
    public DType dtype(String key) {
        get(key);
        return dtypes.get(key);
    }

    /** Keys in file order. */
    public Set<String> keys() { return Collections.unmodifiableSet(tensors.keySet()); }

    /** An unmodifiable view, in file order. */
    public Map<String, Tensor> asMap() { return Collections.unmodifiableMap(tensors); }

    public int size() { return tensors.size(); }

    /** The checkpoint key the tensors were found under ("state_dict", "model_state", ...), if any. */
    public Optional<String> wrapperKey() { return Optional.ofNullable(wrapperKey); }

    /** Keys whose values were not tensors (ints, strings, nested dicts, other objects) and were skipped. */
    public List<String> skippedKeys() { return skippedKeys; }

    /**
     * The entries whose key starts with {@code prefix}, with the prefix removed
     * ("module." from DataParallel, "params/" from a golden directory); other entries are dropped.
     */
    public StateDict stripPrefix(String prefix) {
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        LinkedHashMap<String, DType> d = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                t.put(k.substring(prefix.length()), v);
                d.put(k.substring(prefix.length()), dtypes.get(k));
            }
        });
        return new StateDict(source, t, d, wrapperKey, skippedKeys);
    }

    @Override
    public Iterator<Map.Entry<String, Tensor>> iterator() { return asMap().entrySet().iterator(); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("StateDict[" + source + ", " + tensors.size() + " tensors");
        wrapperKey().ifPresent(k -> sb.append(", under '").append(k).append("'"));
        return sb.append(']').toString();
    }
}
