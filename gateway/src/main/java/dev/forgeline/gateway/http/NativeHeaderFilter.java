package dev.forgeline.gateway.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.forgeline.gateway.NativeIdentity;
import java.io.IOException;

/** Puts {@value NativeIdentity#HEADER} on every response, errors included, before any handler runs. */
public final class NativeHeaderFilter extends Filter {
    private final String value;

    public NativeHeaderFilter(NativeIdentity identity) {
        this.value = identity.headerValue();
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        exchange.getResponseHeaders().set(NativeIdentity.HEADER, value);
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "adds " + NativeIdentity.HEADER;
    }
}
