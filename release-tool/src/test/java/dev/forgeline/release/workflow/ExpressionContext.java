package dev.forgeline.release.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an expression can see: the contexts ({@code github}, {@code env}, {@code matrix}, {@code needs}, {@code steps},
 * {@code runner}, {@code secrets}, {@code job}), the status the status functions answer, and the workspace
 * {@code hashFiles} reads.
 */
final class ExpressionContext {
    enum Status { SUCCESS, FAILURE, CANCELLED }

    private final ObjectNode contexts;
    private final Status status;
    private final Path workspace;

    ExpressionContext(ObjectNode contexts, Status status, Path workspace) {
        this.contexts = contexts;
        this.status = status;
        this.workspace = workspace;
    }

    static ObjectNode emptyContexts() {
        return JsonNodeFactory.instance.objectNode();
    }

    JsonNode named(String name) {
        JsonNode value = contexts.get(name);
        if (value == null) {
            throw new IllegalArgumentException("unknown context '" + name + "' (known: " + contexts.properties().stream()
                    .map(java.util.Map.Entry::getKey).toList() + ")");
        }
        return value;
    }

    Status status() {
        return status;
    }

    /**
     * GitHub's hashFiles: the SHA-256 of the SHA-256 of each matching file (in path order) under the workspace,
     * empty when nothing matches.
     */
    String hashFiles(List<String> patterns) {
        if (workspace == null) {
            throw new IllegalArgumentException("hashFiles outside a job's steps");
        }
        try (Stream<Path> files = Files.walk(workspace)) {
            // Java's ** needs a directory before the slash; GitHub's **/x also matches x at the top.
            List<PathMatcher> matchers = patterns.stream()
                    .flatMap(p -> p.startsWith("**/") ? Stream.of(p, p.substring(3)) : Stream.of(p))
                    .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
            List<Path> matching = files.filter(Files::isRegularFile)
                    .filter(f -> !workspace.relativize(f).startsWith(".git"))
                    .filter(f -> matchers.stream().anyMatch(m -> m.matches(workspace.relativize(f))))
                    .sorted().toList();
            if (matching.isEmpty()) {
                return "";
            }
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            for (Path file : matching) {
                all.update(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            }
            return HexFormat.of().formatHex(all.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
