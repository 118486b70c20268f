package dev.forgeline.release.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.cross.DebianArch;
import dev.forgeline.release.io.ProcessRunner;
import dev.forgeline.release.manifest.ReleaseManifest.Smoke;
import dev.forgeline.release.manifest.ReleaseManifest.SmokeCheck;
import dev.forgeline.release.oci.OciLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The smoke test of one platform image, from the layout's own bytes: every layer (digest checked) is unpacked in
 * order into a fresh root file system with {@code tar}, and the image's entrypoint runs in it as a container runtime
 * would: in a new mount and PID namespace ({@code unshare}), with {@code /proc} and a few device nodes, {@code chroot}
 * into the root as the image's user, with the image's environment. A foreign platform's entrypoint runs under its
 * QEMU user-mode emulator, copied into the smoke root (not into the image): inside the chroot only the image's own
 * files are there, so a library missing from the image fails the test instead of being taken from the host.
 * {@code --bind 127.0.0.1 --port 0} are appended, as a user overrides them, and {@link GatewayProbe} asks the gateway.
 */
final class ImageSmoke {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    /** An emulated JVM starts in seconds; one that printed no endpoint after this is hung. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    static final String QEMU_IN_ROOT = ".forgeline-qemu";

    private ImageSmoke() {}

    /**
     * Whether images run in a chroot here (root, with unshare and chroot): else under QEMU with {@code -L} the root, as
     * the jars' smoke tests do, which takes from the host what the root lacks (said in the record's runner).
     */
    static boolean chrootAvailable() {
        return "root".equals(System.getProperty("user.name"))
                && List.of("unshare", "chroot", "mount", "mknod").stream().allMatch(t -> ProcessRunner.onPath(t).isPresent());
    }

