package dev.forgeline.release.registry;

import dev.forgeline.release.ForgelineException;
import java.net.URI;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference with its registry named: {@code host[:port]/path/name[:tag][@sha256:hex]}, as the distribution
 * spec spells repository names and tags. There is no default registry (a reference without a host is refused rather
 * than sent to Docker Hub by surprise). Plain HTTP only for loopback hosts ({@code localhost}, {@code 127.0.0.0/8},
 * {@code [::1]}); HTTPS everywhere else.
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
    private static final Pattern REFERENCE = Pattern.compile(
            "(?<host>(?:\\[[0-9a-fA-F:]+]|[A-Za-z0-9.-]+)(?::[0-9]{1,5})?)/(?<repo>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
                    + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
                    + "(?:@(?<digest>sha256:[0-9a-f]{64}))?");

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("an image reference needs a tag or a digest");
        }
    }

    /**
     * Parses {@code text} (the value of {@code option}, for the message).
     *
     * @throws ForgelineException exit 2, with the expected form, for anything else
     */
    public static ImageReference parse(String text, String option) {
        Matcher m = REFERENCE.matcher(text == null ? "" : text);
        String hint = "write host[:port]/repository:tag, e.g. " + option + " registry.example.org/forgeline/gateway:1.2.3"
                + " (or 127.0.0.1:5000/forgeline/gateway:1.2.3 for a registry on this machine)";
        if (!m.matches()) {
            throw ForgelineException.usage(option + " " + text + ": not an image reference with its registry", hint);
        }
        String host = m.group("host");
        if (!host.contains(".") && !host.contains(":") && !host.equals("localhost")) {
            throw ForgelineException.usage(option + " " + text + ": names no registry host (" + host
                    + " is read as a repository path, and there is no default registry)", hint);
        }
        if (m.group("tag") == null && m.group("digest") == null) {
            throw ForgelineException.usage(option + " " + text + ": names no tag", hint);
        }
        return new ImageReference(host, m.group("repo"), m.group("tag"), m.group("digest"));
    }

    /** The same repository at another tag. */
    public ImageReference withTag(String otherTag) {
        return new ImageReference(registry, repository, otherTag, null);
    }

    /** What the manifest endpoints take: the digest when there is one, else the tag. */
    public String manifestReference() {
        return digest != null ? digest : tag;
    }

    /** Whether the registry is on this machine, where plain HTTP is allowed. */
    public boolean loopback() {
        String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
                : registry.replaceFirst(":[0-9]+$", "");
        return host.equals("localhost") || host.matches("127(\\.[0-9]{1,3}){3}") || host.equals("[::1]");
    }

    /** {@code http://host:port} for loopback, {@code https://host[:port]} otherwise. */
    public URI base() {
        return URI.create((loopback() ? "http://" : "https://") + registry);
    }

    /** {@code host/repository}: what a cosign signature names as its docker-reference. */
    public String repositoryName() {
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        return repositoryName() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
