package dev.forgeline.release.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetCatalogTest {
    @ParameterizedTest
    @CsvSource({
        "Linux, amd64, linux-x86_64",
        "Linux, aarch64, linux-aarch_64",
        "Linux, ppc64le, linux-ppcle_64",
        "Linux, s390x, linux-s390_64",
        "Linux, arm, linux-arm_32",
        "Mac OS X, aarch64, osx-aarch_64",
        "Mac OS X, x86_64, osx-x86_64",
        "Windows 11, amd64, windows-x86_64",
    })
    void hostClassifier_followsOsMavenPluginNames(String osName, String osArch, String classifier) {
        assertEquals(classifier, TargetCatalog.hostClassifier(osName, osArch));
        assertTrue(TargetCatalog.byClassifier(classifier).isPresent());
    }

    @ParameterizedTest
    @CsvSource({
        "linux-x86_64, forgeline_native_core, libforgeline_native_core.so",
        "osx-aarch_64, forgeline_native_core, libforgeline_native_core.dylib",
        "windows-x86_64, forgeline_native_core, forgeline_native_core.dll",
    })
    void libraryFileName_followsThePlatformConvention(String classifier, String lib, String file) {
        assertEquals(file, TargetCatalog.byClassifier(classifier).orElseThrow().libraryFileName(lib));
    }
}
