/*
 * ./workbench table resnet: parameters and multiply-adds per model, counted from the models
 * themselves, beside the paper's figures (ResNet Table 1, Sec. 3.3, Table 6);
 * ./workbench table deeplab: DeepLabv3+ at 513x513, output stride 16 and 8.
 */
package workbench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import workbench.resnet.ResNetComplexity;

@Command(name = "table", mixinStandardHelpOptions = true, description = "Print a chapter's model table: `table resnet`, `table deeplab`.")
final class TableCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHAPTER", description = "resnet | reparam | deeplab")
    String chapter;

    @Override
    public Integer call() {
        if (chapter.equals("reparam")) {
            spec.commandLine().getOut().print(workbench.reparam.RepVGGs.format(workbench.reparam.RepVGGs.table()));
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (chapter.equals("deeplab")) {
            spec.commandLine().getOut().print(workbench.portrait.DeepLabComplexity.format(workbench.portrait.DeepLabComplexity.table()));
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (!chapter.equals("resnet")) {
            throw new IllegalArgumentException("no table for '" + chapter + "'; available: resnet, reparam, deeplab");
        }
        spec.commandLine().getOut().print(ResNetComplexity.format(ResNetComplexity.table()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
