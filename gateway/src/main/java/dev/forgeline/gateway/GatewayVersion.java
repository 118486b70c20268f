package dev.forgeline.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The gateway's name and version, from {@code gateway.properties}, which Maven filters with
 * {@code ${project.version}}: the version has one source, the POM.
 */
public record GatewayVersion(String name, String version) {
    private static final String RESOURCE = "gateway.properties";

    public static GatewayVersion current() {
        try (InputStream in = GatewayVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path; build with Maven");
            }
            Properties p = new Properties();
            p.load(in);
            String version = p.getProperty("version");
            if (version == null || version.startsWith("${")) {
                throw new IllegalStateException(RESOURCE + " was not filtered by Maven (version=" + version + ")");
            }
            return new GatewayVersion(p.getProperty("name", "forgeline-gateway"), version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
