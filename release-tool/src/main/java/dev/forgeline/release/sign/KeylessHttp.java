package dev.forgeline.release.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON POSTs to Fulcio and Rekor; failures become {@link KeylessServiceException}s naming the service. */
final class KeylessHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private KeylessHttp() {}

    /** The JSON answer of a 200 or 201; anything else throws with the service's own message, run through redact. */
    static JsonNode post(String service, String url, byte[] json, java.util.function.UnaryOperator<String> redact) {
        HttpResponse<byte[]> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new KeylessServiceException("cannot reach " + service + " at " + url + " (" + e.getClass().getSimpleName()
                    + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeylessServiceException("interrupted while waiting for " + service);
        } catch (IllegalArgumentException e) {
            throw new KeylessServiceException(service + " URL " + url + " is not an http(s) URL");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            String message = answer == null ? "" : answer.path("message").asText("");
            throw new KeylessServiceException(service + " at " + url + " refused the request: HTTP "
                    + response.statusCode() + (message.isEmpty() ? "" : " (" + redact.apply(message) + ")"));
        }
        if (answer == null || !answer.isObject()) {
            throw new KeylessServiceException(service + " at " + url + " answered without a JSON object");
        }
        return answer;
    }
}
