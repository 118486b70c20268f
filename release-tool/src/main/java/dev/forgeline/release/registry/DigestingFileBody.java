package dev.forgeline.release.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body streamed from a file in large chunks, each digested as it is handed to the HTTP client: a blob is read
 * once, and its SHA-256 is that of the very bytes sent. The JDK's {@code ofInputStream} and {@code ofFile} publishers
 * hand out 16 KiB buffers, and the per-buffer cost of the client's reactive pipeline then bounds an upload of a
 * 200 MB layer well below what loopback and the registry take; {@value #CHUNK}-byte buffers do not. Each subscription
 * (a resend after a 401) reads the file from its start and starts the digest again.
 */
final class DigestingFileBody implements HttpRequest.BodyPublisher {
    static final int CHUNK = 1 << 20;

    private final Path file;
    private final long size;
    private final MessageDigest sha;

    DigestingFileBody(Path file, long size, MessageDigest sha) {
        this.file = file;
        this.size = size;
        this.sha = sha;
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
        sha.reset();
        subscriber.onSubscribe(new Chunks(channel, subscriber));
    }

    /** Reads and hands out one chunk per unit of demand; reentrant calls from onNext only add demand. */
    private final class Chunks implements Flow.Subscription {
        private final FileChannel channel;
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger draining = new AtomicInteger();
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
                    ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
                    boolean end = false;
                    try {
                        while (chunk.hasRemaining()) { // fill the chunk: fewer, larger writes
                            if (channel.read(chunk) < 0) {
                                end = true;
                                break;
                            }
                        }
                    } catch (IOException e) {
                        finish();
                        subscriber.onError(new UncheckedIOException(e));
                        return;
                    }
                    if (chunk.position() == 0) {
                        finish();
                        subscriber.onComplete();
                        return;
                    }
                    chunk.flip();
                    sha.update(chunk.duplicate());
                    demand.decrementAndGet();
                    subscriber.onNext(chunk);
                    if (end) {
                        finish();
                        subscriber.onComplete();
                        return;
                    }
                }
            } while (draining.decrementAndGet() != 0);
        }

        private void finish() {
            finished = true;
            try {
                channel.close();
            } catch (IOException e) {
                // the body is over either way
            }
        }
    }
}
