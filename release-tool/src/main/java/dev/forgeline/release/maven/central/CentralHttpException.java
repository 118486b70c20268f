package dev.forgeline.release.maven.central;

import java.io.IOException;

/** Central answered a request with an HTTP error status: it was received and refused (or failed on its side). */
public final class CentralHttpException extends IOException {
    private final int status;

    CentralHttpException(String method, String url, int status, String body) {
        super(method + " " + url + " failed: HTTP " + status + (body == null || body.isBlank() ? ""
                : " (" + abbreviate(body.strip()) + ")"));
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 408, 429 and 5xx may pass: the request can be tried again. */
    public boolean retryable() {
        return status == 408 || status == 429 || status >= 500;
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }
}
