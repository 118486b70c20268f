package dev.forgeline.release.common;

import dev.forgeline.release.ForgelineException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Repository URLs as the user writes them, and the schemes forgeline reads from. */
public final class RepositoryUris {
    /** Schemes artifacts are resolved and verified from (HTTP(S) through resolver's HTTP transport). */
    public static final Set<String> READABLE_SCHEMES = Set.of("file", "http", "https");

    private RepositoryUris() {}

    /**
     * Accepts absolute URLs and {@code file:relative/path}, resolved against the working directory.
     *
     * @param option the option that named it, for messages ("--repository")
     */
    public static URI parse(String text, String option) {
        try {
            URI uri = new URI(text);
            if ("file".equals(uri.getScheme()) && uri.isOpaque()) {
                return Path.of(uri.getSchemeSpecificPart()).toAbsolutePath().normalize().toUri();
            }
            if (uri.getScheme() == null) {
                throw ForgelineException.usage(option + " " + text + ": not a URL",
                        "use file:///path/to/repository (or file:relative/path)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw ForgelineException.usage(option + " " + text + ": not a valid URL: " + e.getMessage(),
                    "use file:///path/to/repository");
        }
    }

    /** The URL's scheme in lower case ("" when it has none). */
    public static String scheme(URI repository) {
        return repository.getScheme() == null ? "" : repository.getScheme().toLowerCase(Locale.ROOT);
    }

    /** The URL with a {@code /} at the end of its path, so that a relative file path resolves under it. */
    public static String withTrailingSlash(URI repository) {
        String text = repository.toString();
        return text.endsWith("/") ? text : text + "/";
    }

    /** The URL without the user-info part ({@code user:password@}), for messages. */
    public static String redacted(URI repository) {
        if (repository.getRawUserInfo() == null) {
            return repository.toString();
        }
        return repository.getScheme() + "://***@" + repository.getRawAuthority()
                .substring(repository.getRawAuthority().lastIndexOf('@') + 1)
                + (repository.getRawPath() == null ? "" : repository.getRawPath());
    }

    /** Whether artifacts can be resolved from {@code repository}. */
    public static boolean readable(URI repository) {
        return READABLE_SCHEMES.contains(scheme(repository));
    }
}
