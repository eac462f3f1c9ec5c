/*
 * Audio input that cannot be turned into samples: not a WAV, truncated, empty, an encoding we do
 * not decode, or ffmpeg missing for a compressed format. The message follows STYLE.md:
 *   <path>: <what is wrong>
 *     ---> HINT: <how to fix it>
 */
package workbench.vggish;

public final class AudioFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public AudioFormatException(String source, String problem, String hint) {
        this(source, problem, hint, null);
    }

    public AudioFormatException(String source, String problem, String hint, Throwable cause) {
        super(source + ": " + problem + "\n  ---> HINT: " + hint, cause);
    }
}
