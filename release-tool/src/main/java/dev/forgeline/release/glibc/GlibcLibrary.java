package dev.forgeline.release.glibc;

import java.util.List;

/**
 * A shared library of glibc that a link may name: how {@code -l} finds it ({@code linkName}, e.g.
 * {@code c} for {@code -lc}; null for the dynamic loader, which only libc's link script names), its
 * soname, and its abilist file.
 */
record GlibcLibrary(String linkName, String soname, String abiListFile) {
    /** Every library rustc and C builds name, plus the ones the moved symbols came from. */
    static List<GlibcLibrary> all(GlibcArch arch) {
        return List.of(
                new GlibcLibrary("c", "libc.so.6", "libc.abilist"),
                new GlibcLibrary("pthread", "libpthread.so.0", "libpthread.abilist"),
                new GlibcLibrary("dl", "libdl.so.2", "libdl.abilist"),
                new GlibcLibrary("rt", "librt.so.1", "librt.abilist"),
                new GlibcLibrary("m", "libm.so.6", "libm.abilist"),
                new GlibcLibrary("util", "libutil.so.1", "libutil.abilist"),
                new GlibcLibrary("anl", "libanl.so.1", "libanl.abilist"),
                new GlibcLibrary("resolv", "libresolv.so.2", "libresolv.abilist"),
                new GlibcLibrary(null, arch.loaderSoname(), "ld.abilist"));
    }

    /** The name used in {@link MovedSymbols}: libpthread, libdl, ... */
    String libraryName() {
        return soname.substring(0, soname.indexOf(".so"));
    }
}
