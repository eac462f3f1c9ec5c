/*
 * Loading the segmentation checkpoints people have (lesson Sec. 1.9): torchvision's DeepLabV3 files
 * (deeplabv3_resnet50/101, a bare state_dict with `classifier.0.convs.*`, `classifier.4.*`, maybe
 * `aux_classifier.*`) and VainF's DeepLabv3+ files (`classifier.aspp.*`, `classifier.classifier.*`, the state_dict
 * under "model_state", or bare). Which one a file is comes from its keys; the model is then built from the
 * shapes it holds (blocks per stage, widths, classes, decoder convs), so a ResNet-101 or a Cityscapes file
 * loads as such, and loaded strictly by name (StateDictLoader), so anything left over is named.
 * What the keys cannot say: the output stride (VainF trains OS16 and OS8 on the same weights; torchvision
 * uses 8) and TF's align_corners; the defaults are VainF's OS16 (OS8 when the file name says "os8") and
 * torchvision's 8, and the caller may override the stride.
 * A file of another kind (a ResNet classifier, a MobileNet backbone, an FCN head, a BasicBlock ResNet) gets a
 * message saying what was found, what was expected and how to fix it.
 * Not here: MobileNet/Xception backbones, TF checkpoints, the legacy (pre-1.6) torch format.
 */
package workbench.portrait;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import workbench.io.StateDict;
import workbench.nn.Module;
import workbench.nn.StateDictLoader;
import workbench.resnet.ResNetConfig;
import workbench.tensor.Tensor;

public final class DeepLabCheckpoints {
    private DeepLabCheckpoints() {}

    /** The two layouts this loader knows. */
    public enum Kind {
        TORCHVISION_DEEPLABV3("torchvision DeepLabV3"), VAINF_DEEPLABV3PLUS("VainF DeepLabv3+");

        public final String label;

        Kind(String label) { this.label = label; }
    }

    /** What the keys say, before anything is built. */
    public record Inspection(Kind kind, ResNetConfig backbone, String backboneName, int numClasses, int headChannels, int lowOut,
                             int decoderConvs, boolean aux) { }

    /** A loaded model and what it is. {@code model} takes (N, 3, H, W) and returns logits (N, classes, H, W). */
    public record Loaded(Module model, Kind kind, Inspection inspection, int outputStride, String source, Optional<String> wrapperKey) {
        public int numClasses() { return inspection.numClasses(); }

        /** One line for the run's output. */
        public String describe() {
            return String.format(Locale.ROOT, "%s on %s, output stride %d, %d classes%s (%s%s)", kind.label, inspection.backboneName(),
                    outputStride, inspection.numClasses(), inspection.aux() ? ", aux head" : "", source,
                    wrapperKey.map(k -> ", state_dict under '" + k + "'").orElse(""));
        }
    }

    static final String EXPECTED = "a torchvision deeplabv3_resnet50/101 state_dict (keys backbone.*, classifier.0.convs.*, classifier.4.*)"
            + " or a VainF DeepLabv3+ checkpoint (keys backbone.*, classifier.aspp.*, classifier.classifier.*, often under 'model_state')";

    /** Reads a file (.pth, .safetensors, .npz) and loads it; {@code outputStride} 0 = the layout's default. */
    public static Loaded load(Path file, int outputStride) {
        StateDict sd = StateDict.load(file);
        return load(sd.asMap(), file.toString(), outputStride, sd.wrapperKey());
    }

    public static Loaded load(Map<String, Tensor> stateDict, String source, int outputStride, Optional<String> wrapperKey) {
        Inspection in = inspect(stateDict, source);
        int os = outputStride != 0 ? outputStride
                : in.kind() == Kind.TORCHVISION_DEEPLABV3 ? 8
                : Path.of(source).getFileName().toString().toLowerCase(Locale.ROOT).contains("os8") ? 8 : 16;
        Module model;
        String name;
        if (in.kind() == Kind.TORCHVISION_DEEPLABV3) {
            DeepLabV3Config c = new DeepLabV3Config("deeplabv3_" + in.backboneName(), in.backbone(), os, in.numClasses(), in.headChannels(), in.aux());
            model = new DeepLabV3(c);
            name = c.name();
        } else {
            DeepLabConfig c = new DeepLabConfig("deeplabv3plus_" + in.backboneName(), in.backbone(), os, in.numClasses(), in.decoderConvs(),
                    false, in.headChannels(), in.lowOut());
            model = new DeepLabV3Plus(c);
            name = c.name();
        }
        StateDictLoader.load(model, stateDict, source, name, sd -> Optional.empty());
        return new Loaded(model, in.kind(), in, os, source, wrapperKey);
    }

