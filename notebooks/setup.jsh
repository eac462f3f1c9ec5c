// Workbench notebook setup: cell 1 of every notebook is `%load setup.jsh` (this folder is the working directory).
// The compiled modules (./workbench build). On the workbench kernel they are already on the class path and
// this line changes nothing; on stock JJava it is what finds them (point %classpath at target/classes, not src/).
%classpath ../naive/target/classes ../vectorized/target/classes ../golden-tests/target/classes ../notebook-kernel/target/classes
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import workbench.tensor.*;
import workbench.kernels.*;
import workbench.nn.*;
import workbench.vectorized.VectorKernels;
import workbench.golden.GoldenCase;
import static workbench.notebook.Notebook.*;
// WB_FAST=1 (set by the notebook check in CI) shrinks inputs; cells read FAST where a size matters.
boolean FAST = "1".equals(System.getenv("WB_FAST"));
Path GOLDEN = Path.of("../golden-tests/data").toAbsolutePath().normalize();
Kernels naive = NaiveKernels.INSTANCE;
Kernels vectorized = new VectorKernels();
GoldenCase golden(String chapter, String name) { return GoldenCase.open(GOLDEN.resolve(chapter).resolve(name)); }
"Java " + Runtime.version().feature() + ", kernels: " + naive.name() + " and " + vectorized.name() + (FAST ? ", WB_FAST=1" : "")
