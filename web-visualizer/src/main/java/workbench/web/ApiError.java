/*
 * ApiError: an error a handler reports to the browser, with its HTTP status and a hint.
 * VisualizerApp maps it to JSON {error, hint}; handlers throw it and never catch.
 * Not here: logging, retries.
 */
package workbench.web;

public final class ApiError extends RuntimeException {
    private final int status;
    private final String hint;

    public ApiError(int status, String error, String hint) {
        super(error);
        this.status = status;
        this.hint = hint;
    }

    public int status() { return status; }
    public String hint() { return hint; }

    public static ApiError badRequest(String error, String hint) { return new ApiError(400, error, hint); }
    public static ApiError notFound(String error, String hint) { return new ApiError(404, error, hint); }
    public static ApiError tooLarge(String error, String hint) { return new ApiError(413, error, hint); }
    public static ApiError unprocessable(String error, String hint) { return new ApiError(422, error, hint); }
}