    /** Which layout the keys have, and the sizes they imply; a clear error for anything else. */
    public static Inspection inspect(Map<String, Tensor> sd, String source) {
        Kind kind;
        if (sd.containsKey("classifier.aspp.convs.0.0.weight") && sd.containsKey("classifier.project.0.weight")) {
            kind = Kind.VAINF_DEEPLABV3PLUS;
        } else if (sd.containsKey("classifier.0.convs.0.0.weight") && sd.containsKey("classifier.4.weight")) {
            kind = Kind.TORCHVISION_DEEPLABV3;
        } else {
            throw new IllegalArgumentException(source + ": " + whatItIs(sd) + "; expected " + EXPECTED + "\n  ---> HINT: " + hint(sd));
        }
        if (!sd.containsKey("backbone.layer1.0.conv1.weight")) {
            throw new IllegalArgumentException(source + ": a " + kind.label + " head on a backbone that is not a torchvision ResNet ("
                    + backboneHint(sd) + "); expected keys backbone.layer1.0.conv1.weight ... backbone.layer4.*"
                    + "\n  ---> HINT: only ResNet-50/101 backbones are built here; use the resnet50 or resnet101 checkpoint of the same family.");
        }
        if (!sd.containsKey("backbone.layer1.0.conv3.weight")) {
            throw new IllegalArgumentException(source + ": the backbone has BasicBlocks (no backbone.layer1.0.conv3.weight: a ResNet-18/34),"
                    + " which cannot be dilated\n  ---> HINT: DeepLab needs Bottleneck blocks (ResNet-50/101); torchvision raises"
                    + " 'Dilation > 1 not supported in BasicBlock' too.");
        }
        int[] layers = new int[4];
        for (int s = 1; s <= 4; s++) {
            while (sd.containsKey("backbone.layer" + s + "." + layers[s - 1] + ".conv1.weight")) layers[s - 1]++;
            if (layers[s - 1] == 0) {
                throw new IllegalArgumentException(source + ": backbone.layer" + s + " is missing (found no backbone.layer" + s
                        + ".0.conv1.weight)\n  ---> HINT: the file is incomplete or from another architecture; re-save model.state_dict().");
            }
        }
        Tensor l1conv1 = sd.get("backbone.layer1.0.conv1.weight"), l1conv2 = sd.get("backbone.layer1.0.conv2.weight");
        Tensor l1conv3 = sd.get("backbone.layer1.0.conv3.weight");
        int basePlanes = l1conv3.dim(0) / 4;                 // Bottleneck.expansion = 4
        int width = l1conv1.dim(0);
        int groups = l1conv2 == null ? 1 : Math.max(1, width / l1conv2.dim(1));
        int widthPerGroup = width * 64 / (basePlanes * groups);
        ResNetConfig backbone = new ResNetConfig("resnet", ResNetConfig.BlockType.BOTTLENECK, layers, ResNetConfig.Layout.V1_5,
                ResNetConfig.Shortcut.B, 1000, groups, widthPerGroup, null, basePlanes);
        String backboneName = backboneName(layers, basePlanes, groups, widthPerGroup);

        if (kind == Kind.TORCHVISION_DEEPLABV3) {
            int classes = sd.get("classifier.4.weight").dim(0);
            int head = sd.get("classifier.0.convs.0.0.weight").dim(0);
            return new Inspection(kind, backbone, backboneName, classes, head, 0, 0, sd.containsKey("aux_classifier.0.weight"));
        }
        int decoderConvs = 0;
        while (sd.containsKey("classifier.classifier." + (3 * decoderConvs) + ".weight")
                && sd.get("classifier.classifier." + (3 * decoderConvs) + ".weight").dim(2) == 3) {
            decoderConvs++;
        }
        Tensor logits = sd.get("classifier.classifier." + (3 * decoderConvs) + ".weight");
        if (decoderConvs == 0 || logits == null) {
            throw new IllegalArgumentException(source + ": a DeepLabv3+ head whose decoder is not VainF's (expected classifier.classifier.0.weight"
                    + " a 3x3 conv and classifier.classifier.3.weight the 1x1 to the classes)\n  ---> HINT: " + hint(sd));
        }
        return new Inspection(kind, backbone, backboneName, logits.dim(0), sd.get("classifier.aspp.convs.0.0.weight").dim(0),
                sd.get("classifier.project.0.weight").dim(0), decoderConvs, false);
    }

