package dev.forgeline.gateway;

import dev.forgeline.nativecore.BuildInfo;
import dev.forgeline.nativecore.LoadedLibrary;
import dev.forgeline.nativecore.NativeCore;

/** What the loaded native core says about itself, rendered once for headers and --version. */
public record NativeIdentity(BuildInfo build, LoadedLibrary library) {
    /** Response header naming the native core on every response, so a deployment can be audited from outside. */
    public static final String HEADER = "X-Forgeline-Native";

    public static NativeIdentity of(NativeCore core) {
        return new NativeIdentity(core.buildInfo(), core.library());
    }

    /** e.g. {@code forgeline-native-core/0.1.0 (x86_64-unknown-linux-gnu)}. */
    public String headerValue() {
        String name = build.crateName() == null ? "forgeline-native-core" : build.crateName().replace('_', '-');
        return name + "/" + build.crateVersion() + " (" + build.target() + ")";
    }
}
