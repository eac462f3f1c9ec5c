/*
 * Loads a state_dict (name -> tensor, as read from .pth / .safetensors / .npz) into a module tree
 * by the official key names, checking every key and shape first and copying nothing unless all
 * fit (torch's load_state_dict(strict=True)). Optional keys (BN's num_batches_tracked) may be absent.
 */
package workbench.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import workbench.tensor.Shape;
import workbench.tensor.Tensor;

public final class StateDictLoader {
    private StateDictLoader() {}

    /** Compares keys and shapes without copying anything. */
    public static LoadReport check(Module model, Map<String, Tensor> stateDict) {
        Map<String, Tensor> expected = model.stateDict();
        Set<String> optional = model.optionalKeys();
        List<String> loaded = new ArrayList<>(), missing = new ArrayList<>(), unexpected = new ArrayList<>();
        List<LoadReport.Mismatch> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Tensor got = stateDict.get(e.getKey());
            if (got == null) {
                if (!optional.contains(e.getKey())) missing.add(e.getKey());
            } else if (!Arrays.equals(got.shape(), e.getValue().shape())) {
                // a 0-d counter saved as (1,) or () is the same thing
                if (!(optional.contains(e.getKey()) && got.numel() == e.getValue().numel())) {
                    mismatched.add(new LoadReport.Mismatch(e.getKey(), e.getValue().shapeString(), got.shapeString()));
                }
            } else {
                loaded.add(e.getKey());
            }
        }
        for (String k : stateDict.keySet()) if (!expected.containsKey(k)) unexpected.add(k);
        return new LoadReport(loaded, missing, unexpected, mismatched);
    }

    /**
     * Loads strictly: throws StateDictMismatchException naming every bad key when anything does
     * not fit. {@code source} names the file in messages; {@code guess} may name the architecture
     * the keys look like (for the hint), or be null.
     */
    public static LoadReport load(Module model, Map<String, Tensor> stateDict, String source,
                                  String modelName, Function<Map<String, Tensor>, Optional<String>> guess) {
        LoadReport report = check(model, stateDict);
        if (!report.ok()) {
            StringBuilder msg = new StringBuilder(source + ": checkpoint does not fit " + modelName + report.describe(8));
            Optional<String> other = guess == null ? Optional.empty() : guess.apply(stateDict);
            if (other.isPresent() && !other.get().equals(modelName)) {
                msg.append("\n  ---> HINT: these keys look like ").append(other.get()).append(", not ").append(modelName)
                        .append("; pick the matching model (e.g. `run ").append(other.get()).append("`).");
            } else if (!report.missing().isEmpty() && !report.unexpected().isEmpty()
                    && report.unexpected().get(0).startsWith("module.")) {
                msg.append("\n  ---> HINT: keys start with 'module.' (saved from DataParallel); strip that prefix.");
            } else {
                msg.append("\n  ---> HINT: the file was saved from a different model or configuration; "
                        + "compare with torchvision's state_dict keys for ").append(modelName).append('.');
            }
            throw new StateDictMismatchException(msg.toString(), report);
        }
        Map<String, Tensor> target = model.stateDict();
        for (String key : report.loaded()) {
            Tensor src = stateDict.get(key), dst = target.get(key);
            Shape.requireSame(key, src, dst);
            System.arraycopy(src.data(), 0, dst.data(), 0, dst.numel());
        }
        return report;
    }

    /**
     * Loads a part of a model (torch's strict=False, but stricter): every key of the file must exist in
     * the model with the same shape; model keys the file lacks keep their values. Used to load, say,
     * only the stem of a ResNet.
     */
    public static LoadReport loadSubset(Module model, Map<String, Tensor> stateDict, String source) {
        LoadReport full = check(model, stateDict);
        if (!full.unexpected().isEmpty() || !full.mismatched().isEmpty()) {
            LoadReport bad = new LoadReport(full.loaded(), List.of(), full.unexpected(), full.mismatched());
            throw new StateDictMismatchException(source + ": entries do not fit the model" + bad.describe(8)
                    + "\n  ---> HINT: every key of the file must name a parameter of the model, with the same shape.", bad);
        }
        Map<String, Tensor> target = model.stateDict();
        for (String key : full.loaded()) {
            System.arraycopy(stateDict.get(key).data(), 0, target.get(key).data(), 0, target.get(key).numel());
        }
        return full;
    }
}
