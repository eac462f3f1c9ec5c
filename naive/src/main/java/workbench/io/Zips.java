/*
 * Opening zip archives (.npz, torch.save's zip format) with messages that name the file and say
 * what a broken archive most likely is. Uses java.util.zip.ZipFile, which reads the central
 * directory at the end of the file, so a truncated archive fails here, before any entry is read.
 * Deliberately not here: writing zips, zip64 quirks beyond what the JDK handles, encryption.
 */
package workbench.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

final class Zips {
    private Zips() {}

    /** "PK\3\4" (a local file header) or "PK\5\6" (an empty archive). */
    static boolean looksLikeZip(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    }

    static ZipFile open(Path path, String kind, String hint) {
        if (!Files.exists(path)) {
            throw new UncheckedIOException(new NoSuchFileException(path.toString(), null, "no such file"));
        }
        byte[] head = ByteReads.head(path, 4);
        if (!looksLikeZip(head)) {
            throw new CheckpointFormatException(path, "not a zip archive (" + kind + " files are zips); it starts with "
                    + (head.length == 0 ? "nothing (empty file)" : ByteReads.hexStart(head, 4)), hint);
        }
        try {
            return new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new CheckpointFormatException(path, "unreadable zip archive (" + e.getMessage()
                    + "); the end of the file, where a zip keeps its table of contents, is missing or damaged",
                    ByteReads.TRUNCATED_HINT);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read", e);
        }
    }

    /** The declared uncompressed size of an entry; an unknown size is a damaged archive. */
    static long size(ZipEntry e, String source) {
        long size = e.getSize();
        if (size < 0) {
            throw new CheckpointFormatException(source, "the archive does not record the size of " + e.getName(),
                    "re-create the archive with np.savez or torch.save");
        }
        return size;
    }

    /** The whole entry; its declared size must be what the entry really holds. */
    static byte[] readEntry(ZipFile zip, ZipEntry e, String source, String what) throws IOException {
        long size = size(e, source);
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = ByteReads.readExactly(in, size, source, what);
            if (in.read() != -1) {
                throw new CheckpointFormatException(source, what + " holds more bytes than the archive declares ("
                        + size + ")", "the archive is damaged; re-create it");
            }
            return b;
        } catch (ZipException ex) {
            throw new CheckpointFormatException(source, "cannot decompress " + what + " (" + ex.getMessage() + ")",
                    ByteReads.TRUNCATED_HINT);
        }
    }
}
