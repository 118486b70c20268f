package dev.forgeline.nativecore;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A second JVM for {@code NativeCacheTest}: installs {@code count} fake libraries into the cache at
 * {@code root} from a few threads, starting when the test writes "go" on standard input.
 */
public final class CacheRaceMain {
    static final int SIZE = 256 * 1024;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        NativeCache cache = new NativeCache(root);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"go".equals(in.readLine())) {
            System.exit(2);
        }
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            results.add(pool.submit(() -> {
                for (int i = 0; i < count; i++) {
                    byte[] content = NativePackages.fakeLibrary(i, SIZE);
                    String sha = NativeCache.sha256(content);
                    Path p = cache.install(sha, NativePackages.FILE, content);
                    if (!NativeCache.hasDigest(p, sha)) {
                        return false;
                    }
                }
                return true;
            }));
        }
        boolean ok = true;
        for (Future<Boolean> f : results) {
            ok &= f.get();
        }
        pool.shutdown();
        System.out.println(ok ? "ok" : "bad file");
        System.exit(ok ? 0 : 3);
    }
}
