package dev.forgeline.gateway.transport;

/** A request the transport refuses before any handler sees it, with the HTTP status to answer. */
final class BadRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    BadRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
