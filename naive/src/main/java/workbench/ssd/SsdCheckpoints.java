/*
 * Loading a torchvision-format SSD state_dict (from .pth, .safetensors or .npz) into an SSD by key, with the
 * messages a user needs: a checkpoint trained for another number of classes is named by its head and shapes,
 * and the class count it implies is suggested. torchvision ssd.py builds the keys; StateDictLoader does the rest.
 */
package workbench.ssd;

import java.util.Map;
import java.util.Optional;
import workbench.nn.LoadReport;
import workbench.nn.StateDictLoader;
import workbench.tensor.Tensor;

public final class SsdCheckpoints {
    private SsdCheckpoints() {}

    static final String CLS_HEAD_0 = "head.classification_head.module_list.0.weight";

    /** The number of classes a checkpoint's classification head was built for, if its keys are an SSD's. */
    public static Optional<Integer> numClasses(Map<String, Tensor> stateDict, SsdConfig config) {
        Tensor w = stateDict.get(CLS_HEAD_0);
        if (w == null || w.rank() != 4) return Optional.empty();
        int a = config.numAnchors()[0];
        return w.dim(0) % a == 0 ? Optional.of(w.dim(0) / a) : Optional.empty();
    }

    /** Strict load; a class-count mismatch gets its own message naming every classification-head shape. */
    public static LoadReport load(SSD model, Map<String, Tensor> stateDict, String source) {
        Optional<Integer> theirs = numClasses(stateDict, model.config);
        if (theirs.isPresent() && theirs.get() != model.config.numClasses()) {
            StringBuilder msg = new StringBuilder(source + ": the checkpoint's classification head was built for " + theirs.get()
                    + " classes, the model for " + model.config.numClasses());
            Map<String, Tensor> ours = model.stateDict();
            for (String key : ours.keySet()) {
                if (key.startsWith("head.classification_head.") && key.endsWith(".weight") && stateDict.containsKey(key)) {
                    msg.append("\n  ").append(key).append(": model expects ").append(ours.get(key).shapeString())
                            .append(", file has ").append(stateDict.get(key).shapeString());
                }
            }
            msg.append("\n  ---> HINT: build the model with --num-classes ").append(theirs.get())
                    .append(" (num_classes counts the background: 21 for VOC, 91 for torchvision's COCO).");
            throw new IllegalArgumentException(msg.toString());
        }
        return StateDictLoader.load(model, stateDict, source, model.config.name(), sd -> Optional.empty());
    }
}
