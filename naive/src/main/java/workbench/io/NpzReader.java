/*
 * Reader for NumPy's .npz archives (np.savez and np.savez_compressed): a zip whose members are
 * .npy files, stored or deflated. Keys are the member names without ".npy", in archive order
 * (the order the arrays were passed to np.savez), so "mid/inner.npy" gives "mid/inner".
 * Mirrors numpy/lib/npyio.py (NpzFile). Members that are not .npy files are ignored, as NpzFile's
 * dict interface would hand them back as raw bytes.
 * Deliberately not done: lazy loading, memory mapping, writing.
 */
package workbench.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

public final class NpzReader {
    private NpzReader() {}

    /** All arrays of the archive, name -> array, in archive order. */
    public static LinkedHashMap<String, NpyArray> read(Path path) {
        LinkedHashMap<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = Zips.open(path, ".npz",
                "pass an archive written by np.savez or np.savez_compressed")) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) continue;
                String source = path + ":" + e.getName();
                String key = e.getName().substring(0, e.getName().length() - ".npy".length());
                long size = Zips.size(e, source);
                try (InputStream in = zip.getInputStream(e)) {
                    NpyArray a = NpyReader.read(in, size, source);
                    if (in.read() != -1) {
                        throw new CheckpointFormatException(source, "the member holds more bytes than the archive"
                                + " declares (" + size + ")", "the archive is damaged; re-create it with np.savez");
                    }
                    arrays.put(key, a);
                } catch (ZipException ex) {
                    throw new CheckpointFormatException(source, "cannot decompress the member (" + ex.getMessage() + ")",
                            ByteReads.TRUNCATED_HINT);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read", e);
        }
        if (arrays.isEmpty()) {
            throw new CheckpointFormatException(path, "the archive holds no .npy members",
                    "an .npz is written by np.savez(path, name=array, ...); check that this is the right file");
        }
        return arrays;
    }
}