    /** What the smoke test needs in either way: tar, and QEMU for every platform without a chroot. */
    static void requireTools(boolean chroot, java.util.Collection<DebianArch> arches) {
        java.util.Optional<DebianArch> hostArch = dev.forgeline.release.platform.TargetCatalog.host()
                .flatMap(DebianArch::of);
        if (ProcessRunner.onPath("tar").isEmpty()) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "tar is not installed: the image cannot be "
                    + "smoke-tested here", "install with: apt-get install -y tar");
        }
        for (DebianArch arch : arches) {
            boolean emulated = !chroot || hostArch.filter(arch::equals).isEmpty();
            if (emulated && ProcessRunner.onPath(arch.qemuCommand()).isEmpty()) {
                throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, arch.qemuCommand() + " is not installed: the "
                        + arch + " image cannot be smoke-tested here", "install with: apt-get install -y qemu-user-static");
            }
        }
    }

    /**
     * @param manifestDigest the platform image's manifest in the layout
     * @param work a fresh directory for the root file system and the log
     */
    static Smoke run(Path layout, String manifestDigest, DebianArch arch, boolean host, boolean chroot, String classifier,
            String librarySha256, Path work) throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<SmokeCheck> checks = new ArrayList<>();
        Path root = work.resolve("rootfs");
        Files.createDirectories(root);
        JsonNode config;
        try {
            config = unpack(layout, manifestDigest, root, work, chroot);
            checks.add(new SmokeCheck("unpack", true, "every layer unpacked, digests checked"));
        } catch (IOException e) {
            checks.add(new SmokeCheck("unpack", false, e.getMessage()));
            return failed(checks, started);
        }
        String user = config.path("config").path("User").asText();
        boolean nonRoot = !user.isEmpty() && !user.startsWith("0:") && !user.equals("0") && !user.equals("root");
        checks.add(new SmokeCheck("non-root-user", nonRoot, "runs as " + user));
        List<String> entrypoint = new ArrayList<>();
        config.path("config").path("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
        Map<String, String> env = new java.util.TreeMap<>();
        config.path("config").path("Env").forEach(e -> {
            String s = e.asText();
            env.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        });

        List<String> args = new ArrayList<>(entrypoint);
        args.addAll(List.of("--bind", "127.0.0.1", "--port", "0"));
        Path log = work.resolve("image.log");
        Process process;
        if (chroot) {
            List<String> inRoot = new ArrayList<>();
            if (!host) {
                Files.copy(ProcessRunner.onPath(arch.qemuCommand()).orElseThrow(), root.resolve(QEMU_IN_ROOT),
                        StandardCopyOption.REPLACE_EXISTING);
                inRoot.add("/" + QEMU_IN_ROOT);
            }
            inRoot.addAll(args);
            process = start(root, user, inRoot, env, log);
        } else {
            process = startUnderQemu(root, arch, args, env, log);
        }
        try {
            URI endpoint = awaitEndpoint(process, log);
            if (endpoint == null) {
                checks.add(new SmokeCheck("start", false, "the entrypoint printed no endpoint: "
                        + tail(log)));
                return failed(checks, started);
            }
            checks.add(new SmokeCheck("start", true, "listening on " + endpoint));
            GatewayProbe.Answers answers = new GatewayProbe(endpoint).probe(classifier, librarySha256);
            checks.addAll(answers.checks());
            boolean passed = checks.stream().allMatch(SmokeCheck::passed);
            return new Smoke(passed ? Smoke.SmokeStatus.passed : Smoke.SmokeStatus.failed, runnerName(arch, host, chroot),
                    "image entrypoint, /health and /mcp", answers.loadedSha256(), checks, seconds(started));
        } finally {
            stop(process);
        }
    }

    /**
     * Unpacks the platform image's layers in order into {@code root} with tar (owners and modes kept), each layer's
     * digest checked first; returns the image's config.
     */
    static JsonNode unpack(Path layout, String manifestDigest, Path root, Path work) throws IOException,
            InterruptedException {
        return unpack(layout, manifestDigest, root, work, true);
    }

    /** As {@link #unpack(Path, String, Path, Path)}; {@code owners}: keep the layers' owners (needs root). */
    static JsonNode unpack(Path layout, String manifestDigest, Path root, Path work, boolean owners) throws IOException,
            InterruptedException {
        JsonNode manifest = JSON.readTree(verifiedBlob(layout, manifestDigest));
        JsonNode config = JSON.readTree(verifiedBlob(layout, manifest.path("config").path("digest").asText()));
        for (JsonNode layer : manifest.path("layers")) {
            Path blob = OciLayout.blobFile(layout, layer.path("digest").asText());
            requireDigest(blob, layer.path("digest").asText());
            ProcessRunner.Result untar = ProcessRunner.run(List.of("tar", "-x", "-p",
                    owners ? "--same-owner" : "--no-same-owner", "--numeric-owner", "-f", blob.toString(), "-C",
                    root.toString()), work, Map.of(), work.resolve("tar.log"), Duration.ofMinutes(5));
            if (untar.exitCode() != 0) {
                throw new IOException("tar could not unpack layer " + layer.path("digest").asText() + ": " + untar.tail(5));
            }
        }
        return config;
    }

    /**
     * Ends the run and everything it started. unshare's {@code --kill-child} is not enough: the kernel drops a
     * parent-death signal when chroot changes the user, so the image's process is killed by its own id.
     */
    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> started = process.descendants().toList();
        started.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle p : started) {
            p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join();
        }
    }

    static String runnerName(DebianArch arch, boolean host, boolean chroot) {
        return chroot ? "chroot" + (host ? "" : " under " + arch.qemuCommand())
                : arch.qemuCommand() + " -L <root> (no chroot: not root)";
    }

    /**
     * Without root: the image's java under its platform's emulator with {@code -L} the unpacked root, the image's
     * absolute paths (java, class path) taken inside the root, and its home there.
     */
    private static Process startUnderQemu(Path root, DebianArch arch, List<String> args, Map<String, String> env,
            Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(path(arch.qemuCommand()), "-L", root.toString()));
        for (String arg : args) {
            command.add(arg.startsWith("/") ? java.util.Arrays.stream(arg.split(":"))
                    .map(part -> root.resolve(part.substring(1)).toString())
                    .collect(java.util.stream.Collectors.joining(":")) : arg);
        }
        Map<String, String> inRoot = new java.util.TreeMap<>(env);
        inRoot.computeIfPresent("HOME", (k, home) -> root.resolve(home.substring(1)).toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(inRoot);
        builder.environment().put("PATH", "/usr/bin:/bin");
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    /**
     * unshare (new mount and PID namespaces; the child is killed with it) runs a shell that mounts /proc and a tmpfs
     * /dev with null, zero, random, urandom inside the root (gone with the namespace: nothing of the host is bound in,
     * so deleting the root afterwards cannot reach the host), then chroot as the image's user.
     */
    private static Process start(Path root, String user, List<String> command, Map<String, String> env, Path log)
            throws IOException {
        String script = "set -e; r=\"$1\"; u=\"$2\"; shift 2; mkdir -p \"$r/proc\" \"$r/dev\"; "
                + "mount -t proc proc \"$r/proc\"; mount -t tmpfs -o mode=755 tmpfs \"$r/dev\"; "
                + "mknod -m 666 \"$r/dev/null\" c 1 3; mknod -m 666 \"$r/dev/zero\" c 1 5; "
                + "mknod -m 666 \"$r/dev/random\" c 1 8; mknod -m 666 \"$r/dev/urandom\" c 1 9; "
                + "exec chroot --userspec=\"$u\" \"$r\" \"$@\"";
        List<String> full = new ArrayList<>(List.of(path("unshare"), "--mount", "--pid", "--fork", "--kill-child",
                "/bin/sh", "-c", script, "sh", root.toString(), user));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        // The host tools of the script come first; inside the chroot the image's own PATH is what counts.
        builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin:" + env.getOrDefault("PATH", ""));
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static String path(String tool) {
        return ProcessRunner.onPath(tool).map(Path::toString).orElse(tool);
    }

    /** Copies the process's output to {@code log} and returns the endpoint it prints, or null if it prints none in time. */
    private static URI awaitEndpoint(Process process, Path log) throws InterruptedException, IOException {
        BlockingQueue<Object> found = new ArrayBlockingQueue<>(1);
        java.io.Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (out; BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line + "\n");
                    out.flush();
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        found.offer(URI.create(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            found.offer(Boolean.FALSE);
        }, "image-smoke-output");
        reader.setDaemon(true);
        reader.start();
        Object first = found.poll(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return first instanceof URI uri ? uri : null;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static byte[] verifiedBlob(Path layout, String digest) throws IOException {
        byte[] bytes = Files.readAllBytes(OciLayout.blobFile(layout, digest));
        String actual = "sha256:" + HexFormat.of().formatHex(FileDigest.of(bytes).sha256());
        if (!actual.equals(digest)) {
            throw new IOException("blob " + digest + " of the layout holds other bytes (" + actual + ")");
        }
        return bytes;
    }

    private static void requireDigest(Path blob, String digest) throws IOException {
        String actual = "sha256:" + HexFormat.of().formatHex(FileDigest.of(blob).sha256());
        if (!actual.equals(digest)) {
            throw new IOException("layer " + digest + " of the layout holds other bytes (" + actual + ")");
        }
    }

    private static Smoke failed(List<SmokeCheck> checks, long started) {
        return new Smoke(Smoke.SmokeStatus.failed, "image", "image entrypoint, /health and /mcp", null, checks,
                seconds(started));
    }

    private static double seconds(long started) {
        return Math.round((System.nanoTime() - started) / 1e8) / 10.0;
    }
}
