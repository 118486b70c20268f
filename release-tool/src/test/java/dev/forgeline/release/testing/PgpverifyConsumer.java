package dev.forgeline.release.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPPublicKeyRingCollection;

/**
 * A stock Maven consumer of {@code dev.forgeline:gateway} that checks the PGP signatures of what it resolved with
 * pgpverify-maven-plugin (Maven Central), as a careful downstream user does: the release's public key is pre-filled
 * into the plugin's key cache (no key server is reachable here, and none is needed), and a keys map allows only that
 * key for {@code dev.forgeline}. Jackson is excluded from the graph: its publisher's key is on key servers only.
 */
public final class PgpverifyConsumer {
    public static final String PLUGIN = "org.simplify4u.plugins:pgpverify-maven-plugin:1.19.1";

    private PgpverifyConsumer() {}

    /**
     * Runs {@code mvn pgpverify:check} in a fresh consumer under {@code dir}, trusting {@code trustedKeyFile}'s
     * fingerprints for {@code dev.forgeline} and finding the signatures' keys in a cache filled from
     * {@code cachedKeyFile} (the release's key: a different trusted key makes the check fail, as it must).
     */
    public static Tools.Run check(Path dir, URI repository, String version, Path cachedKeyFile, Path trustedKeyFile,
            Path localRepository) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path cache = fillKeyCache(dir.resolve("pgpkeys-cache"), cachedKeyFile);
        Files.writeString(dir.resolve("keysmap.list"), "# the release's key, and only it, may sign dev.forgeline\n"
                + "dev.forgeline = " + String.join(", ", fingerprints(trustedKeyFile)) + "\n");
        Files.writeString(dir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.example</groupId>
                  <artifactId>pgpverify-consumer</artifactId>
                  <version>1</version>
                  <repositories>
                    <repository>
                      <id>forgeline</id><url>%s</url>
                      <releases><checksumPolicy>fail</checksumPolicy></releases>
                    </repository>
                  </repositories>
                  <dependencies>
                    <dependency>
                      <groupId>dev.forgeline</groupId><artifactId>gateway</artifactId><version>%s</version>
                      <exclusions><exclusion><groupId>com.fasterxml.jackson.core</groupId><artifactId>*</artifactId></exclusion></exclusions>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.simplify4u.plugins</groupId>
                        <artifactId>pgpverify-maven-plugin</artifactId>
                        <version>1.19.1</version>
                        <configuration>
                          <pgpKeysCachePath>%s</pgpKeysCachePath>
                          <keysMapLocation>%s</keysMapLocation>
                          <scope>runtime</scope>
                          <failNoSignature>true</failNoSignature>
                          <strictNoSignature>true</strictNoSignature>
                          <verifyPomFiles>true</verifyPomFiles>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(repository, version, cache, dir.resolve("keysmap.list")));
        Files.writeString(dir.resolve("settings.xml"), "<settings/>\n");
        // Checksum policy "fail" as the repository's own policy, not -C: the plugin fetches each .asc with the policy
        // "ignore" (a signature has no checksum files: Maven 3.9's resolver and forgeline write none), and Maven
        // 3.8's -C would override that for every download.
        return Tools.run(dir, Map.of(), List.of("mvn", "-B", "-ntp", "-s", "settings.xml",
                "-Dmaven.repo.local=" + localRepository, PLUGIN + ":check"));
    }

    /** The plugin's cache layout: {@code XX/YY/<KEYID>.asc} and {@code XX/YY/<FINGERPRINT>.asc} for every (sub)key. */
    private static Path fillKeyCache(Path cache, Path keyFile) throws IOException {
        byte[] armored = Files.readAllBytes(keyFile);
        for (PGPPublicKey key : keys(keyFile)) {
            String keyId = String.format(Locale.ROOT, "%016X", key.getKeyID());
            String fingerprint = HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
            for (String name : List.of(keyId, fingerprint)) {
                Path file = cache.resolve(name.substring(0, 2)).resolve(name.substring(2, 4)).resolve(name + ".asc");
                Files.createDirectories(file.getParent());
                Files.write(file, armored);
            }
        }
        return cache;
    }

    private static List<String> fingerprints(Path keyFile) throws IOException {
        List<String> out = new ArrayList<>();
        for (PGPPublicKey key : keys(keyFile)) {
            out.add("0x" + HexFormat.of().withUpperCase().formatHex(key.getFingerprint()));
        }
        return out;
    }

    private static List<PGPPublicKey> keys(Path keyFile) throws IOException {
        List<PGPPublicKey> keys = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(keyFile))) {
            for (PGPPublicKeyRing ring : new JcaPGPPublicKeyRingCollection(in)) {
                for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
                    keys.add(it.next());
                }
            }
        } catch (org.bouncycastle.openpgp.PGPException e) {
            throw new IOException("cannot read the PGP key " + keyFile + ": " + e.getMessage(), e);
        }
        return keys;
    }
}
