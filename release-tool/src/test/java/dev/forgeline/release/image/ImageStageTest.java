package dev.forgeline.release.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.config.ReleaseConfigLoader;
import dev.forgeline.release.cross.DebianArch;
import dev.forgeline.release.cross.DebianBaseRoot;
import dev.forgeline.release.manifest.ImageRecord;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.oci.ImageConfig;
import dev.forgeline.release.stage.StageContext;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.Prerequisites;
import dev.forgeline.release.testing.TestProjects;
import dev.forgeline.release.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image of this repository's own release ({@code release --local} for linux-x86_64 and linux-aarch_64), read by
 * the ecosystem's tools: skopeo inspects each platform of the index, umoci unpacks a platform image into the same
 * files as our own unpacking, and the smoke records say each image ran the gateway with its own native core (the
 * x86_64 one in a chroot, the aarch64 one in a chroot under QEMU). A broken image fails its smoke test, and then
 * nothing is published.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageStageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ARCH = Map.of("linux-x86_64", "amd64", "linux-aarch_64", "arm64");

    private Path temp;
    private Path release;
    private ReleaseManifest manifest;
    private ImageRecord image;
    private String version;

    @BeforeAll
    void releaseWithImage(@TempDir Path dir) {
        Prerequisites.command("skopeo", "sudo apt-get install -y skopeo");
        Prerequisites.command("umoci", "sudo apt-get install -y umoci");
        Prerequisites.command("qemu-aarch64-static", "sudo apt-get install -y qemu-user-static");
        Prerequisites.command("unshare", "sudo apt-get install -y util-linux");
        if (!"root".equals(System.getProperty("user.name"))) {
            Prerequisites.missing("the image smoke test runs images in a chroot, which needs root", "run the tests as root");
        }
        temp = dir;
        release = dir.resolve("release");
        CliRun run = CliRun.of("release", "--local", "--config", TestProjects.repositoryRoot().resolve("release.yaml")
                .toString(), "--target", "linux-x86_64", "--target", "linux-aarch_64", "--out", release.toString());
        assertEquals(0, run.exitCode(), "release --local failed:\n" + run.err() + run.out());
        manifest = ManifestStore.read(release);
        image = manifest.image();
        version = manifest.project().version();
    }

    @Test
    void image_onePlatformImagePerBuiltLinuxTarget_baseDebsAndJarsRecorded() {
        assertEquals(ARCH.keySet(), image.platforms().keySet());
        for (Map.Entry<String, ImageRecord.PlatformImage> e : image.platforms().entrySet()) {
            ImageRecord.PlatformImage platform = e.getValue();
            assertEquals("linux/" + ARCH.get(e.getKey()), platform.platform());
            assertEquals(DebianBaseRoot.PACKAGES, platform.packages().stream().map(ImageRecord.Deb::name).toList());
            platform.packages().forEach(d -> {
                assertEquals(ARCH.get(e.getKey()), d.arch(), d.toString());
                assertTrue(d.sha256().matches("[0-9a-f]{64}"), d.toString());
            });
            assertEquals(List.of("base", "user", "dependencies", "project"),
                    platform.layers().stream().map(ImageRecord.Layer::role).toList());
            assertEquals(manifest.target(TargetId.of(e.getKey())).library().sha256(), platform.librarySha256());
        }
        // The third-party layer is the same blob for every platform; the project layer differs by its classifier jar.
        List<ImageRecord.PlatformImage> both = List.copyOf(image.platforms().values());
        assertEquals(both.get(0).layers().get(2), both.get(1).layers().get(2));
        assertNotEquals(both.get(0).layers().get(3).digest(), both.get(1).layers().get(3).digest());
    }

    @Test
    void projectLayer_holdsExactlyTheReleasesJarsAndOnlyItsPlatformsClassifierJar() throws Exception {
        for (String classifier : ARCH.keySet()) {
            Path root = Files.createDirectories(temp.resolve("ours-" + classifier));
            ImageSmoke.unpack(release.resolve("image"), image.platforms().get(classifier).manifestDigest(), root, temp);
            try (Stream<Path> jars = Files.list(root.resolve("app/gateway"))) {
                assertEquals(List.of("gateway-" + version + ".jar", "native-core-" + version + "-" + classifier + ".jar",
                        "native-core-" + version + ".jar"), jars.map(p -> p.getFileName().toString()).sorted().toList());
            }
            for (ReleaseManifest.ArtifactRecord artifact : manifest.artifacts()) {
                String name = artifact.artifactId() + "-" + version
                        + (artifact.classifier() == null ? "" : "-" + artifact.classifier()) + ".jar";
                Path inImage = root.resolve("app/gateway").resolve(name);
                if ("jar".equals(artifact.extension()) && Files.exists(inImage)) {
                    assertEquals(artifact.sha256(), sha256(inImage), "the Maven release's bytes: " + name);
                }
            }
            try (Stream<Path> libs = Files.list(root.resolve("app/lib"))) {
                assertTrue(libs.map(p -> p.getFileName().toString()).anyMatch(n -> n.startsWith("jackson-databind-")));
            }
            assertEquals(65532, Files.getAttribute(root.resolve("home/gateway"), "unix:uid"));
            assertEquals(0, Files.getAttribute(root.resolve("app/gateway"), "unix:uid"));
        }
    }

    @Test
    void base_dpkgListsExactlyTheRecordedDebs_verifiesEveryFileOfThem_andOsReleaseNamesDebian() throws Exception {
        Prerequisites.command("dpkg-query", "sudo apt-get install -y dpkg");
        for (String classifier : ARCH.keySet()) {
            ImageRecord.PlatformImage platform = image.platforms().get(classifier);
            Path root = Files.createDirectories(temp.resolve("dpkg-" + classifier));
            ImageSmoke.unpack(release.resolve("image"), platform.manifestDigest(), root, temp);
            Tools.Run query = Tools.run(temp, Map.of(), List.of("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"),
                    "-W", "-f", "${Package}:${Architecture} ${Version} ${db:Status-Abbrev}\n"));
            assertEquals(0, query.exitCode(), query.output());
            assertEquals(platform.packages().stream().map(d -> d.name() + ":" + d.arch() + " " + d.version() + " ii ")
                    .sorted().toList(), query.output().lines().sorted().toList(), "what a scanner reads of " + classifier);
            Tools.Run owner = Tools.run(temp, Map.of(), List.of("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"),
                    "-S", "/" + DebianArch.byDpkgName(ARCH.get(classifier)).orElseThrow().jvmHome() + "/lib/server/libjvm.so"));
            assertTrue(owner.output().startsWith("openjdk-17-jre-headless:"), owner.output());
            // Every file the packages ship, as they shipped it (their md5sums and conffiles, dpkg's own check).
            Tools.Run verify = Tools.run(temp, Map.of(), List.of("dpkg", "--root=" + root, "--verify"));
            assertEquals("", verify.output(), "dpkg --verify of the " + classifier + " image");
            String osRelease = Files.readString(root.resolve("etc/os-release")); // a relative link into usr/lib
            assertTrue(osRelease.contains("\nID=debian\n") && osRelease.contains("VERSION_ID=\"12\""), osRelease);
            assertEquals("debian-12", platform.distro(), "the record's distribution, the SBOM purls' distro qualifier");
        }
    }

    @Test
    void skopeo_inspectsEveryPlatformOfTheIndexWithItsLabelsAndEntrypoint() throws Exception {
        for (Map.Entry<String, String> e : ARCH.entrySet()) {
            JsonNode inspected = skopeo("inspect", "--override-arch", e.getValue(), "oci:" + release.resolve("image") + ":"
                    + version);
            assertEquals(e.getValue(), inspected.get("Architecture").asText());
            assertEquals(image.indexDigest(), inspected.get("Digest").asText());
            List<String> layers = new ArrayList<>();
            inspected.get("Layers").forEach(l -> layers.add(l.asText()));
            assertEquals(image.platforms().get(e.getKey()).layers().stream().map(ImageRecord.Layer::digest).toList(), layers);
            JsonNode labels = inspected.get("Labels");
            assertEquals(manifest.source().commit(), labels.get("org.opencontainers.image.revision").asText());
            assertEquals(version, labels.get("org.opencontainers.image.version").asText());
            assertEquals("https://forgeline.dev", labels.get("org.opencontainers.image.source").asText());
            assertEquals(ImageConfig.rfc3339(manifest.source().sourceDateEpoch()),
                    labels.get("org.opencontainers.image.created").asText());

            JsonNode config = skopeo("inspect", "--config", "--override-arch", e.getValue(), "oci:"
                    + release.resolve("image") + ":" + version).get("config");
            assertEquals("65532:65532", config.get("User").asText());
            String entrypoint = config.get("Entrypoint").toString();
            assertTrue(entrypoint.endsWith("\"dev.forgeline.gateway.Main\",\"--bind\",\"0.0.0.0\",\"--port\",\"8080\"]"),
                    entrypoint);
            assertTrue(config.get("ExposedPorts").has("8080/tcp"), config.toString());
        }
    }

    @Test
    void umoci_unpacksAPlatformImageIntoTheSameFilesAsOurs() throws Exception {
        String classifier = "linux-aarch_64";
        Path layoutCopy = temp.resolve("umoci-layout");
        TestProjects.copyTree(release.resolve("image"), layoutCopy); // umoci may write into the layout it reads
        Path bundle = temp.resolve("umoci-bundle");
        Tools.Run unpack = Tools.run(temp, Map.of(), List.of("umoci", "unpack", "--image", layoutCopy + ":" + version
                + "-linux-arm64", bundle.toString()));
        assertEquals(0, unpack.exitCode(), unpack.output());
        Path ours = Files.createDirectories(temp.resolve("ours-umoci-" + classifier));
        ImageSmoke.unpack(release.resolve("image"), image.platforms().get(classifier).manifestDigest(), ours, temp);
        SortedMap<String, String> theirs = snapshot(bundle.resolve("rootfs"));
        SortedMap<String, String> mine = snapshot(ours);
        assertTrue(mine.size() > 500, "a JRE's worth of files: " + mine.size());
        assertEquals(mine, theirs);
        JsonNode runtime = JSON.readTree(bundle.resolve("config.json").toFile());
        assertEquals(65532, runtime.at("/process/user/uid").asInt());
    }

    @Test
    void smoke_everyPlatformImageRanTheGatewayWithItsOwnNativeCore() {
        for (Map.Entry<String, ImageRecord.PlatformImage> e : image.platforms().entrySet()) {
            ReleaseManifest.Smoke smoke = e.getValue().smoke();
            assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, smoke.status(), smoke.toString());
            assertEquals(e.getValue().librarySha256(), smoke.testedSha256());
            assertTrue(smoke.checks().stream().map(ReleaseManifest.SmokeCheck::name).toList().containsAll(List.of(
                    "unpack", "non-root-user", "start", "health-classifier", "health-digest", "mcp-initialize",
                    "mcp-tools-call")), smoke.toString());
            assertEquals(e.getKey().equals("linux-aarch_64") ? "chroot under qemu-aarch64-static" : "chroot", smoke.runner());
        }
    }

    @Test
    void smoke_withoutAChroot_runsEveryPlatformUnderQemuWithTheRootAsPrefix() throws Exception {
        for (Map.Entry<String, ImageRecord.PlatformImage> e : image.platforms().entrySet()) {
            DebianArch arch = DebianArch.byDpkgName(ARCH.get(e.getKey())).orElseThrow();
            Path work = Files.createDirectories(temp.resolve("no-chroot-" + e.getKey()));
            ReleaseManifest.Smoke smoke = ImageSmoke.run(release.resolve("image"), e.getValue().manifestDigest(), arch,
                    e.getKey().equals("linux-x86_64"), false, e.getKey(), e.getValue().librarySha256(), work);
            assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, smoke.status(), smoke.toString());
            assertEquals(e.getValue().librarySha256(), smoke.testedSha256());
            assertEquals(arch.qemuCommand() + " -L <root> (no chroot: not root)", smoke.runner());
        }
    }

    @Test
    void rerun_imageIsDoneAlready() {
        CliRun again = CliRun.of("release", "--local", "--config", TestProjects.repositoryRoot().resolve("release.yaml")
                .toString(), "--target", "linux-x86_64", "--target", "linux-aarch_64", "--out", release.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("image     done already: image " + image.indexDigest()), again.err());
        assertEquals(image, ManifestStore.read(release).image());
    }

    @Test
    void brokenImage_failsItsSmokeTest_recordsIt_andPublishesNothing() throws Exception {
        Path copy = temp.resolve("broken-release");
        TestProjects.copyTree(release.resolve("artifacts"), copy.resolve("artifacts"));
        Files.copy(release.resolve(ReleaseManifest.FILE_NAME), copy.resolve(ReleaseManifest.FILE_NAME));
        ReleaseConfig config = new ReleaseConfigLoader().load(TestProjects.repositoryRoot().resolve("release.yaml"));
        Path toolchains = Path.of(System.getenv("FORGELINE_TOOLCHAINS"));
        // Each platform image gets the other architecture's JRE: its java cannot run, so the gateway never starts.
        ImageStage broken = new ImageStage(ImageSubject.of(config), copy, arch -> {
            DebianBaseRoot other = DebianBaseRoot.provision(arch == DebianArch.AMD64 ? DebianArch.ARM64 : DebianArch.AMD64,
                    toolchains);
            return new DebianBaseRoot(arch, other.root(), other.packages());
        });
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        StageContext context = StageContext.of(Map.of(), new PrintStream(progress, true));
        try {
            ForgelineException failure = assertThrows(ForgelineException.class, () -> broken.run(context));
            assertEquals(ExitCode.CHECK_FAILED, failure.exitCode());
            assertTrue(failure.getMessage().contains("the image smoke test failed for linux-aarch_64"), failure.getMessage());
        } finally {
            context.jobs().close();
        }
        ImageRecord recorded = ManifestStore.read(copy).image();
        recorded.platforms().values().forEach(p -> {
            assertEquals(ReleaseManifest.Smoke.SmokeStatus.failed, p.smoke().status(), p.toString());
            assertTrue(p.smoke().failedChecks().stream().anyMatch(c -> c.name().equals("start")), p.smoke().toString());
        });
        CliRun publish = CliRun.of("publish", "--from", copy.toString(), "--repository",
                temp.resolve("must-stay-empty").toUri().toString());
        assertEquals(1, publish.exitCode(), publish.err());
        assertTrue(publish.err().contains("image linux/amd64 (smoke test failed: start"), publish.err());
        assertTrue(Files.notExists(temp.resolve("must-stay-empty")), "nothing published, Maven included");
    }

    private JsonNode skopeo(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.addAll(List.of(args));
        Tools.Run run = Tools.run(temp, Map.of(), command);
        assertEquals(0, run.exitCode(), run.output());
        return JSON.readTree(run.output());
    }

    /** Every entry under {@code root}: type, mode, owner, and content digest or link target. */
    private static SortedMap<String, String> snapshot(Path root) throws IOException {
        SortedMap<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                String owner = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                        + Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
                String what = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : sha256(p);
                out.put(root.relativize(p).toString(), Integer.toOctalString(mode) + " " + owner + " " + what);
            }
        }
        return out;
    }

    private static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(FileDigest.of(file).sha256());
    }
}
