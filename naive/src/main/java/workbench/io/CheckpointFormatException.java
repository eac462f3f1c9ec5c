/*
 * The one exception every reader in workbench.io throws when a file's bytes are wrong: truncated,
 * bad magic, a header that promises more data than the file holds, an unknown dtype, a pickle that
 * references something other than a tensor storage. Its message follows STYLE.md:
 *
 *   <path>: <what is wrong>
 *     ---> HINT: <how to fix it>
 *
 * Deliberately not used for plain I/O failures (missing file, no permission): those stay
 * UncheckedIOException with the path, as everywhere else in the project.
 */
package workbench.io;

import java.nio.file.Path;

public final class CheckpointFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;
    private final String hint;

    /** {@code source} names the file (for an archive member: "archive.npz:entry.npy"). */
    public CheckpointFormatException(String source, String problem, String hint) {
        this(source, problem, hint, null);
    }

    public CheckpointFormatException(String source, String problem, String hint, Throwable cause) {
        super(source + ": " + problem + "\n  ---> HINT: " + hint, cause);
        this.source = source;
        this.problem = problem;
        this.hint = hint;
    }

    public CheckpointFormatException(Path source, String problem, String hint) {
        this(source.toString(), problem, hint, null);
    }

    /** The file (or archive member) whose bytes are wrong. */
    public String source() { return source; }

    /** What is wrong, without the file name and without the hint. */
    public String problem() { return problem; }

    /** How to fix it. */
    public String hint() { return hint; }
}
