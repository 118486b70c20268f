package dev.forgeline.nativecore;

import java.util.List;

/** Incremental Server-Sent-Events decoder backed by native state. Not thread-safe. */
public final class SseDecoder implements AutoCloseable {
    private long handle;

    SseDecoder(long handle) {
        this.handle = handle;
    }

    /** Feeds the next chunk of the stream; returns the events it completed, possibly none. */
    public List<SseEvent> feed(byte[] chunk) {
        if (handle == 0) {
            throw new IllegalStateException("SSE decoder is closed");
        }
        return NativeCore.parseEvents(NativeBindings.sseDecoderFeed(handle, chunk));
    }

    @Override
    public void close() {
        long h = handle;
        handle = 0;
        NativeBindings.sseDecoderFree(h);
    }
}
