/*
 * Writer for NumPy's .npz: a zip archive with one "<key>.npy" per tensor, stored uncompressed as
 * numpy.savez does (ZIP_STORED), each member written by NpyWriter's rules ('<f4', C order).
 * np.load(path)[key] gives the tensor back; NpzReader reads it too.
 * Deliberately not done: compression (savez_compressed), other dtypes.
 */
package workbench.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import workbench.tensor.Tensor;

public final class NpzWriter {
    private NpzWriter() {}

    public static void write(Path path, Map<String, Tensor> tensors) {
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(path)))) {
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                byte[] npy = npyBytes(e.getValue());
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED);          // stored entries need size and CRC up front
                entry.setSize(npy.length);
                entry.setCompressedSize(npy.length);
                CRC32 crc = new CRC32();
                crc.update(npy);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(npy);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot write", e);
        }
    }

    static byte[] npyBytes(Tensor t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(NpyWriter.header("<f4", t.shape()));
        ByteBuffer body = ByteBuffer.allocate(4 * t.numel()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : t.data()) body.putFloat(v);
        out.writeBytes(body.array());
        return out.toByteArray();
    }
}
