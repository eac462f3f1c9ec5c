/*
 * A checkpoint does not fit the model: keys missing, unexpected, or of the wrong shape.
 * The message lists them by name (like torch's load_state_dict(strict=True) error) and, where
 * the keys look like another architecture, says which one.
 */
package workbench.nn;

public final class StateDictMismatchException extends IllegalArgumentException {
    private final transient LoadReport report;

    public StateDictMismatchException(String message, LoadReport report) {
        super(message);
        this.report = report;
    }

    public LoadReport report() { return report; }
}
