package dev.forgeline.release.maven;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.eclipse.aether.spi.connector.transport.http.HttpTransporterException;
import org.eclipse.aether.spi.connector.transport.http.RFC9457.HttpRFC9457Exception;

/**
 * What a failed HTTP transfer means for the next step: retry it (the failure may pass: the connection was reset or
 * timed out, the server is overloaded, 429, 5xx) or stop (401, 403, 404, 409 and every other 4xx, a wrong host
 * name, a TLS failure: trying again cannot help).
 *
 * @param status the HTTP status, or 0 when there was no answer
 * @param what   for messages: "HTTP 503" or the I/O failure ("connection reset")
 */
record TransferFailure(boolean retryable, int status, String what) {

    static TransferFailure of(Throwable error) {
        int status = statusOf(error);
        if (status > 0) {
            boolean retry = status == 408 || status == 429 || status >= 500;
            return new TransferFailure(retry, status, "HTTP " + status);
        }
        if (error instanceof UnknownHostException) {
            return new TransferFailure(false, 0, "unknown host " + error.getMessage());
        }
        if (error instanceof SSLException) {
            return new TransferFailure(false, 0, "TLS failure: " + error.getMessage());
        }
        if (error instanceof SocketTimeoutException || error instanceof InterruptedIOException) {
            return new TransferFailure(true, 0, "timed out (" + error.getMessage() + ")");
        }
        if (error instanceof ConnectException || error instanceof NoRouteToHostException) {
            return new TransferFailure(true, 0, "cannot connect (" + error.getMessage() + ")");
        }
        if (error instanceof SocketException || error instanceof IOException) {
            // Reset, closed or truncated answers (Apache HttpClient's NoHttpResponseException, ConnectionClosedException,
            // TruncatedChunkException are IOExceptions too).
            return new TransferFailure(true, 0, error.getClass().getSimpleName() + ": " + error.getMessage());
        }
        return new TransferFailure(false, 0, error.toString());
    }

    private static int statusOf(Throwable error) {
        if (error instanceof HttpTransporterException http) {
            return http.getStatusCode();
        }
        if (error instanceof HttpRFC9457Exception problem) {
            return problem.getStatusCode();
        }
        return 0;
    }
}
