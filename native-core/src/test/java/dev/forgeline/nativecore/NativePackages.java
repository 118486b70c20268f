package dev.forgeline.nativecore;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Builds class-path entries laid out like platform jars, for loader tests. */
final class NativePackages {
    static final String LIBRARY = "forgeline_native_core";
    static final String FILE = "libforgeline_native_core.so";

    private final Map<String, byte[]> entries = new TreeMap<>();

    /** A library file plus a manifest that describes it truthfully. */
    NativePackages library(String classifier, byte[] content) {
        return library(classifier, content, NativeCache.sha256(content), content.length);
    }

    /** A library file plus a manifest claiming {@code sha256} and {@code size}. */
    NativePackages library(String classifier, byte[] content, String sha256, long size) {
        entries.put("META-INF/native/" + classifier + "/" + FILE, content);
        return manifest(classifier, manifestJson(classifier, FILE, sha256, size));
    }

    NativePackages manifest(String classifier, String json) {
        entries.put(NativeLoader.manifestResource(classifier, LIBRARY), json.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    NativePackages platformList(String text) {
        entries.put("META-INF/native/" + LIBRARY + ".platforms", text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** The entries as a directory, seen by a class loader that sees nothing else of this build. */
    URLClassLoader asDirectory(Path dir) throws IOException {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        return isolatedLoader(dir);
    }

    /** The entries as a jar file. */
    URLClassLoader asJar(Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jos.putNextEntry(new JarEntry(e.getKey()));
                jos.write(e.getValue());
                jos.closeEntry();
            }
        }
        return isolatedLoader(jar);
    }

    private static URLClassLoader isolatedLoader(Path entry) {
        try {
            // Parent null: the module's own target/classes (maybe holding a real build) stays invisible.
            return new URLClassLoader(new URL[] {entry.toUri().toURL()}, null);
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String manifestJson(String classifier, String file, String sha256, long size) {
        return "{\"formatVersion\":1,\"library\":\"" + LIBRARY + "\",\"classifier\":\"" + classifier
                + "\",\"target\":\"x86_64-unknown-linux-gnu\",\"file\":\"" + file + "\",\"sha256\":\"" + sha256
                + "\",\"size\":" + size + ",\"crateVersion\":\"0.1.0\",\"rustc\":\"rustc 1.95.0 (59807616e 2026-04-14)\""
                + ",\"profile\":\"release\",\"sourceCommit\":null,\"sourceDateEpoch\":null}";
    }

    /**
     * A 120-byte ELF file that no dynamic linker accepts (machine EM_NONE), which declares a
     * non-executable stack so that HotSpot does not warn about stack guards when it tries it.
     */
    static byte[] unloadableElf() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64 + 56).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 3).putShort((short) 0).putInt(1); // ET_DYN, EM_NONE, EV_CURRENT
        b.putLong(0).putLong(64).putLong(0); // entry, program headers right after, no sections
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1);
        b.putShort((short) 0).putShort((short) 0).putShort((short) 0);
        b.putInt(0x6474e551).putInt(6); // PT_GNU_STACK, PF_R | PF_W
        b.putLong(0).putLong(0).putLong(0).putLong(0).putLong(0).putLong(16);
        return b.array();
    }

    /** Deterministic pseudo-random bytes standing in for a library. */
    static byte[] fakeLibrary(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
