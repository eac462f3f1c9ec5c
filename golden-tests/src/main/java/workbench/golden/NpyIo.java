/*
 * The .npy reads and writes of the golden harness, through workbench.io's readers.
 */
package workbench.golden;

import java.nio.file.Path;
import workbench.tensor.Tensor;

final class NpyIo {
    private NpyIo() {}

    static Tensor read(Path p) {
        return workbench.io.NpyReader.readTensor(p);
    }

    static void write(Path p, Tensor t) {
        workbench.io.NpyWriter.write(p, t);
    }
}