    private static String backboneName(int[] layers, int basePlanes, int groups, int widthPerGroup) {
        boolean standard = basePlanes == 64 && groups == 1 && widthPerGroup == 64 && layers[0] == 3 && layers[1] == 4 && layers[3] == 3;
        if (standard && layers[2] == 6) return "resnet50";
        if (standard && layers[2] == 23) return "resnet101";
        return String.format(Locale.ROOT, "resnet(layers=[%d, %d, %d, %d], planes=%d, width_per_group=%d%s)", layers[0], layers[1], layers[2],
                layers[3], basePlanes, widthPerGroup, groups == 1 ? "" : ", groups=" + groups);
    }

    /** A short description of a state_dict that is neither layout, from its first keys. */
    static String whatItIs(Map<String, Tensor> sd) {
        if (sd.isEmpty()) return "the file holds no tensors";
        if (sd.containsKey("fc.weight") && sd.containsKey("conv1.weight")) return "this is an image classifier's state_dict (conv1.*, layer*.*, fc.*: a plain ResNet), not a segmentation model";
        if (sd.containsKey("classifier.0.weight") && sd.containsKey("classifier.4.weight")) return "this is a torchvision FCN (classifier.0 is a plain 3x3 conv, no ASPP), not DeepLab";
        if (sd.containsKey("classifier.low_classifier.weight")) return "this is a torchvision LR-ASPP (classifier.low_classifier.*), not DeepLab";
        if (sd.keySet().stream().anyMatch(k -> k.startsWith("module."))) return "the keys start with 'module.' (saved from DataParallel)";
        TreeSet<String> heads = new TreeSet<>();
        for (String k : sd.keySet()) {
            int dot = k.indexOf('.');
            heads.add(dot < 0 ? k : k.substring(0, dot));
            if (heads.size() > 6) break;
        }
        return "its keys (top-level names " + heads + ") are neither layout";
    }

    static String hint(Map<String, Tensor> sd) {
        if (sd.keySet().stream().anyMatch(k -> k.startsWith("module."))) {
            return "strip the 'module.' prefix: torch.save({k[7:]: v for k, v in sd.items()}, 'fixed.pth').";
        }
        if (sd.containsKey("fc.weight")) return "give a segmentation checkpoint (deeplabv3_resnet50_coco-*.pth or a VainF best_deeplabv3plus_*.pth),"
                + " or run the classifier with `./workbench run resnet50`.";
        return "save the model's weights with torch.save(model.state_dict(), path) from torchvision.models.segmentation.deeplabv3_resnet50"
                + " or VainF's network.modeling.deeplabv3plus_resnet50/101.";
    }

    private static String backboneHint(Map<String, Tensor> sd) {
        if (sd.keySet().stream().anyMatch(k -> k.startsWith("backbone.features."))) return "found backbone.features.*: a MobileNet";
        if (sd.keySet().stream().anyMatch(k -> k.startsWith("backbone.block"))) return "found backbone.block*: an Xception";
        return "no backbone.layer1.* keys";
    }

    /**
     * The index of 'person' for a checkpoint with {@code numClasses} classes: 15 for the 21 VOC categories
     * (torchvision's COCO-trained and VainF's VOC files); otherwise the caller must say.
     */
    public static int personClass(int numClasses, Integer given, String source) {
        if (given != null) {
            if (given < 0 || given >= numClasses) {
                throw new IllegalArgumentException("--person-class " + given + " is outside the checkpoint's " + numClasses + " classes (0.."
                        + (numClasses - 1) + ")");
            }
            return given;
        }
        if (numClasses == VOC_CLASSES) return VOC_PERSON;
        throw new IllegalArgumentException(source + ": the checkpoint has " + numClasses + " classes, not VOC's 21 (where person = 15), so"
                + " which class is 'person' is not known\n  ---> HINT: pass --person-class N (Cityscapes, 19 classes: person = 11;"
                + " ADE20K, 150: person = 12); or use a VOC/COCO-trained checkpoint.");
    }

    /** torchvision _VOC_CATEGORIES: 21 names, "person" at index 15. */
    public static final int VOC_CLASSES = 21, VOC_PERSON = 15;
}
