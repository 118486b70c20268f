package dev.forgeline.release.glibc;

import java.util.List;

/**
 * A {@code stat}-family function that glibc before 2.33 did not export: {@code <sys/stat.h>} routed
 * it to a small static function in libc_nonshared.a calling the exported {@code __xstat} family with
 * the ABI's {@code _STAT_VER}. Linking for such a glibc needs the same wrapper.
 */
record StatWrapper(String name, String target, Shape shape) {
    enum Shape {
        PATH("const char *path, void *buf", "path, buf"),
        FD("int fd, void *buf", "fd, buf"),
        AT("int dirfd, const char *path, void *buf, int flag", "dirfd, path, buf, flag");

        final String parameters;
        final String arguments;

        Shape(String parameters, String arguments) {
            this.parameters = parameters;
            this.arguments = arguments;
        }
    }

    static final List<StatWrapper> FAMILY = List.of(
            new StatWrapper("stat", "__xstat", Shape.PATH),
            new StatWrapper("stat64", "__xstat64", Shape.PATH),
            new StatWrapper("lstat", "__lxstat", Shape.PATH),
            new StatWrapper("lstat64", "__lxstat64", Shape.PATH),
            new StatWrapper("fstat", "__fxstat", Shape.FD),
            new StatWrapper("fstat64", "__fxstat64", Shape.FD),
            new StatWrapper("fstatat", "__fxstatat", Shape.AT),
            new StatWrapper("fstatat64", "__fxstatat64", Shape.AT));
}
