/*
 * The API's JSON answers as the page tests read them: a successful body, or an error body checked
 * for the API's error shape (message, hint, no stack trace; ApiTest.assertError).
 */
package workbench.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;

final class Responses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {}

    /** The body of a 200/201 answer (the assertion shows the body otherwise). */
    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return JSON.readTree(r.body());
    }

    /** The body of an error answer with this status, in the API's error shape. */
    static JsonNode error(HttpResponse<String> r, int status) throws Exception {
        ApiTest.assertError(r, status);
        return JSON.readTree(r.body());
    }
}
