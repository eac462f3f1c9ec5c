/*
 * Why a cell failed, with traceback lines ready for Jupyter's error output (what JJava's
 * CompilationException / EvaluationException do). Jupyter shows the simple class name of the
 * exception as `ename` and the message as `evalue`: that pair is what a CI log prints, so the
 * message names the user's exception and its message, e.g.
 *   EvaluationError: IllegalArgumentException: layer1.0.conv1: expected input (N, 64, H, W), got ...
 */
package workbench.notebook;

import java.util.List;

abstract sealed class CellFailure extends RuntimeException
        permits CellFailure.CompilationError, CellFailure.EvaluationError, CellFailure.IncompleteInput {
    private final List<String> traceback;

    CellFailure(String message, List<String> traceback) {
        super(message, null, false, false);
        this.traceback = List.copyOf(traceback);
    }

    /** Lines for the notebook's error output, most important first. */
    List<String> traceback() { return traceback; }

    /** javac rejected a snippet: the diagnostic, the offending source line and a caret under the spot. */
    static final class CompilationError extends CellFailure {
        CompilationError(String message, List<String> traceback) { super(message, traceback); }
    }

    /** The snippet compiled and threw while running; the message starts with the user's exception class. */
    static final class EvaluationError extends CellFailure {
        EvaluationError(String message, List<String> traceback) { super(message, traceback); }
    }

    /** The cell ends in the middle of a statement (a missing brace or semicolon). */
    static final class IncompleteInput extends CellFailure {
        IncompleteInput(String remaining) {
            super("the cell ends in the middle of a statement",
                    List.of("IncompleteInput: the cell ends in the middle of a statement:",
                            "    " + remaining.strip().lines().findFirst().orElse(""),
                            "  ---> HINT: check for a missing ';', ')' or '}'."));
        }
    }
}
