package dev.forgeline.nativecore;

/** One Server-Sent Event; null fields are absent. */
public record SseEvent(String id, String event, String data, Integer retryMillis) {
    public static SseEvent message(String id, String data) {
        return new SseEvent(id, null, data, null);
    }
}
