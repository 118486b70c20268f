package dev.forgeline.release.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OCI image configuration ({@code application/vnd.oci.image.config.v1+json}): the platform, how the container
 * runs (user, entrypoint, environment, working directory, exposed ports, labels), and the diff ids of the layers with
 * one history entry each. Its creation time is given ({@code SOURCE_DATE_EPOCH}), never the clock.
 *
 * @param layers the layers in order, each with the comment its history entry carries
 */
public record ImageConfig(OciLayout.Platform platform, long created, String user, List<String> entrypoint,
        List<String> env, String workingDir, List<String> exposedPorts, Map<String, String> labels,
        List<Layer> layers) {

    /** A layer as the config names it: its diff id (the uncompressed tar's digest) and what it holds. */
    public record Layer(String diffId, String comment) {}

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        env = List.copyOf(env);
        exposedPorts = List.copyOf(exposedPorts);
        labels = new TreeMap<>(labels);
        layers = List.copyOf(layers);
    }

    /** RFC 3339 in UTC, as the image spec writes times. */
    public static String rfc3339(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }

    public byte[] toJson() {
        ObjectNode node = OciLayout.JSON.createObjectNode();
        node.put("created", rfc3339(created));
        node.put("architecture", platform.architecture());
        node.put("os", platform.os());
        if (platform.variant() != null) {
            node.put("variant", platform.variant());
        }
        ObjectNode config = node.putObject("config");
        config.put("User", user);
        ObjectNode ports = config.putObject("ExposedPorts");
        exposedPorts.forEach(p -> ports.putObject(p));
        ArrayNode envArray = config.putArray("Env");
        env.forEach(envArray::add);
        ArrayNode entry = config.putArray("Entrypoint");
        entrypoint.forEach(entry::add);
        config.put("WorkingDir", workingDir);
        ObjectNode labelNode = config.putObject("Labels");
        labels.forEach(labelNode::put);
        ObjectNode rootfs = node.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        layers.forEach(l -> diffIds.add(l.diffId()));
        ArrayNode history = node.putArray("history");
        for (Layer layer : layers) {
            ObjectNode h = history.addObject();
            h.put("created", rfc3339(created));
            h.put("created_by", "forgeline release");
            h.put("comment", layer.comment());
        }
        return OciLayout.bytes(node);
    }
}
