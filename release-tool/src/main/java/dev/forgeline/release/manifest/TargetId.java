package dev.forgeline.release.manifest;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A target of the release matrix, by its os-maven-plugin classifier ({@code linux-x86_64}): the key of the manifest's
 * target records. Typed, so a target cannot be confused with any other string; written as the bare classifier.
 */
public record TargetId(String classifier) implements Comparable<TargetId> {

    public TargetId {
        Objects.requireNonNull(classifier, "classifier");
        if (classifier.isBlank()) {
            throw new IllegalArgumentException("a target id needs a classifier");
        }
    }

    public static TargetId of(String classifier) {
        return new TargetId(classifier);
    }

    /** The same entries keyed by target id, sorted by classifier. */
    public static <V> SortedMap<TargetId, V> keyed(Map<String, V> byClassifier) {
        SortedMap<TargetId, V> keyed = new TreeMap<>();
        byClassifier.forEach((classifier, value) -> keyed.put(of(classifier), value));
        return keyed;
    }

    @Override
    public int compareTo(TargetId other) {
        return classifier.compareTo(other.classifier);
    }

    /** The classifier: how the manifest writes the key, and how messages name the target. */
    @Override
    public String toString() {
        return classifier;
    }

    /** Reads a manifest's target key back into an id. */
    public static final class Key extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            return new TargetId(key);
        }
    }
}
