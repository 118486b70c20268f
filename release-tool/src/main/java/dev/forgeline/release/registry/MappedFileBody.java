package dev.forgeline.release.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body streamed from a file as read-only mappings of {@value #CHUNK} bytes each: the HTTP client writes them
 * to the socket as they are, so the bytes of a 200 MB layer are never copied through the Java heap (the JDK's
 * {@code ofFile} publisher reads 16 KiB heap buffers, and the per-buffer cost of the client's reactive pipeline then
 * bounds an upload well below what loopback and the registry take). Nothing is digested on the way: the registry checks
 * the digest the upload is closed with, and {@link RegistryClient} digests the file only when the registry refused it,
 * to say whether the file is at fault. Each subscription (a resend after a 401) maps the file from its start.
 */
final class MappedFileBody implements HttpRequest.BodyPublisher {
    static final int CHUNK = 1 << 20;

    private final Path file;
    private final long size;

    MappedFileBody(Path file, long size) {
        this.file = file;
        this.size = size;
    }

    @Override
    public long contentLength() {
        return size;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {}
            });
            subscriber.onError(new UncheckedIOException(e));
            return;
        }
        subscriber.onSubscribe(new Chunks(channel, subscriber));
    }

    /** Maps and hands out one chunk per unit of demand; reentrant calls from onNext only add demand. */
    private final class Chunks implements Flow.Subscription {
        private final FileChannel channel;
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger draining = new AtomicInteger();
        private long position;
        private volatile boolean finished;

        Chunks(FileChannel channel, Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.channel = channel;
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (finished) {
                return;
            }
            if (n <= 0) {
                finish();
                subscriber.onError(new IllegalArgumentException("non-positive demand " + n));
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            drain();
        }

        @Override
        public void cancel() {
            finish();
        }

        private void drain() {
            if (draining.getAndIncrement() != 0) {
                return;
            }
            do {
                while (!finished && demand.get() > 0) {
                    long length = Math.min(CHUNK, size - position);
                    if (length <= 0) {
                        finish();
                        subscriber.onComplete();
                        return;
                    }
                    ByteBuffer chunk;
                    try {
                        // A file shorter than its size when the upload began: the mapping would read past its end.
                        if (channel.size() < position + length) {
                            throw new IOException(file.getFileName() + " became shorter while it was sent ("
                                    + channel.size() + " bytes, not " + size + ")");
                        }
                        chunk = channel.map(FileChannel.MapMode.READ_ONLY, position, length);
                    } catch (IOException e) {
                        finish();
                        subscriber.onError(new UncheckedIOException(e));
                        return;
                    }
                    position += length;
                    demand.decrementAndGet();
                    subscriber.onNext(chunk);
                }
            } while (draining.decrementAndGet() != 0);
        }

        private void finish() {
            finished = true;
            try {
                channel.close(); // the mappings stay valid until they are collected
            } catch (IOException e) {
                // the body is over either way
            }
        }
    }
}
