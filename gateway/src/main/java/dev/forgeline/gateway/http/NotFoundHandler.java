package dev.forgeline.gateway.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** Every path that is not an endpoint; registered at "/" so the filters still apply. */
public final class NotFoundHandler implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            HttpResponses.empty(exchange, 404);
        } finally {
            exchange.close();
        }
    }
}
